import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../src-main/contracts';
import { rid } from '../support/hall-fixture';
import type { TestSocket } from '../support/hall-fixture';
import { askWithin, closeClusterSockets, connectTo, sql, TestCluster, waitForOwner } from './support/cluster';
import type { PrivatePostgres } from './support/private-postgres';
import { startPrivatePostgres } from './support/private-postgres';

// PostgreSQL itself stops for 10 s (a server of the test's own, so no other test notices). Commands in the
// meantime are answered STORAGE_FAILED, nothing is half written, and the halls come back by themselves.

const HALL = 'demo-county';
type Issued = { ticket: { id: string; number: string } };

describe('PostgreSQL stopped for 10 s under two hall servers', () => {
  let server: PrivatePostgres;
  let database: string;
  let cluster: TestCluster;
  beforeAll(async () => {
    server = await startPrivatePostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE halls');
    await admin.end();
    database = server.url.replace(/\/postgres$/, '/halls');
    cluster = await new TestCluster({ database, size: 2 }).start();
  }, 120_000);
  afterAll(async () => {
    closeClusterSockets();
    await cluster?.stop();
    server?.destroy();
  });

  it('answers STORAGE_FAILED while it is down, writes nothing by halves, and resumes without a restart', async () => {
    const lease = await waitForOwner(database, HALL);
    const o = cluster.indexOf(lease.owner!);
    const kiosks: TestSocket[] = [
      await connectTo(cluster.node(o).url, { hallId: HALL, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' }),
      await connectTo(cluster.node(1 - o).url, { hallId: HALL, deviceId: 'kiosk-2', deviceKey: 'demo-kiosk-2' }),
    ];
    const acknowledged = new Map<string, Ack<Issued>>();
    const issue = async (kiosk: TestSocket, requestId = rid()) => {
      const ack = await askWithin<Issued>(kiosk, 'ticket:issue', { requestId, categoryId: 'B' }, 5000);
      if (ack?.ok) acknowledged.set(requestId, ack);
      return { requestId, ack };
    };
    for (let i = 0; i < 10; i++) expect((await issue(kiosks[i % 2]!)).ack?.ok).toBe(true);

    server.stop();
    const stoppedAt = Date.now();
    const duringOutage: Array<{ requestId: string; ack: Ack<Issued> | null }> = [];
    while (Date.now() - stoppedAt < 10_000) {
      duringOutage.push(await issue(kiosks[duringOutage.length % 2]!));
      await new Promise((r) => setTimeout(r, 300));
    }
    const answered = duringOutage.filter((d) => d.ack !== null);
    expect(answered.length, 'commands are answered during the outage, not left hanging').toBeGreaterThan(duringOutage.length / 2);
    for (const d of answered) expect(d.ack!.ok ? 'ok' : d.ack!.code).toBe('STORAGE_FAILED');

    server.start();
    // Nobody restarts anything: the same clients retry the failed requests until they are accepted.
    const until = Date.now() + 30_000;
    for (const d of duringOutage) {
      let ack: Ack<Issued> | null = null;
      while (!ack?.ok && Date.now() < until) {
        ack = (await issue(kiosks[0]!, d.requestId)).ack;
        if (!ack?.ok) await new Promise((r) => setTimeout(r, 300));
      }
      expect(ack?.ok, `request after the outage: ${JSON.stringify(ack)}`).toBe(true);
    }

    // Nothing half written: the log has no gap, every issue in it has its ticket row and vice versa, and
    // everything acknowledged is there exactly once.
    const seqs = await sql<{ seq: string }>(database, `SELECT seq FROM event_log WHERE hall_id = $1 ORDER BY seq`, [HALL]);
    seqs.forEach((s, i) => expect(Number(s.seq)).toBe(i + 1));
    const issuedEvents = await sql<{ ticket: string }>(database, `SELECT ticket FROM event_log WHERE hall_id = $1 AND type = 'TicketIssued'`, [HALL]);
    const tickets = await sql<{ number: string }>(database, `SELECT number FROM tickets WHERE hall_id = $1`, [HALL]);
    expect(new Set(issuedEvents.map((e) => e.ticket))).toEqual(new Set(tickets.map((t) => t.number)));
    expect(tickets).toHaveLength(10 + duringOutage.length);
    const numbers = [...acknowledged.values()].map((a) => (a.ok ? a.data.ticket.number : ''));
    expect(new Set(numbers).size).toBe(acknowledged.size);
    expect(new Set(tickets.map((t) => t.number))).toEqual(new Set(numbers));
  }, 180_000);
});

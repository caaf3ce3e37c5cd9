import { describe, expect, it } from 'vitest';
import type { Ack } from '../../src-main/contracts';
import type { TestSocket } from '../support/hall-fixture';
import { rid } from '../support/hall-fixture';
import { askWithin, connected, connectTo, leaseOf, sql, waitForOwner } from './support/cluster';
import { clusterPerFile, type Issued } from './support/cluster-per-file';

// kill -9 of the server running the hall while 200 tickets are being issued through the other two.

const HALL = 'demo-county';

describe('kill -9 of the owner during 200 in-flight issues', () => {
  const setup = clusterPerFile({ size: 3 });

  it('loses nothing acknowledged, answers retries with the first answer, and another server goes on numbering', async () => {
    const before = await waitForOwner(setup.db().url, HALL);
    const owner = setup.cluster().indexOf(before.owner!);
    const others = [0, 1, 2].filter((i) => i !== owner);
    const kiosks: TestSocket[] = [
      await connectTo(setup.cluster().node(others[0]!).url, { hallId: HALL, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' }),
      await connectTo(setup.cluster().node(others[1]!).url, { hallId: HALL, deviceId: 'kiosk-2', deviceKey: 'demo-kiosk-2' }),
    ];
    const requests = Array.from({ length: 200 }, (_, i) => ({ requestId: rid(), kiosk: kiosks[i % 2]!, categoryId: 'ABCDE'[i % 5]! }));
    const first = new Map<string, Ack<Issued>>();

    // Issues go out a few at a time; the owner is killed once 50 have been answered.
    let killedAt = 0;
    let loginDuringFailover: Promise<{ status: number; body: Ack<{ token: string }> }> | null = null;
    const inFlight: Array<Promise<void>> = [];
    for (const r of requests) {
      inFlight.push(
        askWithin<Issued>(r.kiosk, 'ticket:issue', { requestId: r.requestId, categoryId: r.categoryId }, 4000).then((ack) => {
          if (ack) first.set(r.requestId, ack);
        }),
      );
      if (first.size >= 50 && killedAt === 0) {
        killedAt = Date.now();
        await setup.cluster().kill(owner);
        // A login sent to a surviving server meanwhile waits for the new owner instead of failing.
        loginDuringFailover = fetch(`${setup.cluster().node(others[0]!).url}/api/halls/${HALL}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'staff03', password: 'demo1234' }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as Ack<{ token: string }> }));
      }
      await new Promise((res) => setTimeout(res, 5));
    }
    await Promise.all(inFlight);
    expect(killedAt, 'the owner was killed while issues were in flight').toBeGreaterThan(0);
    const acknowledged = [...first.entries()].filter(([, a]) => a.ok);
    expect(acknowledged.length).toBeGreaterThanOrEqual(50);
    expect(acknowledged.length, 'some issues were cut off by the kill').toBeLessThan(200);

    // Another server takes the hall over within the lease (3 s by default) and a round.
    const after = await waitForOwner(setup.db().url, HALL, (l) => l.fence > before.fence);
    const takeoverMs = Date.now() - killedAt;
    expect(after.owner).not.toBe(before.owner);
    const login = await loginDuringFailover!;
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    // The target is 5 s (the bench measures it on a quiet machine); here other test files share the cores.
    expect(takeoverMs).toBeLessThanOrEqual(8000);

    // Every request is retried with its own id until answered: the kiosks reconnect by themselves.
    const final = new Map<string, Ack<Issued>>();
    for (const r of requests) {
      for (let attempt = 0; attempt < 20 && !final.has(r.requestId); attempt++) {
        await connected(r.kiosk);
        const ack = await askWithin<Issued>(r.kiosk, 'ticket:issue', { requestId: r.requestId, categoryId: r.categoryId }, 3000);
        if (ack?.ok) final.set(r.requestId, ack);
        else if (ack && ack.code !== 'STORAGE_FAILED' && ack.code !== 'HALL_MOVED') throw new Error(`retry refused: ${JSON.stringify(ack)}`);
      }
      expect(final.has(r.requestId), `request ${r.requestId} never answered after the failover`).toBe(true);
    }
    // A retry of an acknowledged request gets the first answer back, not a second ticket.
    for (const [id, ack] of acknowledged) expect(final.get(id)).toEqual(ack);

    const numbers = [...final.values()].map((a) => (a.ok ? a.data.ticket.id : ''));
    expect(new Set(numbers).size).toBe(200);
    const rows = await sql<{ id: string }>(setup.db().url, `SELECT id FROM tickets WHERE hall_id = $1`, [HALL]);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(numbers));
    const seqs = await sql<{ seq: string }>(setup.db().url, `SELECT seq FROM event_log WHERE hall_id = $1 ORDER BY seq`, [HALL]);
    seqs.forEach((s, i) => expect(Number(s.seq)).toBe(i + 1));

    // Numbering goes on from where the dead server stopped.
    const lastA = Math.max(...numbers.filter((n) => n.includes('/A')).map((n) => Number(n.slice(-3))));
    const next = await askWithin<Issued>(kiosks[0]!, 'ticket:issue', { requestId: rid(), categoryId: 'A' }, 5000);
    expect(next?.ok && Number(next.data.ticket.number.slice(1))).toBe(lastA + 1);
    expect((await leaseOf(setup.db().url, HALL))?.owner).toBe(after.owner);
  }, 120_000);
});

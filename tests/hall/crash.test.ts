import Database from 'better-sqlite3';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack, IssuedTicketView } from '../../src-main/contracts';
import type { TestSocket } from '../support/hall-fixture';
import { DEMO_CONFIG_FILE, tempDir } from '../support/hall-fixture';
import { startServerProcess } from '../support/server-process';

const HALL = 'demo-county';
const CATEGORIES = ['A', 'B', 'C', 'D', 'E'];

function kioskSocket(url: string, n: number): Promise<TestSocket> {
  const device = n % 2 === 0 ? { deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' } : { deviceId: 'kiosk-2', deviceKey: 'demo-kiosk-2' };
  const s: TestSocket = connect(url, { auth: { hallId: HALL, ...device }, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

describe('kill -9 in the middle of 500 concurrent ticket requests', () => {
  const tmp = tempDir('hall-crash-');
  afterAll(() => tmp.cleanup());

  it('keeps every acknowledged ticket with its number; retries after restart issue nothing twice', async () => {
    const dbFile = join(tmp.dir, 'hall.sqlite');
    const args = ['--config', DEMO_CONFIG_FILE, '--data', dbFile];
    const first = await startServerProcess(args);
    // 50 kiosk connections at once, each sending its 10 requests back to back: 500 in all, and at any
    // moment up to 50 in flight, so the kill lands between commits with work still outstanding.
    const sockets = await Promise.all(Array.from({ length: 50 }, (_, i) => kioskSocket(first.url, i)));
    const requests = Array.from({ length: 500 }, (_, i) => ({ requestId: `crash-${i.toString().padStart(4, '0')}-xyz`, categoryId: CATEGORIES[i % 5]!, device: i % 50 }));
    const acked: Array<{ requestId: string; device: number; ticket: IssuedTicketView }> = [];
    const killAfter = 50 + Math.floor(Math.random() * 350);
    let killed = false;

    await Promise.allSettled(
      sockets.map(async (socket, device) => {
        for (const r of requests.filter((x) => x.device === device)) {
          const ack = (await socket.timeout(10_000).emitWithAck('ticket:issue', { requestId: r.requestId, categoryId: r.categoryId })) as Ack<IssuedTicketView>;
          if (!ack.ok) throw new Error(ack.code);
          acked.push({ requestId: r.requestId, device: r.device, ticket: ack.data });
          if (!killed && acked.length >= killAfter) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      }),
    );
    for (const s of sockets) s.disconnect();
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(killAfter);
    expect(acked.length).toBeLessThan(500);

    // Restart on the same file: the server restores the queue from disk.
    const second = await startServerProcess(args);
    try {
      const check = new Database(dbFile, { readonly: true });
      const byToken = check.prepare('SELECT number, state, category_id FROM tickets WHERE token = ?');
      for (const a of acked) {
        expect(byToken.get(a.ticket.token), a.ticket.ticket.number).toMatchObject({ number: a.ticket.ticket.number, state: 'waiting' });
      }
      const stored = check.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number;
      expect(stored).toBeGreaterThanOrEqual(acked.length);

      // The restarted queue holds them all, in the snapshot every screen gets.
      const snap = (await (await fetch(`${second.url}/api/halls/${HALL}/snapshot`)).json()) as { data: { queues: Array<{ waiting: number }> } };
      expect(snap.data.queues.reduce((n, q) => n + q.waiting, 0)).toBe(stored);

      // Kiosks retry everything with the same request ids: acknowledged ones come back unchanged,
      // committed-but-unacknowledged ones too, and only the rest are issued now.
      const again = await Promise.all(Array.from({ length: 50 }, (_, i) => kioskSocket(second.url, i)));
      const retried = await Promise.all(
        requests.map(async (r) => {
          const ack = (await again[r.device]!.timeout(10_000).emitWithAck('ticket:issue', { requestId: r.requestId, categoryId: r.categoryId })) as Ack<IssuedTicketView>;
          if (!ack.ok) throw new Error(`${r.requestId}: ${ack.code}`);
          return { requestId: r.requestId, ticket: ack.data };
        }),
      );
      const retriedById = new Map(retried.map((r) => [r.requestId, r.ticket]));
      for (const a of acked) expect(retriedById.get(a.requestId)!.ticket.number).toBe(a.ticket.ticket.number);
      const total = check.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number;
      expect(total).toBe(500);
      const numbers = check.prepare('SELECT category_id, seq FROM tickets ORDER BY category_id, seq').all() as Array<{ category_id: string; seq: number }>;
      for (const c of CATEGORIES) {
        // Numbers run 1..100 in each category: nothing reused, nothing skipped by the crash.
        expect(numbers.filter((n) => n.category_id === c).map((n) => n.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      }
      const next = (await again[0]!.timeout(10_000).emitWithAck('ticket:issue', { requestId: 'after-crash-next-1', categoryId: 'A' })) as Ack<IssuedTicketView>;
      expect(next).toMatchObject({ ok: true, data: { ticket: { number: 'A101' } } });
      for (const s of again) s.disconnect();
      check.close();
    } finally {
      second.child.kill('SIGTERM');
      const stopped = await second.exited;
      expect(stopped.code).toBe(0);
    }
  }, 90_000);
});

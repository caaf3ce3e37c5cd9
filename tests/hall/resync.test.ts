import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallSnapshot } from '../../src-main/contracts';
import { startHallServer } from '../../src-main/hall/server';
import { ManualClock } from '../support/clock';
import { closeAllSockets, connectDevice, connectSocket, demoConfig, must, nextEvent, rid, startTestServer, tempDir } from '../support/hall-fixture';

describe('clients resync from snapshots', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    closeAllSockets();
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('at local midnight every screen gets a fresh snapshot of the new day', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 15, 58)); // Monday 23:58 in Beijing
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const server = await startHallServer({ configs: [demoConfig()], dbFile: join(tmp.dir, 'h.sqlite'), port: 0, host: '127.0.0.1', clock, tickMs: 50 });
    cleanups.push(() => server.close());
    const fixture = { ...server, hallId: 'demo-county', dbFile: '', stop: server.close };
    const kiosk = await connectDevice(fixture, 'kiosk-1', 'demo-kiosk-1');
    const display = await connectDevice(fixture, 'hall-screen', 'demo-display');
    await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A' });
    expect((await must<HallSnapshot>(display, 'hall:snapshot')).serviceDay).toBe('2026-11-23');

    const fresh = nextEvent<HallSnapshot>(display, 'hall:snapshot', (s) => s.serviceDay === '2026-11-24');
    clock.advance(3 * 60_000); // 00:01 Tuesday in Beijing; 16:01 Monday in UTC
    const snap = await fresh;
    expect(snap.queues.every((q) => q.waiting === 0 && q.issuedToday === 0)).toBe(true);
    const issued = await must<{ ticket: { number: string; serviceDay: string } }>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A' });
    expect(issued.ticket).toEqual(expect.objectContaining({ number: 'A001', serviceDay: '2026-11-24' }));
  });

  it('a hall screen recovers by itself after the server restarts, with the state from disk', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const dbFile = join(tmp.dir, 'h.sqlite');
    const first = await startTestServer({ dbFile });
    const port = first.port;
    const kiosk = await connectDevice(first, 'kiosk-1', 'demo-kiosk-1');
    await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'B' });
    const display = await connectSocket(first.url, { hallId: 'demo-county', deviceId: 'hall-screen', deviceKey: 'demo-display' }, { reconnection: true });
    const seqBefore = (await must<HallSnapshot>(display, 'hall:snapshot')).seq;
    await first.stop();

    const resynced = nextEvent<HallSnapshot>(display, 'hall:snapshot', () => true, 10_000);
    const second = await startHallServer({ configs: [demoConfig()], dbFile, port, host: '127.0.0.1' });
    cleanups.push(() => second.close());
    const snap = await resynced;
    expect(snap.seq).toBe(seqBefore);
    expect(snap.queues.find((q) => q.categoryId === 'B')).toMatchObject({ waiting: 1, nextNumbers: ['B001'] });
  }, 20_000);
});

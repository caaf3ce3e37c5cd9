import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HallService } from '../../src-main/app/hall-service';
import type { Actor } from '../../src-main/app/ports';
import type { HallCommand } from '../../src-main/domain';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { ThreadedHallStore } from '../../src-main/hall/write-side/threaded-hall-store';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import { demoConfig, tempDir } from '../support/hall-fixture';

const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };

describe('the writer thread', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function twoHalls() {
    const tmp = tempDir();
    const file = join(tmp.dir, 'hall.sqlite');
    const db = openDatabase(file);
    const store = new ThreadedHallStore(file);
    cleanups.push(tmp.cleanup, () => void db.close(), () => store.close());
    const clock = new ManualClock(MONDAY_9AM_BEIJING);
    const north = await HallService.open(demoConfig((c) => (c.id = 'north')), store, clock);
    const south = await HallService.open(demoConfig((c) => (c.id = 'south')), store, clock);
    let n = 0;
    const issue = (s: HallService, requestId?: string) =>
      s.execute({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: `t-${++n}-${Math.random().toString(36).slice(2)}` } as HallCommand, kiosk, {
        requestId,
        present: ({ events }) => (events.find((e) => e.type === 'TicketIssued') as { ticket: { number: string } }).ticket.number,
      });
    return { file, db, store, north, south, issue, clock };
  }

  it('writes the queues of several halls, durably, and reads them back after a restart', async () => {
    const h = await twoHalls();
    const answers = await Promise.all([...Array.from({ length: 20 }, () => h.issue(h.north)), ...Array.from({ length: 20 }, () => h.issue(h.south))]);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(answers.filter((a) => a.ok && a.data === 'A020')).toHaveLength(2);
    const reopened = new SqliteHallStore(h.db);
    for (const id of ['north', 'south']) {
      const loaded = reopened.loadHall(id, 20);
      expect(loaded.tickets.map((t) => t.number).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
      expect(reopened.readEvents(id, 0, 100).map((e) => e.event.type).filter((t) => t === 'TicketIssued')).toHaveLength(20);
    }
  });

  it('a hall whose commit fails is answered STORAGE_FAILED and rebuilt from disk; another hall committing with it is not touched', async () => {
    const h = await twoHalls();
    await h.issue(h.north);
    await h.issue(h.south);
    // Sabotage north's next sequence number from another connection: its next commit fails half-way.
    h.db.prepare(`INSERT INTO event_log (hall, seq, at, type, actor_kind, actor_id, data) VALUES ((SELECT no FROM hall_numbers WHERE id = 'north'), ?, 0, 'X', 'system', 'x', '[]')`).run(h.north.seq + 1);
    const [north, south] = await Promise.all([h.issue(h.north), h.issue(h.south)]);
    expect(north).toMatchObject({ ok: false, failure: { code: 'STORAGE_FAILED' } });
    expect(south).toMatchObject({ ok: true, data: 'A002' });
    expect([...h.north.state.tickets.values()].map((t) => t.number)).toEqual(['A001']);
    expect(new SqliteHallStore(h.db).loadHall('south', 20).tickets.map((t) => t.number)).toEqual(['A001', 'A002']);
  });

  it('answers a retried request from its stored answer after the store is opened again', async () => {
    const h = await twoHalls();
    expect(await h.issue(h.north, 'same-request-1')).toMatchObject({ ok: true, data: 'A001', replayed: false });
    await h.store.close();
    const store = new ThreadedHallStore(h.file);
    cleanups.push(() => store.close());
    const north = await HallService.open(demoConfig((c) => (c.id = 'north')), store, h.clock);
    expect(await h.issue(north, 'same-request-1')).toMatchObject({ ok: true, data: 'A001', replayed: true });
  });
});

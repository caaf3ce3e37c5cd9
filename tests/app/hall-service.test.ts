import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src-main/app/ports';
import { HallService } from '../../src-main/app/hall-service';
import type { HallCommand } from '../../src-main/domain';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import { demoConfig, tempDir } from '../support/hall-fixture';

const staff: Actor = { kind: 'staff', id: 'staff01' };
const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
const MINUTE = 60_000;

describe('HallService over a real SQLite file', () => {
  const dirs: Array<() => void> = [];
  afterEach(() => dirs.splice(0).forEach((c) => c()));

  async function openHall(file?: string, clock = new ManualClock(MONDAY_9AM_BEIJING)) {
    let dbFile = file;
    if (!dbFile) {
      const tmp = tempDir();
      dirs.push(tmp.cleanup);
      dbFile = join(tmp.dir, 'hall.sqlite');
    }
    const db = openDatabase(dbFile);
    const store = new SqliteHallStore(db);
    const service = await HallService.open(demoConfig(), store, clock);
    let n = 0;
    const run = (cmd: HallCommand, actor: Actor = staff, requestId?: string) =>
      service.execute(cmd, actor, { requestId, present: ({ events }) => events.map((e) => e.type) });
    const issue = (categoryId: string, extra: object = {}) =>
      run({ type: 'IssueTicket', categoryId, source: 'kiosk', token: `token-${++n}-${Math.random().toString(36).slice(2)}`, ...extra }, kiosk);
    return { db, store, service, clock, run, issue, dbFile };
  }

  it('restores the whole queue after a restart: waiting order, windows, the called ticket, numbering', async () => {
    const a = await openHall();
    await a.run({ type: 'OpenWindow', windowId: 2, staffId: 'staff01' });
    await a.run({ type: 'OpenWindow', windowId: 6, staffId: 'staff06' }, { kind: 'staff', id: 'staff06' });
    for (let i = 0; i < 5; i++) await a.issue('A');
    await a.issue('A', { priorityClass: 'elderly' });
    await a.run({ type: 'CallNext', windowId: 2 }); // A006 (priority)
    await a.run({ type: 'PauseWindow', windowId: 6, reason: '会议' }, { kind: 'staff', id: 'staff06' });
    const before = a.service.state;
    a.db.close();

    const b = await openHall(a.dbFile, a.clock);
    expect([...b.service.state.tickets.values()]).toEqual([...before.tickets.values()]);
    expect([...b.service.state.windows.values()]).toEqual([...before.windows.values()]);
    expect(b.service.seq).toBe(a.service.seq);
    expect(b.service.recentCalls.map((c) => c.ticketId)).toEqual(['2026-11-23/A006']);
    expect(b.service.state.windows.get(2)).toMatchObject({ currentTicketId: '2026-11-23/A006', priorityStreak: 1 });
    expect(b.service.state.windows.get(6)).toMatchObject({ status: 'paused', pauseReason: '会议' });
    await b.run({ type: 'FinishService', windowId: 2, matterId: 'A01' });
    const next = await b.run({ type: 'CallNext', windowId: 2 });
    expect(next.ok).toBe(true);
    expect(b.service.state.windows.get(2)!.currentTicketId).toBe('2026-11-23/A001');
    expect((await b.issue('A')).ok).toBe(true);
    expect(b.service.state.tickets.has('2026-11-23/A007')).toBe(true);
    b.db.close();
  });

  it('writes each change and its event in one transaction: the log and the tables agree', async () => {
    const h = await openHall();
    await h.issue('C', { citizen: { maskedName: '李*', maskedId: '110101********0011', idHash: 'f'.repeat(64) } });
    await h.run({ type: 'OpenWindow', windowId: 6, staffId: 'staff01' });
    await h.run({ type: 'CallNext', windowId: 6 });
    await h.run({ type: 'FinishService', windowId: 6, matterId: 'C01' });
    const events = h.db.prepare('SELECT seq, type, actor_kind, actor_id, data FROM event_log ORDER BY seq').all() as Array<{ seq: number; type: string; actor_kind: string; actor_id: string; data: string }>;
    expect(events.map((e) => e.type)).toEqual(['DayClosed', 'TicketIssued', 'WindowOpened', 'TicketCalled', 'ServiceStarted', 'ServiceFinished']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[1]).toMatchObject({ actor_kind: 'device', actor_id: 'kiosk-1' });
    expect(events[3]).toMatchObject({ actor_kind: 'staff', actor_id: 'staff01' });
    // The log keeps who did what, never the keyed ID hash or the live-page token.
    expect(events[1]!.data).not.toContain('f'.repeat(64));
    expect(events[1]!.data).not.toMatch(/token-1-/);
    expect(h.db.prepare('SELECT citizen_id_hash FROM tickets').pluck().get()).toBe('f'.repeat(64));
    expect(() => h.db.prepare('UPDATE event_log SET type = ? WHERE seq = 1').run('x')).toThrow(/append-only/);
    expect(() => h.db.prepare('DELETE FROM event_log').run()).toThrow(/append-only/);
    h.db.close();
  });

  it('a failed commit changes nothing, answers STORAGE_FAILED, and memory is rebuilt from disk', async () => {
    const h = await openHall();
    await h.issue('A');
    await h.run({ type: 'OpenWindow', windowId: 2, staffId: 'staff01' });
    // Sabotage: the next event sequence number already exists, so the transaction fails half-way.
    h.db.prepare(`INSERT INTO event_log (hall, seq, at, type, actor_kind, actor_id, data) VALUES (1, ?, 0, 'X', 'system', 'x', '[]')`).run(h.service.seq + 3);
    await h.issue('A'); // seq +1
    await h.issue('A'); // seq +2
    const failed = await h.run({ type: 'CallNext', windowId: 2 }); // seq +3 collides
    expect(failed).toMatchObject({ ok: false, failure: { code: 'STORAGE_FAILED' } });
    expect(h.service.state.windows.get(2)!.currentTicketId).toBeNull();
    expect(h.db.prepare(`SELECT state FROM tickets WHERE number = 'A001'`).pluck().get()).toBe('waiting');
    expect([...h.service.state.tickets.values()].every((t) => t.state === 'waiting')).toBe(true);
    h.db.close();
  });

  it('a retried request id returns the first result, even after a restart', async () => {
    const a = await openHall();
    const first = await a.run({ type: 'IssueTicket', categoryId: 'B', source: 'kiosk', token: 'tok-aaaaaaaaaaaaaaaaaaaa' }, kiosk, 'request-0001');
    a.db.close();
    const b = await openHall(a.dbFile, a.clock);
    const again = await b.run({ type: 'IssueTicket', categoryId: 'B', source: 'kiosk', token: 'tok-bbbbbbbbbbbbbbbbbbbb' }, kiosk, 'request-0001');
    expect(again).toEqual({ ...first, replayed: true });
    expect(b.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(1);
    b.db.close();
  });

  it('closes the day at midnight in Asia/Shanghai (16:00 UTC) and numbers start again', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 15, 50)); // Monday 23:50 Beijing
    const h = await openHall(undefined, clock);
    await h.issue('A');
    await h.issue('A');
    clock.advance(9 * MINUTE); // 23:59
    await h.service.rolloverIfDue();
    expect(h.service.state.serviceDay).toBe('2026-11-23');
    clock.advance(2 * MINUTE); // Tuesday 00:01 Beijing, still Monday in UTC
    await h.service.rolloverIfDue();
    expect(h.service.state.serviceDay).toBe('2026-11-24');
    expect(h.db.prepare(`SELECT state FROM tickets WHERE service_day = '2026-11-23'`).pluck().all()).toEqual(['expired', 'expired']);
    await h.issue('A');
    expect(h.db.prepare(`SELECT id FROM tickets WHERE service_day = '2026-11-24'`).pluck().all()).toEqual(['2026-11-24/A001']);
    h.db.close();
    // A restart the next morning loads only the new day.
    const again = await openHall(h.dbFile, clock);
    expect([...again.service.state.tickets.keys()]).toEqual(['2026-11-24/A001']);
    again.db.close();
  });

  it('restarting on a later day closes the day that was left open', async () => {
    const clock = new ManualClock(MONDAY_9AM_BEIJING);
    const a = await openHall(undefined, clock);
    await a.issue('E');
    a.db.close();
    clock.advance(24 * 60 * MINUTE);
    const b = await openHall(a.dbFile, clock);
    expect(b.service.state.serviceDay).toBe('2026-11-24');
    expect(b.db.prepare(`SELECT state FROM tickets`).pluck().all()).toEqual(['expired']);
    b.db.close();
  });

  it('commands that arrive together share one durable transaction, each answered after it', async () => {
    const h = await openHall();
    let commits = 0;
    const realCommit = h.store.commit.bind(h.store);
    h.store.commit = (batch) => {
      commits++;
      return realCommit(batch);
    };
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => h.issue(['A', 'B', 'C'][i % 3]!)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(commits).toBeLessThan(5);
    expect(h.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(60);
    h.db.close();
  });

  it('when a shared transaction fails, every command in it fails, even one that looked refused or replayed', async () => {
    const h = await openHall();
    await h.run({ type: 'OpenWindow', windowId: 2, staffId: 'staff01' });
    await h.issue('A');
    h.store.commit = () => {
      throw new Error('disk full');
    };
    const [call, second, replay] = await Promise.all([
      h.run({ type: 'CallNext', windowId: 2 }, staff, 'call-000001'),
      h.run({ type: 'CallNext', windowId: 2 }), // would be WINDOW_BUSY after the first
      h.run({ type: 'CallNext', windowId: 2 }, staff, 'call-000001'), // replay of the first, inside the batch
    ]);
    for (const r of [call, second, replay]) expect(r).toMatchObject({ ok: false, failure: { code: 'STORAGE_FAILED' } });
    expect(h.service.state.windows.get(2)!.currentTicketId).toBeNull();
    expect(String(h.service.lastError)).toMatch(/disk full/);
    h.db.close();
  });
});

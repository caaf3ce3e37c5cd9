import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HallService } from '../../src-main/app/hall-service';
import type { Actor, StoredEvent } from '../../src-main/app/ports';
import { hallConfigSchema } from '../../src-main/contracts';
import type { HallEvent } from '../../src-main/domain';
import { maskIdNumber } from '../../src-main/domain';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { migrate, openDatabase, SCHEMA_VERSION, SqliteHallStore } from '../../src-main/storage/sqlite';
import { decodeEvent, encodeEvent, loggable } from '../../src-main/storage/sqlite/event-codec';
import { benchHallConfig } from '../../bench/bench-config';
import { simulateHistory } from '../../scripts/hall-history/simulate-history';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import { demoConfig, tempDir } from '../support/hall-fixture';

const HOUR = 3_600_000;
const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };

/** Two busy days of a 12-window hall, with every event as it was committed. */
async function twoDays(dbFile: string) {
  const config = hallConfigSchema.parse(benchHallConfig(12, 1, 'scrypt$x'));
  const db = openDatabase(dbFile);
  const clock = new ManualClock(zonedEpoch('2026-11-23', 8 * 60, config.timeZone));
  const service = await HallService.open(config, new SqliteHallStore(db), clock);
  const committed: StoredEvent[] = [];
  service.onCommit((c) => committed.push(...c.events));
  await simulateHistory(service, clock, { firstDay: '2026-11-23', days: 2, visitorsPerDay: 300, seed: 7 });
  await service.drain();
  return { db, service, clock, committed, config };
}

describe('the compact event log', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const tmp = () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };

  it('reads back every event exactly as it was committed (less the secrets the log never keeps)', async () => {
    const { db, committed, config } = await twoDays(join(tmp(), 'hall.sqlite'));
    const types = new Set(committed.map((s) => s.event.type));
    expect([...types]).toEqual(expect.arrayContaining(['TicketIssued', 'TicketCalled', 'TicketRecalled', 'ServiceStarted', 'ServiceFinished', 'TicketMissed', 'ServiceRated', 'WindowPaused', 'DayClosed']));
    // The first event (the hall's first day opening) was written while the service opened, before the listener.
    const read = new SqliteHallStore(db).readEvents(config.id, committed[0]!.seq - 1, 1_000_000);
    expect(read.map((s) => s.seq)).toEqual(committed.map((s) => s.seq));
    expect(read.map((s) => s.event)).toEqual(committed.map((s) => loggable(s.event)));
    expect(read.map((s) => s.actor)).toEqual(committed.map((s) => s.actor));
    db.close();
  });

  it('stores a ticket event in a fraction of its plain JSON, and names the ticket for the audit trail', () => {
    const issued: HallEvent = {
      type: 'TicketIssued',
      at: MONDAY_9AM_BEIJING,
      ticket: {
        hallId: 'h', id: '2026-11-23/A017', serviceDay: '2026-11-23', categoryId: 'A', issuedCategoryId: 'A', seq: 17, number: 'A017', matterId: 'A01',
        source: 'kiosk', priorityClass: null, appointment: null, citizen: { maskedName: '张*', maskedId: '4301**********123X', idHash: '' }, token: '',
        state: 'waiting', queueKey: 17, issuedAt: MONDAY_9AM_BEIJING, callCount: 0, calledAt: null, windowId: null, targetWindowId: null, servingAt: null,
        finishedAt: null, missedAt: null, closedAt: null, matterHandled: null, staffId: null, transferCount: 0, rating: null, contactMobile: null,
      },
    };
    const e = encodeEvent(issued);
    expect(e).toMatchObject({ type: 'TicketIssued', ticket: 'A017' });
    expect(e.data.length).toBeLessThan(JSON.stringify(issued).length / 4);
    expect(decodeEvent('h', e.type, e.at, e.data)).toEqual(issued);
    const called: HallEvent = { type: 'TicketCalled', at: 5, ticketId: '2026-11-23/A017', windowId: 3, staffId: 's3', callCount: 1, priorityStreak: 0, how: 'next' };
    expect(encodeEvent(called)).toEqual({ type: 'TicketCalled', at: 5, ticket: 'A017', data: '["2026-11-23/A017",3,"s3",1,0,"next"]' });
    expect(decodeEvent('h', 'TicketCalled', 5, '["2026-11-23/A017",3,"s3",1,0,"next"]')).toEqual(called);
    expect(() => decodeEvent('h', 'NoSuchEvent', 5, '[]')).toThrow(/unknown event type "NoSuchEvent"/);
  });

  it('migrates a database written before the compact log: same events, recent answers kept, the old table gone', async () => {
    const source = await twoDays(join(tmp(), 'source.sqlite'));
    source.db.close();
    // The same history in the old layout: plain JSON events with their answers in the row.
    const oldFile = join(tmp(), 'old.sqlite');
    const old = new Database(oldFile);
    old.pragma('journal_mode = WAL');
    migrate(old, 5);
    const insert = old.prepare(`INSERT INTO events (hall_id, seq, at, type, actor_kind, actor_id, request_id, data, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const lastAt = source.committed.at(-1)!.at;
    old.transaction(() => {
      for (const s of source.committed) {
        const answered = s.seq % 3 === 0;
        insert.run(s.hallId, s.seq, s.at, s.event.type, s.actor.kind, s.actor.id, answered ? `r${s.seq}` : null, JSON.stringify(loggable(s.event)), answered ? JSON.stringify({ n: s.seq }) : null);
      }
    })();
    old.close();

    const db = openDatabase(oldFile);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'events'`).pluck().get()).toBe(0);
    const read = new SqliteHallStore(db).readEvents(source.config.id, source.committed[0]!.seq - 1, 1_000_000);
    // Migration 7 narrows the ID masks (first and last character); everything else is as it was written.
    const narrowed = (e: HallEvent): HallEvent =>
      e.type === 'TicketIssued' && e.ticket.citizen
        ? { ...e, ticket: { ...e.ticket, citizen: { ...e.ticket.citizen, maskedId: maskIdNumber(e.ticket.citizen.maskedId) } } }
        : e.type === 'BookingMade'
          ? { ...e, booking: { ...e.booking, maskedId: maskIdNumber(e.booking.maskedId) } }
          : e;
    expect(read.map((s) => s.event)).toEqual(source.committed.map((s) => narrowed(loggable(s.event))));
    const kept = new SqliteHallStore(db).loadRecentRequests(source.config.id, 0);
    const expected = source.committed.filter((s) => s.seq % 3 === 0 && s.at >= lastAt - 6 * HOUR);
    expect(kept.map((r) => r.requestId)).toEqual(expected.map((s) => `r${s.seq}`));
    expect(kept[0]).toMatchObject({ actorKey: `${expected[0]!.actor.kind}:${expected[0]!.actor.id}`, command: '', result: { n: expected[0]!.seq } });
    // The service opens on it and goes on numbering where the old log ended (this copy has only the log, so
    // it opens a new day first).
    const clock = new ManualClock(source.clock.now());
    const service = await HallService.open(source.config, new SqliteHallStore(db), clock);
    const all = new SqliteHallStore(db).readEvents(source.config.id, 0, 1_000_000);
    const first = source.committed[0]!.seq;
    expect(all.map((s) => s.seq)).toEqual(Array.from({ length: service.seq - first + 1 }, (_, i) => first + i));
    expect(service.seq).toBeGreaterThan(source.committed.at(-1)!.seq);
    db.close();
  });

  it('answers a retry from the stored answer for six hours, across a restart, then forgets it; another command with the same id is refused', async () => {
    const file = join(tmp(), 'hall.sqlite');
    const clock = new ManualClock(MONDAY_9AM_BEIJING);
    const open = async () => {
      const db = openDatabase(file);
      const service = await HallService.open(demoConfig(), new SqliteHallStore(db), clock);
      return { db, service };
    };
    const issue = (s: HallService, requestId: string) =>
      s.execute({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: `t-${requestId}-${Math.random()}` }, kiosk, {
        requestId,
        present: ({ events }) => (events.find((e) => e.type === 'TicketIssued') as { ticket: { number: string } }).ticket.number,
      });
    let h = await open();
    expect(await issue(h.service, 'req-1')).toMatchObject({ ok: true, data: 'A001', replayed: false });
    h.db.close();
    clock.advance(5 * HOUR);
    h = await open();
    expect(await issue(h.service, 'req-1')).toMatchObject({ ok: true, data: 'A001', replayed: true });
    const reused = await h.service.execute({ type: 'CancelTicket', number: 'A001' }, kiosk, { requestId: 'req-1', present: () => null });
    expect(reused).toMatchObject({ ok: false, failure: { code: 'REQUEST_ID_REUSED' } });
    expect(h.service.state.tickets.get('2026-11-23/A001')!.state).toBe('waiting');
    clock.advance(2 * HOUR);
    await issue(h.service, 'req-2'); // a commit a minute or more later deletes what has expired
    expect(h.db.prepare(`SELECT request_id FROM request_results`).pluck().all()).toEqual(['req-2']);
    h.db.close();
    h = await open();
    expect(await issue(h.service, 'req-1')).toMatchObject({ ok: true, data: 'A003', replayed: false });
    h.db.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallService } from '../../../src-main/app/hall-service';
import { hashIdNumber } from '../../../src-main/app/identity';
import type { Actor, StoredEvent } from '../../../src-main/app/ports';
import type { PresentInput } from '../../../src-main/app/hall-service';
import { hallConfigSchema } from '../../../src-main/contracts';
import type { HallCommand, HallEvent } from '../../../src-main/domain';
import { zonedEpoch } from '../../../src-main/domain/booking/zoned-time';
import type { PgDb } from '../../../src-main/storage/postgres';
import { PgEventLogReader, PgHallStore } from '../../../src-main/storage/postgres';
import { openDatabase, SqliteHallStore } from '../../../src-main/storage/sqlite';
import { loggable } from '../../../src-main/storage/sqlite/event-codec';
import { EventLogReader } from '../../../src-main/storage/sqlite/event-log-reader';
import { benchHallConfig } from '../../../bench/bench-config';
import { simulateHistory } from '../../../scripts/hall-history/simulate-history';
import { ManualClock, MONDAY_9AM_BEIJING } from '../../support/clock';
import { demoConfig } from '../../support/hall-fixture';
import { freshStore, grantLease, TeeHallStore, TestFences } from './pg-fixtures';

// The same batches written to SQLite and to PostgreSQL read back the same: the hall as loaded at start, the
// log, and the answers kept for retries (with their tokens and codes restored from the rows).

const HOUR = 3_600_000;
const bj = (day: string, hhmm: string) => zonedEpoch(day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), 'Asia/Shanghai');

describe('PgHallStore reads back what SqliteHallStore reads back', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let db: PgDb;
  const fences = new TestFences({ 'bench-hall': 1, 'demo-county': 1 });

  beforeAll(async () => {
    store = await freshStore();
    db = store.db;
    await grantLease(db, 'bench-hall');
    await grantLease(db, 'demo-county');
  });
  afterAll(() => store.close());

  /** Everything a hall server reads from its store, from both stores (PostgreSQL through a new instance: no caches). */
  async function both(sqlite: SqliteHallStore, hallId: string, samples: number, bookingsSince?: string, rateableSince?: string) {
    const pgStore = new PgHallStore(db, fences);
    const read = async (s: SqliteHallStore | PgHallStore) => ({
      hall: await s.loadHall(hallId, samples, bookingsSince, rateableSince),
      events: await s.readEvents(hallId, 0, 1_000_000),
      page: await s.readEvents(hallId, 100, 250),
      requests: await s.loadRecentRequests(hallId, 0),
    });
    return { sqlite: await read(sqlite), pg: await read(pgStore) };
  }

  it('two busy days of a 12-window hall: loadHall, readEvents and loadRecentRequests are equal', async () => {
    const config = hallConfigSchema.parse(benchHallConfig(12, 1, 'scrypt$x'));
    const sqliteDb = openDatabase(':memory:');
    const sqlite = new SqliteHallStore(sqliteDb);
    const tee = new TeeHallStore(sqlite, new PgHallStore(db, fences));
    const clock = new ManualClock(zonedEpoch('2026-11-23', 8 * 60, config.timeZone));
    const service = await HallService.open(config, tee, clock);
    const committed: StoredEvent[] = [];
    service.onCommit((c) => committed.push(...c.events));
    await simulateHistory(service, clock, { firstDay: '2026-11-23', days: 2, visitorsPerDay: 300, seed: 7 });
    await service.drain();
    expect(tee.commits).toBeGreaterThan(1000);

    const got = await both(sqlite, config.id, config.queue.serviceSamples);
    expect(got.pg.events.length).toBeGreaterThan(2000);
    expect(got.pg.events).toEqual(got.sqlite.events);
    expect(got.pg.events.slice(1).map((s) => s.event)).toEqual(committed.map((s) => loggable(s.event)));
    expect(got.pg.page).toEqual(got.sqlite.page);
    expect(got.pg.hall.tickets.length).toBeGreaterThan(0);
    expect(got.pg.hall).toEqual(got.sqlite.hall);
    expect(got.pg.requests.length).toBeGreaterThan(100);
    expect(got.pg.requests).toEqual(got.sqlite.requests);
    // Few samples: the log's tail is cut at the same place.
    const few = await both(sqlite, config.id, 2);
    expect(few.pg.hall).toEqual(few.sqlite.hall);
    // The projector's reader.
    const reader = new PgEventLogReader(db);
    expect(await reader.read(config.id, 500, 100)).toEqual(new EventLogReader(sqliteDb).read(config.id, 500, 100));
    expect(await reader.lastSeq(config.id)).toBe(new EventLogReader(sqliteDb).lastSeq(config.id));
    expect(await reader.lastSeq('no-such-hall')).toBe(0);
    expect(await reader.read('no-such-hall', 0, 10)).toEqual([]);
    sqliteDb.close();
  }, 120_000);

  it('bookings, remote tickets and check-ins: the same rows, and retried answers get their tokens and codes back', async () => {
    const office = { periods: [['09:00', '12:00'], ['14:00', '17:00']] as [string, string][], lastTicket: '16:30' };
    const config = demoConfig((c) => {
      c.openingHours = { mon: office, tue: office, wed: office, thu: office, fri: office, sat: { periods: [] }, sun: { periods: [] } };
    });
    const sqliteDb = openDatabase(':memory:');
    const sqlite = new SqliteHallStore(sqliteDb);
    const clock = new ManualClock(bj('2026-11-23', '09:05'));
    const service = await HallService.open(config, new TeeHallStore(sqlite, new PgHallStore(db, fences)), clock);
    const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
    // Answers shaped as the hall's views are (IssuedTicketView, BookingView): request-results.ts keeps
    // references instead of their tokens and codes.
    const ticketAnswer = ({ events }: PresentInput) => {
      const t = (events.find((e) => e.type === 'TicketIssued') as Extract<HallEvent, { type: 'TicketIssued' }>).ticket;
      return { ticket: { id: t.id, number: t.number }, token: t.token, liveUrl: `https://hall.example/t/${t.token}` };
    };
    const bookingAnswer = (token: string, code: string) => ({ events }: PresentInput) => {
      const issued = events.find((e) => e.type === 'TicketIssued') as Extract<HallEvent, { type: 'TicketIssued' }> | undefined;
      return { code, token, pageUrl: `https://hall.example/b/${token}`, ticketNumber: issued?.ticket.number ?? null, ticketToken: issued?.ticket.token ?? null };
    };
    const run = async (cmd: HallCommand, actor: Actor, requestId: string, present: (i: PresentInput) => unknown) => {
      const out = await service.execute(cmd, actor, { requestId, present });
      expect(out).toMatchObject({ ok: true });
    };
    for (let i = 0; i < 6; i++) {
      const idHash = hashIdNumber(`11010119800101${String(1000 + i)}`, 'test-key');
      const citizen = { maskedName: '张*', maskedId: '1****************0', idHash };
      const actor: Actor = { kind: 'citizen', id: `c-${i}` };
      if (i % 2 === 0) {
        const token = `btoken-${i}-xxxxxxxxxxxxxxxx`;
        const code = String(400000 + i);
        await run({ type: 'MakeBooking', bookingId: `booking-${i}`, code, token, categoryId: 'C', slotStart: bj('2026-11-23', '10:00'), citizen, mobile: '13800138000' }, actor, `book-${i}`, bookingAnswer(token, code));
      } else {
        await run({ type: 'IssueTicket', categoryId: 'A', source: 'remote', citizen, contactMobile: '13900139000', token: `t-${i}-xxxxxxxxxxxxxxxxxxx` }, actor, `remote-${i}`, ticketAnswer);
      }
    }
    await run({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: 'kiosk-token-xxxxxxxxxxxxxx' }, kiosk, 'kiosk-1', ticketAnswer);
    await run({ type: 'CancelBooking', bookingId: 'booking-4' }, { kind: 'citizen', id: 'booking-4' }, 'cancel-4', () => null);
    clock.t = bj('2026-11-23', '09:45');
    await run({ type: 'CheckInBooking', by: { code: '400002' }, token: 'checkin-token-xxxxxxxxxxxx' }, kiosk, 'checkin-2', bookingAnswer('btoken-2-xxxxxxxxxxxxxxxx', '400002'));
    await service.drain();

    const got = await both(sqlite, config.id, config.queue.serviceSamples, '2026-11-01');
    expect(got.pg.hall.bookings).toHaveLength(3);
    expect(got.pg.hall).toEqual(got.sqlite.hall);
    expect(got.pg.events).toEqual(got.sqlite.events);
    expect(got.pg.requests).toEqual(got.sqlite.requests);
    // The secrets really came back from the rows (they were not in the stored answer).
    const booked = got.pg.requests.find((r) => r.requestId === 'book-0')!.result as Record<string, unknown>;
    expect(booked).toMatchObject({ code: '400000', token: 'btoken-0-xxxxxxxxxxxxxxxx', pageUrl: 'https://hall.example/b/btoken-0-xxxxxxxxxxxxxxxx' });
    const remote = got.pg.requests.find((r) => r.requestId === 'remote-1')!.result as Record<string, unknown>;
    expect(remote).toMatchObject({ token: 't-1-xxxxxxxxxxxxxxxxxxx', liveUrl: 'https://hall.example/t/t-1-xxxxxxxxxxxxxxxxxxx' });
    const stored = await db.pool.query<{ result: string }>(`SELECT result FROM request_results WHERE request_id IN ('book-0', 'remote-1')`);
    expect(stored.rows).toHaveLength(2);
    expect(stored.rows.map((r) => r.result).join()).not.toMatch(/btoken-0|t-1-x|400000/);
    // Only the bookings from the given day on.
    const later = await both(sqlite, config.id, 5, '2026-11-24');
    expect(later.pg.hall.bookings).toEqual([]);
    expect(later.pg.hall).toEqual(later.sqlite.hall);
    sqliteDb.close();
  });

  it('an unknown hall loads empty, as in SQLite', async () => {
    const sqliteDb = openDatabase(':memory:');
    const got = await both(new SqliteHallStore(sqliteDb), 'nowhere', 10);
    expect(got.pg).toEqual(got.sqlite);
    sqliteDb.close();
  });
});

describe('PgHallStore alone: retries across a restart, answers forgotten after six hours', () => {
  it('answers a retry from the stored answer across a restart, refuses the id for another command, then forgets it', async () => {
    const store = await freshStore();
    try {
      const fences = new TestFences({ 'demo-county': 3 });
      await grantLease(store.db, 'demo-county', 3);
      const clock = new ManualClock(MONDAY_9AM_BEIJING);
      const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
      const open = () => HallService.open(demoConfig(), new PgHallStore(store.db, fences), clock);
      const issue = (s: HallService, requestId: string) =>
        s.execute({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: `t-${requestId}-${Math.random()}` }, kiosk, {
          requestId,
          present: ({ events }) => (events.find((e) => e.type === 'TicketIssued') as { ticket: { number: string } }).ticket.number,
        });
      let service = await open();
      expect(await issue(service, 'req-1')).toMatchObject({ ok: true, data: 'A001', replayed: false });
      clock.advance(5 * HOUR);
      service = await open();
      expect(await issue(service, 'req-1')).toMatchObject({ ok: true, data: 'A001', replayed: true });
      const reused = await service.execute({ type: 'CancelTicket', number: 'A001' }, kiosk, { requestId: 'req-1', present: () => null });
      expect(reused).toMatchObject({ ok: false, failure: { code: 'REQUEST_ID_REUSED' } });
      clock.advance(2 * HOUR);
      await issue(service, 'req-2'); // a commit a minute or more later deletes what has expired
      expect((await store.db.pool.query(`SELECT request_id FROM request_results`)).rows.map((r) => r.request_id)).toEqual(['req-2']);
      service = await open();
      expect(await issue(service, 'req-1')).toMatchObject({ ok: true, data: 'A003', replayed: false });
    } finally {
      await store.close();
    }
  });

});

describe('PgHallStore and 好差评: ratings, cases and rateable tickets read back as SQLite reads them', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let db: PgDb;
  const fences = new TestFences({ 'demo-county': 1 });

  beforeAll(async () => {
    store = await freshStore();
    db = store.db;
    await grantLease(db, 'demo-county');
  });
  afterAll(() => store.close());

  async function both(sqlite: SqliteHallStore, hallId: string, samples: number, bookingsSince?: string, rateableSince?: string) {
    const pgStore = new PgHallStore(db, fences);
    const read = async (s: SqliteHallStore | PgHallStore) => ({ hall: await s.loadHall(hallId, samples, bookingsSince, rateableSince), events: await s.readEvents(hallId, 0, 1_000_000) });
    return { sqlite: await read(sqlite), pg: await read(pgStore) };
  }

  it('ratings and bad-rating cases: the same case rows (full mobile in the row, masked in the log) and the same rateable tickets after a day closes', async () => {
    const config = demoConfig();
    const sqliteDb = openDatabase(':memory:');
    const sqlite = new SqliteHallStore(sqliteDb);
    const clock = new ManualClock(bj('2026-11-23', '15:00'));
    const service = await HallService.open(config, new TeeHallStore(sqlite, new PgHallStore(db, fences)), clock);
    const staff: Actor = { kind: 'staff', id: 'staff06' };
    const ok = async (cmd: HallCommand, actor: Actor = staff) => expect(await service.execute(cmd, actor, { present: () => null })).toMatchObject({ ok: true });
    await ok({ type: 'OpenWindow', windowId: 6, staffId: 'staff06' });
    const served: string[] = [];
    for (let i = 0; i < 3; i++) {
      await ok({ type: 'IssueTicket', categoryId: 'C', source: 'kiosk', token: `tok-${i}-xxxxxxxxxxxxxxxxx` }, { kind: 'device', id: 'kiosk-1' });
      await ok({ type: 'CallNext', windowId: 6 });
      clock.advance(60_000);
      await ok({ type: 'FinishService', windowId: 6, matterId: 'C02' });
      served.push([...service.state.tickets.values()].find((t) => t.windowId === 6 && t.state === 'finished' && !served.includes(t.id))!.id);
    }
    const screen: Actor = { kind: 'device', id: 'window-screen-6' };
    await ok({ type: 'RateService', windowId: 6, ticketId: served[0]!, level: 'very-dissatisfied', reasons: ['服务态度差'], mobile: '13800138000' }, screen);
    await ok({ type: 'RateService', windowId: 6, ticketId: served[1]!, level: 'dissatisfied' }, screen);
    await ok({ type: 'VerifyCase', caseId: served[0]!, by: { username: 'staff06', role: 'staff' }, note: '已核实' });
    // The next morning the day closes: the third ticket, unrated, may still be rated from the phone.
    clock.t = bj('2026-11-24', '09:00');
    await ok({ type: 'CloseDay' }, { kind: 'system', id: 'hall' });
    await service.drain();

    const got = await both(sqlite, config.id, config.queue.serviceSamples, undefined, '2026-11-21');
    expect(got.pg.hall.cases).toEqual(got.sqlite.hall.cases);
    expect(got.pg.hall.cases!.map((c) => [c.id, c.state, c.mobile])).toEqual([
      [served[0], 'rectifying', '13800138000'],
      [served[1], 'verifying', null],
    ]);
    expect(got.pg.hall.rateable!.map((t) => t.id)).toEqual([served[2]]);
    expect(got.pg.hall.rateable).toEqual(got.sqlite.hall.rateable);
    expect(got.pg.events).toEqual(got.sqlite.events);
    const opened = got.pg.events.find((s) => s.event.type === 'CaseOpened' && s.event.case.id === served[0]);
    expect(opened!.event).toMatchObject({ case: { mobile: '138****8000' } });
    const rated = (await db.pool.query(`SELECT rating_channel, rating_real_name FROM tickets WHERE hall_id = $1 AND id = $2`, [config.id, served[0]])).rows[0];
    expect(rated).toEqual({ rating_channel: 'window', rating_real_name: 1 });
    sqliteDb.close();
  }, 60_000);
});

import type { CommitBatch, HallStore, LoadedHall, StoredEvent, StoredRequest } from '../../app/ports';
import { REQUEST_MEMORY_MS } from '../../app/ports';
import { encodeEvent, loggable } from './event-codec';
import { EventLogReader } from './event-log-reader';
import { HallNumbers } from './hall-numbers';
import { keptResult, restoredResult } from './request-results';
import type { Db } from './open-database';
import type { BookingRow } from './booking-rows';
import { BOOKING_COLUMNS, bookingToRow, rowToBooking } from './booking-rows';
import type { TicketRow, WindowRow } from './ticket-rows';
import { rowToTicket, rowToWindow, ticketToRow, windowToRow } from './ticket-rows';
import type { CaseRow } from '../rows/case-rows';
import { CASE_COLUMNS, CASE_UPDATE_COLUMNS, caseToRow, rowToCase } from '../rows/case-rows';
import type { LogTailRow } from '../rows/log-tail';
import { LOG_TAIL_TYPES, logTailLimit, recentFromLogTail } from '../rows/log-tail';



const HOUR_MS = 3_600_000;
/** Expired request answers are deleted at most this often (inside a commit: no transaction of its own). */
const EXPIRY_EVERY_MS = 60_000;

export class SqliteHallStore implements HallStore {
  private readonly insertEvent;
  private readonly insertResult;
  private readonly expireResults;
  private readonly markHour;
  private readonly insertBooking;
  private readonly updateBooking;
  private readonly insertTicket;
  private readonly updateTicket;
  private readonly insertWindow;
  private readonly updateWindow;
  private readonly upsertHall;
  private readonly insertCase;
  private readonly updateCase;
  private readonly commitTx;
  private readonly mutableColumns: Array<keyof TicketRow>;
  private readonly serviceDays = new Map<string, string | null>();
  private pendingDay: [string, string | null] | null = null;
  private readonly numbers: HallNumbers;
  private lastExpiry = 0;
  private readonly reader: EventLogReader;

  constructor(private readonly db: Db) {
    this.numbers = new HallNumbers(db);
    this.reader = new EventLogReader(db);
    this.insertEvent = db.prepare(`INSERT INTO event_log (hall, seq, at, type, actor_kind, actor_id, ticket, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertResult = db.prepare(`INSERT INTO request_results (hall, actor, request_id, at, seq, command, result) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    // Rows are in time order, so the expired ones are a prefix: find where it ends, delete up to there.
    this.expireResults = db.prepare(
      `DELETE FROM request_results WHERE id < COALESCE((SELECT id FROM request_results WHERE at >= ? ORDER BY id LIMIT 1), (SELECT MAX(id) + 1 FROM request_results))`,
    );
    this.markHour = db.prepare(
      `INSERT INTO event_hours (hall, hour, first_seq, last_seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (hall, hour) DO UPDATE SET first_seq = MIN(first_seq, excluded.first_seq), last_seq = MAX(last_seq, excluded.last_seq)`,
    );
    const ticketColumns = Object.keys(ticketToRow(SAMPLE_TICKET));
    // What a ticket's life changes after it is issued; the rest is written once, by the insert. Fewer
    // parameters to bind per update showed in the throughput benchmark.
    const mutable = ticketColumns.filter((c) => !IMMUTABLE_TICKET_COLUMNS.has(c));
    // Positional parameters (binding 30 named ones per row showed up in profiles), and a plain UPDATE for
    // the common case of a ticket that already exists.
    this.insertTicket = db.prepare(`INSERT INTO tickets (${ticketColumns.join(', ')}) VALUES (${ticketColumns.map(() => '?').join(', ')})`);
    this.updateTicket = db.prepare(`UPDATE tickets SET ${mutable.map((c) => `${c} = ?`).join(', ')} WHERE hall_id = ? AND id = ?`);
    this.mutableColumns = mutable as Array<keyof TicketRow>;
    this.insertBooking = db.prepare(`INSERT INTO bookings (${BOOKING_COLUMNS.join(', ')}) VALUES (${BOOKING_COLUMNS.map(() => '?').join(', ')})`);
    this.updateBooking = db.prepare(`UPDATE bookings SET ${BOOKING_COLUMNS.slice(2).map((c) => `${c} = ?`).join(', ')} WHERE hall_id = ? AND id = ?`);
    this.insertWindow = db.prepare(
      `INSERT INTO windows (status, staff_id, current_ticket_id, pause_reason, paused_at, opened_at, priority_streak, hall_id, id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateWindow = db.prepare(
      `UPDATE windows SET status = ?, staff_id = ?, current_ticket_id = ?, pause_reason = ?, paused_at = ?, opened_at = ?,
         priority_streak = ? WHERE hall_id = ? AND id = ?`,
    );
    this.upsertHall = db.prepare(
      `INSERT INTO halls (id, service_day, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET service_day = excluded.service_day, updated_at = excluded.updated_at
       WHERE halls.service_day IS NOT excluded.service_day`,
    );
    this.insertCase = db.prepare(`INSERT INTO rating_cases (${CASE_COLUMNS.join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})`);
    this.updateCase = db.prepare(`UPDATE rating_cases SET ${CASE_UPDATE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE hall_id = ? AND id = ?`);
    this.commitTx = db.transaction((batch: CommitBatch) => {
      const hall = this.numbers.of(batch.hallId);
      let hour = -1;
      let first = 0;
      let last = 0;
      for (const s of batch.events) {
        const e = encodeEvent(loggable(s.event));
        this.insertEvent.run(hall, s.seq, s.at, e.type, s.actor.kind, s.actor.id, e.ticket, e.data);
        if (s.requestId !== null && s.result !== undefined) {
          this.insertResult.run(hall, s.requestScope ?? `${s.actor.kind}:${s.actor.id}`, s.requestId, s.at, s.seq, s.command ?? '', keptResult(s));
        }
        const h = Math.floor(s.at / HOUR_MS);
        if (h !== hour) {
          if (hour >= 0) this.markHour.run(hall, hour, first, last);
          hour = h;
          first = s.seq;
        }
        last = s.seq;
      }
      if (hour >= 0) this.markHour.run(hall, hour, first, last);
      for (const t of batch.tickets) {
        const row = ticketToRow(t);
        // A ticket issued in this batch is new: insert it straight away (a clash is a real error).
        if (batch.newTicketIds?.has(t.id) || this.updateTicket.run(...this.mutableColumns.map((c) => row[c]), row.hall_id, row.id).changes === 0) {
          this.insertTicket.run(Object.values(row));
        }
      }
      for (const b of batch.bookings ?? []) {
        const [hallId, id, ...rest] = BOOKING_COLUMNS.map((c) => bookingToRow(b)[c]);
        if (this.updateBooking.run(...rest, hallId, id).changes === 0) this.insertBooking.run(hallId, id, ...rest);
      }
      for (const c of batch.cases ?? []) {
        const row = caseToRow(c);
        if (this.updateCase.run(...CASE_UPDATE_COLUMNS.map((k) => row[k]), row.hall_id, row.id).changes === 0) this.insertCase.run(CASE_COLUMNS.map((k) => row[k]));
      }
      for (const w of batch.windows) {
        const r = windowToRow(w);
        const values = [r.status, r.staff_id, r.current_ticket_id, r.pause_reason, r.paused_at, r.opened_at, r.priority_streak, r.hall_id, r.id];
        if (this.updateWindow.run(values).changes === 0) this.insertWindow.run(values);
      }
      const at = batch.at;
      // Answers older than the retry window are never asked for again.
      if (Math.abs(at - this.lastExpiry) >= EXPIRY_EVERY_MS) {
        this.expireResults.run(at - REQUEST_MEMORY_MS);
        this.lastExpiry = at;
      }
      // The service day changes once a day: only then is the hall's row written.
      if (this.serviceDays.get(batch.hallId) !== batch.serviceDay) {
        this.upsertHall.run(batch.hallId, batch.serviceDay, at);
        this.pendingDay = [batch.hallId, batch.serviceDay];
      }
    });
  }

  commit(batch: CommitBatch): void {
    this.pendingDay = null;
    try {
      this.commitTx(batch);
    } catch (err) {
      // A hall number given inside a rolled-back transaction was not kept.
      this.numbers.forgetUncommitted();
      throw err;
    }
    this.numbers.committed();
    // Remembered only once the transaction is durable, so a failed commit writes it again next time.
    if (this.pendingDay) this.serviceDays.set(this.pendingDay[0], this.pendingDay[1]);
  }

  /**
   * After a commit that returned was lost after all (an enclosing transaction failed): what this store
   * remembered of it (service days written, hall numbers given) is forgotten, to be written again.
   */
  forgetCommitted(): void {
    this.serviceDays.clear();
    this.numbers.forgetAll();
  }

  loadRecentRequests(hallId: string, sinceAt: number): StoredRequest[] {
    const hall = this.numbers.find(hallId);
    if (hall === undefined) return [];
    const rows = this.db
      .prepare(`SELECT actor, request_id, at, command, result FROM request_results WHERE hall = ? AND at >= ? ORDER BY id`)
      .all(hall, sinceAt) as Array<{ actor: string; request_id: string; at: number; command: string; result: string }>;
    // Tokens and codes are not in the stored answers (request-results.ts): read back from their rows.
    const ticketToken = this.db.prepare(`SELECT token FROM tickets WHERE hall_id = ? AND id = ?`).pluck();
    const booking = this.db.prepare(`SELECT code, token, ticket_id AS ticketId FROM bookings WHERE hall_id = ? AND id = ?`);
    const secrets = {
      ticketToken: (id: string) => ticketToken.get(hallId, id) as string | undefined,
      booking: (id: string) => booking.get(hallId, id) as { code: string; token: string; ticketId: string | null } | undefined,
    };
    return rows.map((r) => ({ actorKey: r.actor, requestId: r.request_id, at: r.at, command: r.command, result: restoredResult(r.result, secrets) }));
  }

  loadHall(hallId: string, serviceSamples: number, bookingsSince = '0000-00-00', rateableSince?: string, closedCasesSince = Number.MAX_SAFE_INTEGER): LoadedHall {
    const db = this.db;
    const hall = this.numbers.find(hallId) ?? -1;
    const serviceDay = (db.prepare(`SELECT service_day FROM halls WHERE id = ?`).pluck().get(hallId) as string | null | undefined) ?? null;
    // Only the current day can hold open tickets: closing a day expires every ticket older than it.
    const tickets = serviceDay
      ? (db.prepare(`SELECT * FROM tickets WHERE hall_id = ? AND id > ? AND id < ?`).all(hallId, `${serviceDay}/`, `${serviceDay}0`) as TicketRow[]).map(rowToTicket)
      : [];
    const windows = (db.prepare(`SELECT * FROM windows WHERE hall_id = ?`).all(hallId) as WindowRow[]).map(rowToWindow);
    const lastSeq = (db.prepare(`SELECT MAX(seq) FROM event_log WHERE hall = ?`).pluck().get(hall) as number | null) ?? 0;
    // Recent service times and calls come from the tail of the log, newest first, until enough are found.
    const tail = db.prepare(`SELECT seq, at, type, data FROM event_log WHERE hall = ? AND type IN (${LOG_TAIL_TYPES}) ORDER BY seq DESC LIMIT ?`);
    const { recentServiceMs, recentCalls } = recentFromLogTail(hallId, tail.iterate(hall, logTailLimit(serviceSamples)) as Iterable<LogTailRow>, serviceSamples, serviceDay);
    const bookings = (db.prepare(`SELECT * FROM bookings WHERE hall_id = ? AND day >= ?`).all(hallId, bookingsSince) as BookingRow[]).map(rowToBooking);
    // Finished, unrated tickets of the last days: the phone and the slip's QR code may still rate them.
    const rateable =
      serviceDay && rateableSince
        ? (
            db
              .prepare(`SELECT * FROM tickets WHERE hall_id = ? AND id >= ? AND id < ? AND state = 'finished' AND rating_level IS NULL`)
              .all(hallId, `${rateableSince}/`, `${serviceDay}/`) as TicketRow[]
          ).map(rowToTicket)
        : [];
    // Open cases, and those closed lately: the citizen's page still shows how they ended.
    const cases = (
      db.prepare(`SELECT body, mobile FROM rating_cases WHERE hall_id = ? AND (state <> 'closed' OR closed_at >= ?) ORDER BY id`).all(hallId, closedCasesSince) as CaseRow[]
    ).map(rowToCase);
    return { serviceDay, tickets, windows, recentServiceMs, lastSeq, recentCalls, bookings, rateable, cases };
  }

  readEvents(hallId: string, afterSeq: number, limit: number): StoredEvent[] {
    return this.reader.read(hallId, afterSeq, limit);
  }

}

/** Set when a ticket is issued and never changed by its life at the windows (the purge job clears hashes itself). */
const IMMUTABLE_TICKET_COLUMNS: ReadonlySet<string> = new Set([
  'hall_id', 'id', 'service_day', 'number', 'seq', 'issued_category_id', 'source', 'priority_class', 'appointment',
  'citizen_masked_name', 'citizen_masked_id', 'citizen_id_hash', 'token', 'issued_at', 'contact_mobile',
]);

// Column names come from the row mapper, so the SQL cannot drift from it.
const SAMPLE_TICKET = {
  hallId: '', id: '', serviceDay: '', categoryId: '', issuedCategoryId: '', seq: 0, number: '', matterId: null,
  source: 'kiosk', priorityClass: null, appointment: null, citizen: null, token: '', state: 'waiting', queueKey: 0,
  issuedAt: 0, callCount: 0, calledAt: null, windowId: null, targetWindowId: null, servingAt: null, finishedAt: null,
  missedAt: null, closedAt: null, matterHandled: null, staffId: null, transferCount: 0, rating: null, contactMobile: null,
} as const;

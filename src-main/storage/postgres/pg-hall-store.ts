import type pg from 'pg';
import type { CommitBatch, HallStore, LoadedHall, StoredEvent, StoredRequest } from '../../app/ports';
import { REQUEST_MEMORY_MS } from '../../app/ports';
import { HallMovedError } from '../../app/hall-moved';
import type { BookingRow } from '../sqlite/booking-rows';
import { BOOKING_COLUMNS, bookingToRow, rowToBooking } from '../sqlite/booking-rows';
import { encodeEvent, loggable } from '../sqlite/event-codec';
import { keptResult } from '../sqlite/request-results';
import type { TicketRow, WindowRow } from '../sqlite/ticket-rows';
import type { CaseRow } from '../rows/case-rows';
import { CASE_UPDATE_COLUMNS, caseToRow, rowToCase } from '../rows/case-rows';
import { rowToTicket, rowToWindow, ticketToRow, windowToRow } from '../sqlite/ticket-rows';
import type { LogTailRow } from '../rows/log-tail';
import { LOG_TAIL_TYPES, logTailLimit, recentFromLogTail } from '../rows/log-tail';
import type { PgDb } from './pg-database';
import { PgEventLogReader } from './pg-event-log-reader';
import { restoreRequests } from './pg-request-results';
import { BOOKINGS, CASES, EVENT_LOG, MUTABLE_TICKET_COLUMNS, REQUEST_RESULTS, TICKETS, WINDOWS } from './pg-row-tables';
import { inTransaction } from './pg-transaction';
import { lastOfEach, setExcluded, unnestInsert, unnestValues } from './pg-unnest';

/** Expired request answers are deleted at most this often per hall (inside a commit: no transaction of its own). */
const EXPIRY_EVERY_MS = 60_000;

/** Which fencing number this server holds for a hall (the cluster's lease), undefined when it holds none. */
export interface HallFences {
  fenceOf(hallId: string): number | undefined;
}

// Named statements: each connection prepares them once. The texts never change with the batch's size.
const SQL = {
  fence: { name: 'hq_hall_fence', text: 'SELECT fence FROM hall_leases WHERE hall_id = $1 FOR KEY SHARE' },
  events: { name: 'hq_insert_events', text: unnestInsert('event_log', EVENT_LOG) },
  results: { name: 'hq_insert_results', text: unnestInsert('request_results', REQUEST_RESULTS) },
  newTickets: { name: 'hq_insert_tickets', text: unnestInsert('tickets', TICKETS) },
  tickets: {
    name: 'hq_upsert_tickets',
    text: unnestInsert('tickets', TICKETS, `ON CONFLICT (hall_id, id) DO UPDATE SET ${setExcluded(MUTABLE_TICKET_COLUMNS)}`),
  },
  bookings: { name: 'hq_upsert_bookings', text: unnestInsert('bookings', BOOKINGS, `ON CONFLICT (hall_id, id) DO UPDATE SET ${setExcluded(BOOKING_COLUMNS.slice(2))}`) },
  cases: { name: 'hq_upsert_cases', text: unnestInsert('rating_cases', CASES, `ON CONFLICT (hall_id, id) DO UPDATE SET ${setExcluded(CASE_UPDATE_COLUMNS)}`) },
  windows: { name: 'hq_upsert_windows', text: unnestInsert('windows', WINDOWS, `ON CONFLICT (hall_id, id) DO UPDATE SET ${setExcluded(WINDOWS.columns.slice(2))}`) },
  expire: { name: 'hq_expire_results', text: 'DELETE FROM request_results WHERE hall_id = $1 AND at < $2' },
  hallDay: {
    name: 'hq_upsert_hall',
    text: `INSERT INTO halls (id, service_day, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET service_day = EXCLUDED.service_day, updated_at = EXCLUDED.updated_at
           WHERE halls.service_day IS DISTINCT FROM EXCLUDED.service_day`,
  },
} as const;

/**
 * The queue's write side on PostgreSQL, shared by several hall servers. Every commit first checks, in its own
 * transaction, that this server still holds the hall's lease with the fence it knows: a server that lost the
 * hall (it stalled, another took over) can never write over the new owner. Otherwise as SqliteHallStore:
 * one transaction per batch, answered only after COMMIT; the same rows and the same answers when read back.
 */
export class PgHallStore implements HallStore {
  private readonly pool: pg.Pool;
  private readonly reader: PgEventLogReader;
  /** Service day last written per hall: the hall's row is written only when it changes. */
  private readonly serviceDays = new Map<string, string | null>();
  private readonly lastExpiry = new Map<string, number>();

  constructor(
    db: PgDb,
    private readonly fences: HallFences,
  ) {
    this.pool = db.pool;
    this.reader = new PgEventLogReader(db);
  }

  async commit(batch: CommitBatch): Promise<void> {
    const hallId = batch.hallId;
    let dayWritten = false;
    let expired = false;
    await inTransaction(this.pool, async (c) => {
      // First, so that a takeover (SELECT … FOR UPDATE, then fence + 1) waits for this transaction, and this
      // one, if it comes second, sees the new fence. Lease renewals update non-key columns and do not wait.
      const lease = await c.query<{ fence: number }>({ ...SQL.fence, values: [hallId] });
      const mine = this.fences.fenceOf(hallId);
      const current = lease.rows[0]?.fence;
      if (mine === undefined) throw new HallMovedError(hallId, 'this server holds no lease on it');
      if (current === undefined) throw new HallMovedError(hallId, 'it has no lease row');
      if (current !== mine) throw new HallMovedError(hallId, `its fence is ${current}, this server's is ${mine}`);

      if (batch.events.length > 0) await c.query({ ...SQL.events, values: unnestValues(EVENT_LOG, batch.events.map((s) => eventRow(hallId, s))) });
      const answered = batch.events.filter((s) => s.requestId !== null && s.result !== undefined);
      if (answered.length > 0) {
        const rows = answered.map((s) => ({
          hall_id: hallId,
          actor: s.requestScope ?? `${s.actor.kind}:${s.actor.id}`,
          request_id: s.requestId!,
          at: s.at,
          seq: s.seq,
          command: s.command ?? '',
          result: keptResult(s),
        }));
        await c.query({ ...SQL.results, values: unnestValues(REQUEST_RESULTS, rows) });
      }
      const tickets = lastOfEach(batch.tickets.map(ticketToRow), (r) => r.id);
      // A ticket issued in this batch is inserted outright: a clash with an existing row is a real error.
      const fresh = tickets.filter((r) => batch.newTicketIds?.has(r.id));
      const changed = tickets.filter((r) => !batch.newTicketIds?.has(r.id));
      if (fresh.length > 0) await c.query({ ...SQL.newTickets, values: unnestValues(TICKETS, fresh) });
      if (changed.length > 0) await c.query({ ...SQL.tickets, values: unnestValues(TICKETS, changed) });
      const bookings = lastOfEach((batch.bookings ?? []).map(bookingToRow), (r) => r.id);
      if (bookings.length > 0) await c.query({ ...SQL.bookings, values: unnestValues(BOOKINGS, bookings) });
      const cases = lastOfEach((batch.cases ?? []).map(caseToRow), (r) => r.id);
      if (cases.length > 0) await c.query({ ...SQL.cases, values: unnestValues(CASES, cases) });
      const windows = lastOfEach(batch.windows.map(windowToRow), (r) => String(r.id));
      if (windows.length > 0) await c.query({ ...SQL.windows, values: unnestValues(WINDOWS, windows) });
      // Answers older than the retry window are never asked for again. Only this hall's: other halls may be
      // run by other servers.
      if (Math.abs(batch.at - (this.lastExpiry.get(hallId) ?? 0)) >= EXPIRY_EVERY_MS) {
        await c.query({ ...SQL.expire, values: [hallId, batch.at - REQUEST_MEMORY_MS] });
        expired = true;
      }
      // The service day changes once a day: only then is the hall's row written.
      if (this.serviceDays.get(hallId) !== batch.serviceDay) {
        await c.query({ ...SQL.hallDay, values: [hallId, batch.serviceDay, batch.at] });
        dayWritten = true;
      }
    });
    // Remembered only once the transaction is durable, so a failed commit writes them again next time.
    if (expired) this.lastExpiry.set(hallId, batch.at);
    if (dayWritten) this.serviceDays.set(hallId, batch.serviceDay);
  }

  async loadRecentRequests(hallId: string, sinceAt: number): Promise<StoredRequest[]> {
    return restoreRequests(this.pool, hallId, sinceAt);
  }

  async loadHall(hallId: string, serviceSamples: number, bookingsSince = '0000-00-00', rateableSince?: string, closedCasesSince = Number.MAX_SAFE_INTEGER): Promise<LoadedHall> {
    // One snapshot: the tickets, windows and log tail read together, as SQLite's single connection sees them.
    return inTransaction(this.pool, async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const day = await c.query<{ service_day: string | null }>('SELECT service_day FROM halls WHERE id = $1', [hallId]);
      const serviceDay = day.rows[0]?.service_day ?? null;
      // Only the current day can hold open tickets: closing a day expires every ticket older than it.
      const tickets = serviceDay
        ? (await c.query<TicketRow>('SELECT * FROM tickets WHERE hall_id = $1 AND id > $2 AND id < $3 ORDER BY id', [hallId, `${serviceDay}/`, `${serviceDay}0`])).rows.map(rowToTicket)
        : [];
      const windows = (await c.query<WindowRow>('SELECT * FROM windows WHERE hall_id = $1 ORDER BY id', [hallId])).rows.map(rowToWindow);
      const last = await c.query<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM event_log WHERE hall_id = $1', [hallId]);
      const lastSeq = last.rows[0]?.seq ?? 0;
      // Recent service times and calls come from the tail of the log, newest first, until enough are found.
      const tail = await c.query<LogTailRow>(
        `SELECT seq, at, type, data FROM event_log WHERE hall_id = $1 AND type IN (${LOG_TAIL_TYPES}) ORDER BY seq DESC LIMIT $2`,
        [hallId, logTailLimit(serviceSamples)],
      );
      const { recentServiceMs, recentCalls } = recentFromLogTail(hallId, tail.rows, serviceSamples, serviceDay);
      // In SQLite's order (its index on day, then the key).
      const bookings = (await c.query<BookingRow>('SELECT * FROM bookings WHERE hall_id = $1 AND day >= $2 ORDER BY day, id', [hallId, bookingsSince])).rows.map(rowToBooking);
      // Finished, unrated tickets of the last days: the phone and the slip's QR code may still rate them.
      const rateable =
        serviceDay && rateableSince
          ? (
              await c.query<TicketRow>(
                `SELECT * FROM tickets WHERE hall_id = $1 AND id >= $2 AND id < $3 AND state = 'finished' AND rating_level IS NULL ORDER BY id`,
                [hallId, `${rateableSince}/`, `${serviceDay}/`],
              )
            ).rows.map(rowToTicket)
          : [];
      // Open cases, and those closed lately: the citizen's page still shows how they ended.
      const cases = (
        await c.query<CaseRow>(`SELECT body, mobile FROM rating_cases WHERE hall_id = $1 AND (state <> 'closed' OR closed_at >= $2) ORDER BY id`, [hallId, closedCasesSince])
      ).rows.map(rowToCase);
      return { serviceDay, tickets, windows, recentServiceMs, lastSeq, recentCalls, bookings, rateable, cases };
    });
  }

  readEvents(hallId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return this.reader.read(hallId, afterSeq, limit);
  }
}

function eventRow(hallId: string, s: StoredEvent) {
  const e = encodeEvent(loggable(s.event));
  return { hall_id: hallId, seq: s.seq, at: s.at, type: e.type, actor_kind: s.actor.kind, actor_id: s.actor.id, ticket: e.ticket, data: e.data };
}

import type { AuditQuery, AuditRecord, AuditResult, AuditStore, EventRangeReader } from '../../app/admin-ports';
import type { HallEvent } from '../../domain';
import { decodeEvent } from './event-codec';
import { HallNumbers } from './hall-numbers';
import { COMMON_EVENT_TYPES } from './migration-6-compact-log';
import type { Db } from './open-database';
import type { AdminRow } from '../rows/audit-rows';
import { AUDIT_ADMIN_SELECT, AUDIT_EVENT_SELECT, mergeAuditPage, splitAuditTypes } from '../rows/audit-rows';
import type { LoggedEventRow } from '../rows/event-rows';

const HOUR_MS = 3_600_000;
const COMMON: ReadonlySet<string> = new Set(COMMON_EVENT_TYPES);
/** Repeats the partial index's condition word for word: SQLite uses a partial index only when it sees it. */
const RARE_CONDITION = `type NOT IN (${COMMON_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`;

interface Sql {
  where: string[];
  params: unknown[];
  indexedBy: string | null;
}

/**
 * The audit trail: the queue's event log and the admin records (config changes, acknowledgements, purges),
 * newest first. Every filter is answered from an index (ticket number, actor, the rarer event types, hour
 * buckets for time) and pages are cut by keyset (older than the last row shown), never by OFFSET; counts
 * stop at a cap. Nothing here reads the log from its beginning.
 */
export class SqliteAuditStore implements AuditStore, EventRangeReader {
  private readonly numbers: HallNumbers;

  constructor(private readonly db: Db) {
    this.numbers = new HallNumbers(db);
  }

  append(r: AuditRecord): void {
    this.db
      .prepare(`INSERT INTO audit_log (hall_id, at, actor_kind, actor_id, action, summary, summary_en, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(r.hallId, r.at, r.actor.kind, r.actor.id, r.action, r.summary, r.summaryEn, JSON.stringify(r.data ?? null));
  }

  /** Queue events with fromAt <= at < toAt, in log order (a rebuild and tests replay them). */
  eventsBetween(hallId: string, fromAt: number, toAt: number): Array<{ seq: number; at: number; event: HallEvent }> {
    const hall = this.numbers.find(hallId);
    if (hall === undefined) return [];
    const [lo, hi] = this.seqRange(hall, fromAt, toAt);
    const rows = this.db
      .prepare(`SELECT seq, at, type, data FROM event_log WHERE hall = ? AND seq BETWEEN ? AND ? AND at >= ? AND at < ? ORDER BY seq`)
      .all(hall, lo, hi, fromAt, toAt) as Array<Pick<LoggedEventRow, 'seq' | 'at' | 'type' | 'data'>>;
    return rows.map((r) => ({ seq: r.seq, at: r.at, event: decodeEvent(hallId, r.type, r.at, r.data) }));
  }

  query(hallId: string, q: AuditQuery): AuditResult {
    const { eventTypes, adminActions, wantEvents, wantAdmin } = splitAuditTypes(q);
    const hall = this.numbers.find(hallId);

    const events = wantEvents && hall !== undefined && q.before?.seq !== 0 ? this.eventSql(hall, q, eventTypes) : null;
    const admin = wantAdmin && q.before?.adminId !== 0 ? this.adminSql(hallId, q, adminActions) : null;

    const eventRows = events ? (this.select(AUDIT_EVENT_SELECT, events, 'seq', q.limit) as LoggedEventRow[]) : [];
    const adminRows = admin ? (this.select(AUDIT_ADMIN_SELECT, admin, 'id', q.limit) as AdminRow[]) : [];

    // Merge the two newest-first lists by time; the next page starts after the last row taken from each.
    const { rows, next } = mergeAuditPage(hallId, q, eventRows, adminRows, events !== null, admin !== null);

    // The count covers the whole filter (not just what is older than the cursor), up to the cap.
    const countQuery = { ...q, before: undefined };
    const eventsAll = wantEvents && hall !== undefined ? this.eventSql(hall, countQuery, eventTypes) : null;
    const adminAll = wantAdmin ? this.adminSql(hallId, countQuery, adminActions) : null;
    let total = eventsAll ? this.count('event_log', eventsAll, q.countCap) : 0;
    if (adminAll && total < q.countCap) total += this.count('audit_log', adminAll, q.countCap - total);
    return { rows, total, capped: total >= q.countCap, next };
  }

  private eventSql(hall: number, q: AuditQuery, types: string[]): Sql {
    const where = ['hall = ?'];
    const params: unknown[] = [hall];
    let indexedBy: string | null = null;
    if (q.before) {
      where.push('seq < ?');
      params.push(q.before.seq);
    }
    if (q.from !== undefined || q.to !== undefined) {
      const [lo, hi] = this.seqRange(hall, q.from ?? 0, q.to ?? Number.MAX_SAFE_INTEGER);
      where.push('seq BETWEEN ? AND ?');
      params.push(lo, hi);
      if (q.from !== undefined) this.add(where, params, 'at >= ?', q.from);
      if (q.to !== undefined) this.add(where, params, 'at < ?', q.to);
    }
    if (types.length > 0) {
      where.push(`type IN (${types.map(() => '?').join(', ')})`);
      params.push(...types);
    }
    if (q.actor) {
      where.push('actor_id = ?');
      params.push(q.actor);
    }
    if (q.number) {
      where.push('ticket = ?');
      params.push(q.number);
    }
    // The most selective index that applies; without one the newest-first walk of the key finds a page fast
    // because what is left is dense.
    if (q.number) indexedBy = 'event_log_by_ticket';
    else if (q.actor) indexedBy = 'event_log_by_actor';
    else if (types.length > 0 && types.every((t) => !COMMON.has(t))) {
      where.push(RARE_CONDITION);
      indexedBy = 'event_log_by_rare_type';
    }
    return { where, params, indexedBy };
  }

  private adminSql(hallId: string, q: AuditQuery, actions: string[]): Sql {
    const where = ['hall_id = ?'];
    const params: unknown[] = [hallId];
    if (q.before) {
      where.push('id < ?');
      params.push(q.before.adminId);
    }
    if (q.from !== undefined) this.add(where, params, 'at >= ?', q.from);
    if (q.to !== undefined) this.add(where, params, 'at < ?', q.to);
    if (actions.length > 0) {
      where.push(`action IN (${actions.map(() => '?').join(', ')})`);
      params.push(...actions);
    }
    if (q.actor) {
      where.push('actor_id = ?');
      params.push(q.actor);
    }
    if (q.number) {
      where.push(`json_extract(data, '$.number') = ?`);
      params.push(q.number);
    }
    return { where, params, indexedBy: null };
  }

  private add(where: string[], params: unknown[], term: string, value: unknown): void {
    where.push(term);
    params.push(value);
  }

  private select(from: string, sql: Sql, key: string, limit: number): unknown[] {
    const table = sql.indexedBy ? `${from} INDEXED BY ${sql.indexedBy}` : from;
    return this.db.prepare(`${table} WHERE ${sql.where.join(' AND ')} ORDER BY ${key} DESC LIMIT ?`).all(...sql.params, limit);
  }

  private count(table: string, sql: Sql, cap: number): number {
    const from = sql.indexedBy ? `${table} INDEXED BY ${sql.indexedBy}` : table;
    return this.db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM ${from} WHERE ${sql.where.join(' AND ')} LIMIT ?)`).pluck().get(...sql.params, cap) as number;
  }

  /** The sequence numbers that can hold events of [fromAt, toAt): from the hour buckets, exact with `at` checked too. */
  private seqRange(hall: number, fromAt: number, toAt: number): [number, number] {
    const row = this.db
      .prepare(`SELECT MIN(first_seq) AS lo, MAX(last_seq) AS hi FROM event_hours WHERE hall = ? AND hour BETWEEN ? AND ?`)
      .get(hall, Math.floor(fromAt / HOUR_MS), Math.floor(Math.max(fromAt, toAt - 1) / HOUR_MS)) as { lo: number | null; hi: number | null };
    return row.lo === null || row.hi === null ? [1, 0] : [row.lo, row.hi];
  }
}

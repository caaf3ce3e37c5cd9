import type pg from 'pg';
import type { AuditQuery, AuditRecord, AuditResult, AuditStore, EventRangeReader } from '../../app/admin-ports';
import type { HallEvent } from '../../domain';
import { decodeEvent } from '../sqlite/event-codec';
import { COMMON_EVENT_TYPES } from '../sqlite/migration-6-compact-log';
import type { AdminRow } from '../rows/audit-rows';
import { AUDIT_ADMIN_SELECT, AUDIT_EVENT_SELECT, mergeAuditPage, splitAuditTypes } from '../rows/audit-rows';
import type { LoggedEventRow } from '../rows/event-rows';
import type { PgDb } from './pg-database';

const COMMON: ReadonlySet<string> = new Set(COMMON_EVENT_TYPES);
/** The partial index's own condition, repeated so that the planner sees it applies. */
const RARE_CONDITION = `type NOT IN (${COMMON_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`;

/** A WHERE clause being built with numbered parameters. */
class Where {
  readonly terms: string[] = [];
  readonly params: unknown[] = [];
  add(term: (p: string) => string, value: unknown): void {
    this.params.push(value);
    this.terms.push(term(`$${this.params.length}`));
  }
  raw(term: string): void {
    this.terms.push(term);
  }
  get sql(): string {
    return this.terms.join(' AND ');
  }
}

/**
 * The audit trail over the event log and the admin records, newest first, with the same pages, cursors and
 * capped counts as SqliteAuditStore. Filters are answered from indexes (ticket number, actor, the rarer event
 * types; time from the (hall_id, at) index, where SQLite uses hour buckets); pages are cut by keyset.
 */
export class PgAuditStore implements AuditStore, EventRangeReader {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  async append(r: AuditRecord): Promise<void> {
    await this.pool.query({
      name: 'hq_append_audit',
      text: `INSERT INTO audit_log (hall_id, at, actor_kind, actor_id, action, summary, summary_en, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      values: [r.hallId, r.at, r.actor.kind, r.actor.id, r.action, r.summary, r.summaryEn, JSON.stringify(r.data ?? null)],
    });
  }

  /** Queue events with fromAt <= at < toAt, in log order. */
  async eventsBetween(hallId: string, fromAt: number, toAt: number): Promise<Array<{ seq: number; at: number; event: HallEvent }>> {
    const { rows } = await this.pool.query<Pick<LoggedEventRow, 'seq' | 'at' | 'type' | 'data'>>({
      name: 'hq_events_between',
      text: `SELECT seq, at, type, data FROM event_log WHERE hall_id = $1 AND at >= $2 AND at < $3 ORDER BY seq`,
      values: [hallId, fromAt, toAt],
    });
    return rows.map((r) => ({ seq: r.seq, at: r.at, event: decodeEvent(hallId, r.type, r.at, r.data) }));
  }

  async query(hallId: string, q: AuditQuery): Promise<AuditResult> {
    const { eventTypes, adminActions, wantEvents, wantAdmin } = splitAuditTypes(q);

    const events = wantEvents && q.before?.seq !== 0 ? eventWhere(hallId, q, eventTypes) : null;
    const admin = wantAdmin && q.before?.adminId !== 0 ? adminWhere(hallId, q, adminActions) : null;
    const eventRows = events ? await this.select<LoggedEventRow>(AUDIT_EVENT_SELECT, events, 'seq', q.limit) : [];
    const adminRows = admin ? await this.select<AdminRow>(AUDIT_ADMIN_SELECT, admin, 'id', q.limit) : [];

    // Merge the two newest-first lists by time; the next page starts after the last row taken from each.
    const { rows, next } = mergeAuditPage(hallId, q, eventRows, adminRows, events !== null, admin !== null);

    // The count covers the whole filter (not just what is older than the cursor), up to the cap.
    const countQuery = { ...q, before: undefined };
    const eventsAll = wantEvents ? eventWhere(hallId, countQuery, eventTypes) : null;
    const adminAll = wantAdmin ? adminWhere(hallId, countQuery, adminActions) : null;
    let total = eventsAll ? await this.count('event_log', eventsAll, q.countCap) : 0;
    if (adminAll && total < q.countCap) total += await this.count('audit_log', adminAll, q.countCap - total);
    return { rows, total, capped: total >= q.countCap, next };
  }

  private async select<R extends pg.QueryResultRow>(from: string, where: Where, key: string, limit: number): Promise<R[]> {
    const { rows } = await this.pool.query<R>(`${from} WHERE ${where.sql} ORDER BY ${key} DESC LIMIT $${where.params.length + 1}`, [...where.params, limit]);
    return rows;
  }

  private async count(table: string, where: Where, cap: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${where.sql} LIMIT $${where.params.length + 1}) AS matches`,
      [...where.params, cap],
    );
    return rows[0]?.n ?? 0;
  }
}

/**
 * The terms both logs share, in this order: hall, keyset cursor (event_log's seq or audit_log's id), time
 * range, kinds (event types or admin actions), actor.
 */
function sharedWhere(hallId: string, q: AuditQuery, key: 'seq' | 'id', kindColumn: 'type' | 'action', kinds: string[]): Where {
  const w = new Where();
  w.add((p) => `hall_id = ${p}`, hallId);
  if (q.before) w.add((p) => `${key} < ${p}`, key === 'seq' ? q.before.seq : q.before.adminId);
  if (q.from !== undefined) w.add((p) => `at >= ${p}`, q.from);
  if (q.to !== undefined) w.add((p) => `at < ${p}`, q.to);
  if (kinds.length > 0) w.add((p) => `${kindColumn} = ANY(${p}::text[])`, kinds);
  if (q.actor) w.add((p) => `actor_id = ${p}`, q.actor);
  return w;
}

function eventWhere(hallId: string, q: AuditQuery, types: string[]): Where {
  const w = sharedWhere(hallId, q, 'seq', 'type', types);
  if (q.number) w.add((p) => `ticket = ${p}`, q.number);
  // Lets the planner use the partial index of the rarer types (it cannot see inside the array parameter).
  if (!q.number && !q.actor && types.length > 0 && types.every((t) => !COMMON.has(t))) w.raw(RARE_CONDITION);
  return w;
}

function adminWhere(hallId: string, q: AuditQuery, actions: string[]): Where {
  const w = sharedWhere(hallId, q, 'id', 'action', actions);
  // SQLite's json_extract(data, '$.number'); data is always JSON text written by append.
  if (q.number) w.add((p) => `(data::jsonb ->> 'number') = ${p}`, q.number);
  return w;
}

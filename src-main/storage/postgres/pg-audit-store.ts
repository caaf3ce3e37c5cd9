import type pg from 'pg';
import type { AuditQuery, AuditRecord, AuditResult, AuditRow, AuditStore, EventRangeReader } from '../../app/admin-ports';
import type { Actor } from '../../app/ports';
import type { HallEvent } from '../../domain';
import { decodeEvent } from '../sqlite/event-codec';
import { COMMON_EVENT_TYPES } from '../sqlite/migration-6-compact-log';
import type { PgDb } from './pg-database';

const COMMON: ReadonlySet<string> = new Set(COMMON_EVENT_TYPES);
/** The partial index's own condition, repeated so that the planner sees it applies. */
const RARE_CONDITION = `type NOT IN (${COMMON_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`;

interface EventRow {
  seq: number;
  at: number;
  type: string;
  actor_kind: string;
  actor_id: string;
  data: string;
}

interface AdminRow {
  id: number;
  at: number;
  action: string;
  actor_kind: string;
  actor_id: string;
  data: string;
  summary: string;
  summary_en: string;
}

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
    const { rows } = await this.pool.query<EventRow>({
      name: 'hq_events_between',
      text: `SELECT seq, at, type, data FROM event_log WHERE hall_id = $1 AND at >= $2 AND at < $3 ORDER BY seq`,
      values: [hallId, fromAt, toAt],
    });
    return rows.map((r) => ({ seq: r.seq, at: r.at, event: decodeEvent(hallId, r.type, r.at, r.data) }));
  }

  async query(hallId: string, q: AuditQuery): Promise<AuditResult> {
    const types = q.types ?? [];
    const eventTypes = types.filter((t) => !t.includes('.'));
    const adminActions = types.filter((t) => t.includes('.'));
    const wantEvents = types.length === 0 || eventTypes.length > 0;
    const wantAdmin = types.length === 0 || adminActions.length > 0;

    const events = wantEvents && q.before?.seq !== 0 ? eventWhere(hallId, q, eventTypes) : null;
    const admin = wantAdmin && q.before?.adminId !== 0 ? adminWhere(hallId, q, adminActions) : null;
    const eventRows = events ? await this.select<EventRow>(`SELECT seq, at, type, actor_kind, actor_id, data FROM event_log`, events, 'seq', q.limit) : [];
    const adminRows = admin
      ? await this.select<AdminRow>(`SELECT id, at, action, actor_kind, actor_id, data, summary, summary_en FROM audit_log`, admin, 'id', q.limit)
      : [];

    // Merge the two newest-first lists by time; the next page starts after the last row taken from each.
    const rows: AuditRow[] = [];
    let e = 0;
    let a = 0;
    while (rows.length < q.limit && (e < eventRows.length || a < adminRows.length)) {
      const ev = eventRows[e];
      const ad = adminRows[a];
      if (ev && (!ad || ev.at >= ad.at)) {
        const actor: Actor = { kind: ev.actor_kind as Actor['kind'], id: ev.actor_id };
        rows.push({ source: 'event', ref: ev.seq, at: ev.at, actor, event: decodeEvent(hallId, ev.type, ev.at, ev.data) });
        e++;
      } else if (ad) {
        const actor: Actor = { kind: ad.actor_kind as Actor['kind'], id: ad.actor_id };
        rows.push({ source: 'admin', ref: ad.id, at: ad.at, actor, action: ad.action, summary: ad.summary, summaryEn: ad.summary_en, data: JSON.parse(ad.data) as unknown });
        a++;
      }
    }
    const seqLeft = events === null || (e === eventRows.length && eventRows.length < q.limit) ? 0 : e > 0 ? eventRows[e - 1]!.seq : (q.before?.seq ?? Number.MAX_SAFE_INTEGER);
    const adminLeft = admin === null || (a === adminRows.length && adminRows.length < q.limit) ? 0 : a > 0 ? adminRows[a - 1]!.id : (q.before?.adminId ?? Number.MAX_SAFE_INTEGER);
    const next = seqLeft === 0 && adminLeft === 0 ? null : { seq: seqLeft, adminId: adminLeft };

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

function eventWhere(hallId: string, q: AuditQuery, types: string[]): Where {
  const w = new Where();
  w.add((p) => `hall_id = ${p}`, hallId);
  if (q.before) w.add((p) => `seq < ${p}`, q.before.seq);
  if (q.from !== undefined) w.add((p) => `at >= ${p}`, q.from);
  if (q.to !== undefined) w.add((p) => `at < ${p}`, q.to);
  if (types.length > 0) w.add((p) => `type = ANY(${p}::text[])`, types);
  if (q.actor) w.add((p) => `actor_id = ${p}`, q.actor);
  if (q.number) w.add((p) => `ticket = ${p}`, q.number);
  // Lets the planner use the partial index of the rarer types (it cannot see inside the array parameter).
  if (!q.number && !q.actor && types.length > 0 && types.every((t) => !COMMON.has(t))) w.raw(RARE_CONDITION);
  return w;
}

function adminWhere(hallId: string, q: AuditQuery, actions: string[]): Where {
  const w = new Where();
  w.add((p) => `hall_id = ${p}`, hallId);
  if (q.before) w.add((p) => `id < ${p}`, q.before.adminId);
  if (q.from !== undefined) w.add((p) => `at >= ${p}`, q.from);
  if (q.to !== undefined) w.add((p) => `at < ${p}`, q.to);
  if (actions.length > 0) w.add((p) => `action = ANY(${p}::text[])`, actions);
  if (q.actor) w.add((p) => `actor_id = ${p}`, q.actor);
  // SQLite's json_extract(data, '$.number'); data is always JSON text written by append.
  if (q.number) w.add((p) => `(data::jsonb ->> 'number') = ${p}`, q.number);
  return w;
}

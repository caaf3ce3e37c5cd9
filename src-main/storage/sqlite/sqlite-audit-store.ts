import type { AuditQuery, AuditRecord, AuditRow, AuditStore, EventRangeReader } from '../../app/admin-ports';
import type { Actor } from '../../app/ports';
import type { HallEvent } from '../../domain';
import type { Db } from './open-database';

interface UnionRow {
  source: 'event' | 'admin';
  ref: number;
  at: number;
  type: string;
  actor_kind: string;
  actor_id: string;
  data: string;
  summary: string | null;
  summary_en: string | null;
}

/**
 * The audit trail: admin records (migration 4, append-only like the event log) and, read alongside them,
 * the queue's own event log. Filters run in SQL; the page is cut by LIMIT/OFFSET, newest first.
 */
export class SqliteAuditStore implements AuditStore, EventRangeReader {
  private readonly insert;
  private readonly range;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(`INSERT INTO audit_log (hall_id, at, actor_kind, actor_id, action, summary, summary_en, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.range = db.prepare(`SELECT seq, at, data FROM events WHERE hall_id = ? AND at >= ? AND at < ? ORDER BY seq`);
  }

  append(r: AuditRecord): void {
    this.insert.run(r.hallId, r.at, r.actor.kind, r.actor.id, r.action, r.summary, r.summaryEn, JSON.stringify(r.data ?? null));
  }

  eventsBetween(hallId: string, fromAt: number, toAt: number): Array<{ seq: number; at: number; event: HallEvent }> {
    return (this.range.all(hallId, fromAt, toAt) as Array<{ seq: number; at: number; data: string }>).map((r) => ({ seq: r.seq, at: r.at, event: JSON.parse(r.data) as HallEvent }));
  }

  query(hallId: string, q: AuditQuery): { total: number; rows: AuditRow[] } {
    // A ticket id is "<day>/<number>": any day's ticket of that number matches.
    const events = filtered('type', hallId, q, [
      `(json_extract(data, '$.ticketId') GLOB ? OR json_extract(data, '$.ticket.number') = ?)`,
      (n) => [`${DAY_GLOB}/${n}`, n],
    ]);
    const admin = filtered('action', hallId, q, [`json_extract(data, '$.number') = ?`, (n) => [n]]);
    const union = `
      SELECT 'event' AS source, seq AS ref, at, type, actor_kind, actor_id, data, NULL AS summary, NULL AS summary_en FROM events WHERE ${events.sql}
      UNION ALL
      SELECT 'admin' AS source, id AS ref, at, action AS type, actor_kind, actor_id, data, summary, summary_en FROM audit_log WHERE ${admin.sql}`;
    const params = [...events.params, ...admin.params];
    const total = (this.db.prepare(`SELECT COUNT(*) FROM (${union})`).pluck().get(...params) as number) ?? 0;
    const rows = this.db.prepare(`${union} ORDER BY at DESC, source DESC, ref DESC LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as UnionRow[];
    return {
      total,
      rows: rows.map((r): AuditRow => {
        const actor: Actor = { kind: r.actor_kind as Actor['kind'], id: r.actor_id };
        return r.source === 'event'
          ? { source: 'event', ref: r.ref, at: r.at, actor, event: JSON.parse(r.data) as HallEvent }
          : { source: 'admin', ref: r.ref, at: r.at, actor, action: r.type, summary: r.summary ?? '', summaryEn: r.summary_en ?? '', data: JSON.parse(r.data) as unknown };
      }),
    };
  }
}

const DAY_GLOB = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';

function filtered(
  typeColumn: string,
  hallId: string,
  q: AuditQuery,
  byNumber: [string, (n: string) => unknown[]],
): { sql: string; params: unknown[] } {
  const where = ['hall_id = ?'];
  const params: unknown[] = [hallId];
  if (q.types && q.types.length > 0) {
    where.push(`${typeColumn} IN (${q.types.map(() => '?').join(', ')})`);
    params.push(...q.types);
  }
  if (q.actor) {
    where.push('actor_id = ?');
    params.push(q.actor);
  }
  if (q.from !== undefined) {
    where.push('at >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('at < ?');
    params.push(q.to);
  }
  if (q.number) {
    where.push(byNumber[0]);
    params.push(...byNumber[1](q.number));
  }
  return { sql: where.join(' AND '), params };
}

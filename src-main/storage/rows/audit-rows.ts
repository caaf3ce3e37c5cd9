import type { AuditQuery, AuditResult, AuditRow } from '../../app/admin-ports';
import type { Actor } from '../../app/ports';
import { decodeEvent } from '../sqlite/event-codec';
import type { LoggedEventRow } from './event-rows';

/** A row of `audit_log` (the admin records), as both stores read it. */
export interface AdminRow {
  id: number;
  at: number;
  action: string;
  actor_kind: string;
  actor_id: string;
  /** JSON text written by append. */
  data: string;
  summary: string;
  summary_en: string;
}

/** The columns both stores select for a page: event_log rows as LoggedEventRow, audit_log rows as AdminRow. */
export const AUDIT_EVENT_SELECT = `SELECT seq, at, type, actor_kind, actor_id, data FROM event_log`;
export const AUDIT_ADMIN_SELECT = `SELECT id, at, action, actor_kind, actor_id, data, summary, summary_en FROM audit_log`;

/** A query's types split: names with a dot are admin actions ("alert.ack"), the others event types. */
export function splitAuditTypes(q: AuditQuery): { eventTypes: string[]; adminActions: string[]; wantEvents: boolean; wantAdmin: boolean } {
  const types = q.types ?? [];
  const eventTypes = types.filter((t) => !t.includes('.'));
  const adminActions = types.filter((t) => t.includes('.'));
  return { eventTypes, adminActions, wantEvents: types.length === 0 || eventTypes.length > 0, wantAdmin: types.length === 0 || adminActions.length > 0 };
}

/**
 * Merges the two newest-first lists (each at most q.limit rows) by time into one page; the next page starts
 * after the last row taken from each. `eventsAsked` / `adminAsked`: whether that list was queried at all (a
 * list not queried, or read to its end, has nothing left: 0 in the cursor).
 */
export function mergeAuditPage(
  hallId: string,
  q: AuditQuery,
  eventRows: LoggedEventRow[],
  adminRows: AdminRow[],
  eventsAsked: boolean,
  adminAsked: boolean,
): Pick<AuditResult, 'rows' | 'next'> {
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
  const seqLeft = !eventsAsked || (e === eventRows.length && eventRows.length < q.limit) ? 0 : e > 0 ? eventRows[e - 1]!.seq : (q.before?.seq ?? Number.MAX_SAFE_INTEGER);
  const adminLeft = !adminAsked || (a === adminRows.length && adminRows.length < q.limit) ? 0 : a > 0 ? adminRows[a - 1]!.id : (q.before?.adminId ?? Number.MAX_SAFE_INTEGER);
  const next = seqLeft === 0 && adminLeft === 0 ? null : { seq: seqLeft, adminId: adminLeft };
  return { rows, next };
}

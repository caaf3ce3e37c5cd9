import type { AuditEntryView, AuditListQuery, AuditPageView, HallConfig } from '../../contracts';
import { AUDIT_COUNT_CAP } from '../../contracts';
import type { AuditStore } from '../admin-ports';
import { describeEvent } from './describe-event';

/** One page of the audit trail (queue events and admin records), newest first, with readable lines. */
export async function auditPage(store: AuditStore, config: HallConfig, q: AuditListQuery): Promise<AuditPageView> {
  const windowNames = new Map(config.windows.map((w) => [w.id, w.name]));
  const accountNames = new Map(config.accounts.map((a) => [a.username, a.displayName]));
  const deviceNames = new Map(config.devices.filter((d) => d.name).map((d) => [d.id, d.name!]));
  const windowName = (id: number) => windowNames.get(id) ?? `${id}号窗口`;
  const before = q.cursor ? parseCursor(q.cursor) : undefined;
  const result = await store.query(config.id, { ...q, before, countCap: AUDIT_COUNT_CAP });
  const entries = result.rows.map((r): AuditEntryView => {
    const actorName = r.actor.kind === 'device' ? (deviceNames.get(r.actor.id) ?? null) : (accountNames.get(r.actor.id) ?? null);
    if (r.source === 'event') {
      const words = describeEvent(r.event, windowName);
      return { source: 'event', ref: r.ref, at: r.at, type: r.event.type, actor: r.actor, actorName, ticketNumber: words.ticketNumber, summary: words.zh, summaryEn: words.en };
    }
    const data = r.data as { number?: unknown } | null;
    const ticketNumber = typeof data?.number === 'string' ? data.number : null;
    return { source: 'admin', ref: r.ref, at: r.at, type: r.action, actor: r.actor, actorName, ticketNumber, summary: r.summary, summaryEn: r.summaryEn };
  });
  return {
    total: result.total,
    totalCapped: result.capped,
    limit: q.limit,
    entries,
    next: result.next ? `${result.next.seq}:${result.next.adminId}` : null,
  };
}

/** "<event seq>:<admin record id>": the page continues below both; 0 means that source is done. */
function parseCursor(cursor: string): { seq: number; adminId: number } {
  const [seq, adminId] = cursor.split(':').map(Number) as [number, number];
  return { seq, adminId };
}

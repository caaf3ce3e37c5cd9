import type { AuditEntryView, AuditListQuery, AuditPageView, HallConfig } from '../../contracts';
import { AUDIT_COUNT_CAP } from '../../contracts';
import type { AuditStore } from '../admin-ports';
import { describeEvent } from './describe-event';

/** The names an audit page shows instead of ids, taken from the live config (plain data: it goes to a worker). */
export interface AuditLabels {
  hallId: string;
  windows: Record<string, string>;
  accounts: Record<string, string>;
  devices: Record<string, string>;
}

export function auditLabels(config: HallConfig): AuditLabels {
  return {
    hallId: config.id,
    windows: Object.fromEntries(config.windows.map((w) => [String(w.id), w.name])),
    accounts: Object.fromEntries(config.accounts.map((a) => [a.username, a.displayName])),
    devices: Object.fromEntries(config.devices.filter((d) => d.name).map((d) => [d.id, d.name!])),
  };
}

/** One page of the audit trail (queue events and admin records), newest first, with readable lines. */
export async function auditPage(store: AuditStore, labels: AuditLabels, q: AuditListQuery): Promise<AuditPageView> {
  const windowName = (id: number) => labels.windows[String(id)] ?? `${id}号窗口`;
  const before = q.cursor ? parseCursor(q.cursor) : undefined;
  const result = await store.query(labels.hallId, { ...q, before, countCap: AUDIT_COUNT_CAP });
  const entries = result.rows.map((r): AuditEntryView => {
    const actorName = (r.actor.kind === 'device' ? labels.devices[r.actor.id] : labels.accounts[r.actor.id]) ?? null;
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

import type { AuditEntryView, AuditListQuery, AuditPageView, HallConfig } from '../../contracts';
import { AUDIT_COUNT_CAP, bookingRef } from '../../contracts';
import type { AuditStore } from '../admin-ports';
import type { EventNames } from './describe-event';
import { describeEvent } from './describe-event';

type Pair = [zh: string, en: string];

/** The names an audit page shows instead of ids, taken from the live config (plain data: it goes to a worker). */
export interface AuditLabels {
  hallId: string;
  timeZone: string;
  windows: Record<string, Pair>;
  categories: Record<string, Pair>;
  priorities: Record<string, Pair>;
  accounts: Record<string, string>;
  devices: Record<string, Pair>;
}

export function auditLabels(config: HallConfig): AuditLabels {
  const windows = Object.fromEntries(config.windows.map((w): [string, Pair] => [String(w.id), [w.name, w.nameEn || `Window ${w.id}`]]));
  return {
    hallId: config.id,
    timeZone: config.timeZone,
    windows,
    categories: Object.fromEntries(config.categories.map((c): [string, Pair] => [c.id, [c.name, c.nameEn]])),
    priorities: Object.fromEntries(config.priorityClasses.map((p): [string, Pair] => [p.id, [p.name, p.nameEn]])),
    accounts: Object.fromEntries(config.accounts.map((a) => [a.username, a.displayName])),
    devices: Object.fromEntries(config.devices.map((d): [string, Pair] => [d.id, deviceName(d, windows)])),
  };
}

/** A device's own name, or what it is: a window's rating screen is named after its window. */
function deviceName(d: HallConfig['devices'][number], windows: Record<string, Pair>): Pair {
  if (d.name) return [d.name, d.name];
  const window = d.windowId !== undefined ? windows[String(d.windowId)] : undefined;
  if (d.kind === 'window-display') return window ? [`${window[0]}评价屏`, `${window[1]} screen`] : ['窗口屏', 'window screen'];
  return d.kind === 'kiosk' ? ['自助取号机', 'kiosk'] : ['大厅综合屏', 'hall screen'];
}

/** One page of the audit trail (queue events and admin records), newest first, with readable lines. */
export async function auditPage(store: AuditStore, labels: AuditLabels, q: AuditListQuery): Promise<AuditPageView> {
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: labels.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const names: EventNames = {
    window: (id) => labels.windows[String(id)] ?? [`${id}号窗口`, `Window ${id}`],
    category: (id) => labels.categories[id] ?? [`${id} 类`, `category ${id}`],
    priority: (id) => labels.priorities[id] ?? [id, id],
    staff: (username) => labels.accounts[username] ?? username,
    clock: (at) => clock.format(at),
  };
  const before = q.cursor ? parseCursor(q.cursor) : undefined;
  const result = await store.query(labels.hallId, { ...q, before, countCap: AUDIT_COUNT_CAP });
  const entries = result.rows.map((r): AuditEntryView => {
    const [actorName, actorNameEn] = actorNames(r.actor, labels);
    // A citizen is known only by the booking's random id: its short reference, as the entries say it.
    const actor = r.actor.kind === 'citizen' ? { kind: r.actor.kind, id: bookingRef(r.actor.id) } : r.actor;
    if (r.source === 'event') {
      const words = describeEvent(r.event, names);
      return { source: 'event', ref: r.ref, at: r.at, type: r.event.type, actor, actorName, actorNameEn, ticketNumber: words.ticketNumber, summary: words.zh, summaryEn: words.en };
    }
    const data = r.data as { number?: unknown } | null;
    const ticketNumber = typeof data?.number === 'string' ? data.number : null;
    return { source: 'admin', ref: r.ref, at: r.at, type: r.action, actor, actorName, actorNameEn, ticketNumber, summary: r.summary, summaryEn: r.summaryEn };
  });
  return {
    total: result.total,
    totalCapped: result.capped,
    limit: q.limit,
    entries,
    next: result.next ? `${result.next.seq}:${result.next.adminId}` : null,
  };
}

function actorNames(actor: { kind: string; id: string }, labels: AuditLabels): [string | null, string | null] {
  if (actor.kind === 'device') return labels.devices[actor.id] ?? [null, null];
  if (actor.kind === 'citizen') return ['市民', 'citizen'];
  if (actor.kind === 'system') return actor.id === 'city' ? ['城市平台', 'city platform'] : ['系统', 'system'];
  const name = labels.accounts[actor.id] ?? null;
  return [name, name];
}

/** "<event seq>:<admin record id>": the page continues below both; 0 means that source is done. */
function parseCursor(cursor: string): { seq: number; adminId: number } {
  const [seq, adminId] = cursor.split(':').map(Number) as [number, number];
  return { seq, adminId };
}

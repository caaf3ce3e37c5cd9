import type { Figures, Thresholds, TicketRecord } from './figures';
import { figuresOf } from './figures';

export interface Statistics {
  from: string;
  to: string;
  total: Figures;
  byDay: Record<string, Figures>;
  byCategory: Record<string, Figures>;
  byWindow: Record<string, Figures>;
  byStaff: Record<string, Figures>;
}

function groupBy(records: readonly TicketRecord[], key: (r: TicketRecord) => string | number | null, t: Thresholds): Record<string, Figures> {
  const groups = new Map<string, TicketRecord[]>();
  for (const r of records) {
    const k = key(r);
    if (k === null) continue;
    const list = groups.get(String(k)) ?? [];
    list.push(r);
    groups.set(String(k), list);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([k, list]) => [k, figuresOf(list, t)]));
}

/**
 * Figures for service days `from`..`to` (inclusive): in all, and by day, category, window and staff. A
 * ticket counts for the window and staff member that served it, or else that called it first.
 */
export function statisticsOf(records: readonly TicketRecord[], from: string, to: string, t: Thresholds): Statistics {
  const inRange = records.filter((r) => r.day >= from && r.day <= to);
  return {
    from,
    to,
    total: figuresOf(inRange, t),
    byDay: groupBy(inRange, (r) => r.day, t),
    byCategory: groupBy(inRange, (r) => r.categoryId, t),
    byWindow: groupBy(inRange, (r) => r.finishedWindowId ?? r.calledWindowId, t),
    byStaff: groupBy(inRange, (r) => r.finishedStaffId ?? r.calledStaffId, t),
  };
}

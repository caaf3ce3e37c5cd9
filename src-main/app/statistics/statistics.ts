import type { LowRatingView } from '../../contracts';
import { LOW_RATING_LEVELS } from '../../domain';
import type { Figures, FiguresPartial, Thresholds, TicketRecord } from './figures';
import { addPartial, addRecord, emptyPartial, finalize } from './figures';

export interface Statistics {
  from: string;
  to: string;
  total: Figures;
  byDay: Record<string, Figures>;
  byCategory: Record<string, Figures>;
  byWindow: Record<string, Figures>;
  byStaff: Record<string, Figures>;
}

/**
 * Where a ticket counts: its service day, its category, and the window and staff member that served it
 * (or else that called it first). 0 and '' stand for "no window" and "nobody" (never called).
 */
export interface CellKey {
  day: string;
  categoryId: string;
  windowId: number;
  staffId: string;
}

/** The partial figures of the tickets of one day, category, window and staff member: the read model's unit. */
export interface StatCell extends CellKey {
  partial: FiguresPartial;
}

export function cellKeyOf(r: TicketRecord): CellKey {
  return { day: r.day, categoryId: r.categoryId, windowId: r.finishedWindowId ?? r.calledWindowId ?? 0, staffId: r.finishedStaffId ?? r.calledStaffId ?? '' };
}

export const cellId = (k: CellKey) => `${k.day}|${k.categoryId}|${k.windowId}|${k.staffId}`;

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => a.localeCompare(b, 'en', { numeric: true });

/** Figures for service days from..to (inclusive): in all, and by day, category, window and staff. */
export function statisticsFromCells(cells: Iterable<StatCell>, from: string, to: string, t: Thresholds): Statistics {
  const total = emptyPartial();
  const groups = { day: new Map<string, FiguresPartial>(), category: new Map<string, FiguresPartial>(), window: new Map<string, FiguresPartial>(), staff: new Map<string, FiguresPartial>() };
  const into = (m: Map<string, FiguresPartial>, k: string, p: FiguresPartial) => {
    let g = m.get(k);
    if (!g) m.set(k, (g = emptyPartial()));
    addPartial(g, p);
  };
  for (const c of cells) {
    if (c.day < from || c.day > to) continue;
    addPartial(total, c.partial);
    into(groups.day, c.day, c.partial);
    into(groups.category, c.categoryId, c.partial);
    if (c.windowId !== 0) into(groups.window, String(c.windowId), c.partial);
    if (c.staffId !== '') into(groups.staff, c.staffId, c.partial);
  }
  const figures = (m: Map<string, FiguresPartial>) => Object.fromEntries([...m].sort(byKey).map(([k, p]) => [k, finalize(p, t)]));
  return { from, to, total: finalize(total, t), byDay: figures(groups.day), byCategory: figures(groups.category), byWindow: figures(groups.window), byStaff: figures(groups.staff) };
}

/** Tickets folded into cells: what the read model keeps, computed from scratch. */
export function cellsOf(records: Iterable<TicketRecord>): StatCell[] {
  const cells = new Map<string, StatCell>();
  for (const r of records) {
    const key = cellKeyOf(r);
    const id = cellId(key);
    let c = cells.get(id);
    if (!c) cells.set(id, (c = { ...key, partial: emptyPartial() }));
    addRecord(c.partial, r, 1);
  }
  return [...cells.values()];
}

/** Figures straight from ticket records (a replay of the log). */
export function statisticsOf(records: readonly TicketRecord[], from: string, to: string, t: Thresholds): Statistics {
  return statisticsFromCells(cellsOf(records), from, to, t);
}

export function lowRatingOf(r: TicketRecord): LowRatingView | null {
  if (!r.rating || !LOW_RATING_LEVELS.has(r.rating.level)) return null;
  return { number: r.number, day: r.day, level: r.rating.level, reasons: r.rating.reasons, comment: r.rating.comment, windowId: r.finishedWindowId, staffId: r.finishedStaffId, at: r.rating.at };
}

/** The low ratings of days from..to, newest first. */
export function lowRatingsOf(records: Iterable<TicketRecord>, from: string, to: string): LowRatingView[] {
  const out: LowRatingView[] = [];
  for (const r of records) {
    const low = r.day >= from && r.day <= to ? lowRatingOf(r) : null;
    if (low) out.push(low);
  }
  // Newest first; one minute's ratings by day and number, newest first too (as the read model orders them).
  const id = (l: LowRatingView) => `${l.day}/${l.number}`;
  return out.sort((a, b) => b.at - a.at || (id(a) < id(b) ? 1 : id(a) > id(b) ? -1 : 0));
}

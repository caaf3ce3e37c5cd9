import type { LowRatingView } from '../../contracts';
import { LOW_RATING_LEVELS } from '../../domain';
import { nextDay } from '../../domain/booking/zoned-time';
import type { Figures, FiguresPartial, Thresholds, TicketRecord } from './figures';
import { addPartial, addRecord, emptyPartial, finalize } from './figures';
import type { WindowMonths } from './ranking';

export interface Statistics {
  from: string;
  to: string;
  total: Figures;
  byDay: Record<string, Figures>;
  /** Months of the range, each over its days inside the range (from the day totals). */
  byMonth: Record<string, Figures>;
  byCategory: Record<string, Figures>;
  byWindow: Record<string, Figures>;
  byStaff: Record<string, Figures>;
}

/**
 * Where a ticket counts: its service day, its category, and the window and staff member that served it
 * (or else that called it first). 0 and '' stand for "no window" and "nobody" (never called).
 */
export interface CellKey {
  /** A service day (YYYY-MM-DD) or, for a month's roll-up, the month (YYYY-MM). */
  period: string;
  categoryId: string;
  windowId: number;
  staffId: string;
}

/** Partial figures of the tickets of one key: the read model's unit. */
export interface StatCell extends CellKey {
  partial: FiguresPartial;
}

/** A day's total over every category, window and staff member is kept under this key. */
export const DAY_TOTAL = { categoryId: '*', windowId: -1, staffId: '*' } as const;

export const isDayTotal = (k: CellKey) => k.categoryId === DAY_TOTAL.categoryId;

/**
 * The cells a ticket counts in: its day's cell, the same cell of its month (so a year is twelve months of
 * cells, not 365 days of them) and its day's total (the by-day figures and the grand total).
 */
export function cellKeysOf(r: TicketRecord): [CellKey, CellKey, CellKey] {
  const where = { categoryId: r.categoryId, windowId: r.finishedWindowId ?? r.calledWindowId ?? 0, staffId: r.finishedStaffId ?? r.calledStaffId ?? '' };
  return [{ period: r.day, ...where }, { period: r.day.slice(0, 7), ...where }, { period: r.day, ...DAY_TOTAL }];
}

export const cellId = (k: CellKey) => `${k.period}|${k.categoryId}|${k.windowId}|${k.staffId}`;

/** Tickets folded into cells of every grain: what the read model keeps, computed from scratch. */
export function cellsOf(records: Iterable<TicketRecord>): StatCell[] {
  const cells = new Map<string, StatCell>();
  for (const r of records) {
    for (const key of cellKeysOf(r)) {
      const id = cellId(key);
      let c = cells.get(id);
      if (!c) cells.set(id, (c = { ...key, partial: emptyPartial() }));
      addRecord(c.partial, r, 1);
    }
  }
  return [...cells.values()];
}

/** Which cells a range needs: whole months from their roll-ups, the days around them one by one. */
export interface RangeCells {
  /** Months wholly inside the range. */
  months: string[];
  /** Days of the range outside those months, as inclusive [from, to] runs. */
  dayRuns: Array<[string, string]>;
}

export function rangeCells(from: string, to: string): RangeCells {
  const months: string[] = [];
  const dayRuns: Array<[string, string]> = [];
  let runStart: string | null = null;
  for (let day = from; day <= to; ) {
    const month = day.slice(0, 7);
    const last = lastDayOfMonth(month);
    if (day.endsWith('-01') && last <= to) {
      if (runStart) dayRuns.push([runStart, previousDay(day)]);
      runStart = null;
      months.push(month);
      day = nextDay(last);
    } else {
      runStart ??= day;
      day = nextDay(day);
    }
  }
  if (runStart) dayRuns.push([runStart, to]);
  return { months, dayRuns };
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function previousDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Figures for days from..to: `dayTotals` are the range's day totals (by day, and the grand total), `cells`
 * the month roll-ups and day cells that rangeCells names (by category, window and staff member).
 * `windowMonths`, if given, is filled with each month's windows (the monthly window ranking's ratings).
 */
export function statisticsFromCells(dayTotals: Iterable<StatCell>, cells: Iterable<StatCell>, from: string, to: string, t: Thresholds, windowMonths?: WindowMonths): Statistics {
  const total = emptyPartial();
  const byDay = new Map<string, FiguresPartial>();
  const byMonth = new Map<string, FiguresPartial>();
  const groups = { category: new Map<string, FiguresPartial>(), window: new Map<string, FiguresPartial>(), staff: new Map<string, FiguresPartial>() };
  const into = (m: Map<string, FiguresPartial>, k: string, p: FiguresPartial) => {
    let g = m.get(k);
    if (!g) m.set(k, (g = emptyPartial()));
    addPartial(g, p);
  };
  for (const c of dayTotals) {
    addPartial(total, c.partial);
    byDay.set(c.period, c.partial);
    into(byMonth, c.period.slice(0, 7), c.partial);
  }
  for (const c of cells) {
    into(groups.category, c.categoryId, c.partial);
    if (c.windowId !== 0) into(groups.window, String(c.windowId), c.partial);
    if (c.staffId !== '') into(groups.staff, c.staffId, c.partial);
    if (windowMonths && c.windowId !== 0) {
      // A month's roll-up has the month as its period; a day cell counts in its day's month.
      const month = c.period.slice(0, 7);
      let m = windowMonths.get(month);
      if (!m) windowMonths.set(month, (m = new Map()));
      let w = m.get(c.windowId);
      if (!w) m.set(c.windowId, (w = emptyPartial()));
      addPartial(w, c.partial);
    }
  }
  const figures = (m: Map<string, FiguresPartial>) => Object.fromEntries([...m].sort(byKey).map(([k, p]) => [k, finalize(p, t)]));
  return { from, to, total: finalize(total, t), byDay: figures(byDay), byMonth: figures(byMonth), byCategory: figures(groups.category), byWindow: figures(groups.window), byStaff: figures(groups.staff) };
}

/** Figures straight from ticket records (a replay of the log), grouped directly, without roll-ups. */
export function statisticsOf(records: readonly TicketRecord[], from: string, to: string, t: Thresholds, windowMonths?: WindowMonths): Statistics {
  const inRange = records.filter((r) => r.day >= from && r.day <= to);
  const days = cellsOf(inRange).filter((c) => c.period.length === 10);
  return statisticsFromCells(
    days.filter(isDayTotal),
    days.filter((c) => !isDayTotal(c)),
    from,
    to,
    t,
    windowMonths,
  );
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

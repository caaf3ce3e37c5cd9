import type { CityReport, StatisticsFiguresView } from '../../src-main/contracts';

// The city's statistics as table rows: halls ranked by satisfaction or by waits, categories across halls,
// every hall's windows, months. Plain functions, tested without Vue.

export type HallRanking = 'satisfaction' | 'wait';

export interface FiguresRow {
  key: string;
  label: string;
  figures: StatisticsFiguresView;
}

export interface RankedRow extends FiguresRow {
  /** 1, 2, 3…; halls without a figure to rank by share no place (null). */
  place: number | null;
}

/** Names the page knows better than the report (the overview's, in the page's language), by hall id. */
export type HallNames = Readonly<Record<string, string>>;

const nullsLast = (a: number | null, b: number | null, dir: 1 | -1) => {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return dir * (a - b);
};

function hallLabel(r: CityReport, id: string, names: HallNames): string {
  return names[id] ?? r.names.halls[id] ?? id;
}

/**
 * Halls ranked: by satisfaction (highest first, then more ratings first) or by waits (the shortest average
 * wait first, then the shorter 90% wait). A hall with nothing to rank by comes last without a place;
 * equal figures share a place.
 */
export function rankHalls(r: CityReport, by: HallRanking, names: HallNames = {}): RankedRow[] {
  const value = (f: StatisticsFiguresView) => (by === 'satisfaction' ? f.satisfactionRate : f.waitAverageMinutes);
  const compare = (a: StatisticsFiguresView, b: StatisticsFiguresView) =>
    by === 'satisfaction'
      ? nullsLast(a.satisfactionRate, b.satisfactionRate, -1) || b.rated - a.rated
      : nullsLast(a.waitAverageMinutes, b.waitAverageMinutes, 1) || nullsLast(a.waitP90Minutes, b.waitP90Minutes, 1);
  const rows = Object.entries(r.byHall)
    .map(([key, figures]) => ({ key, label: hallLabel(r, key, names), figures }))
    .sort((a, b) => compare(a.figures, b.figures) || a.label.localeCompare(b.label, 'zh-CN'));
  let place = 0;
  return rows.map((row, i) => {
    if (value(row.figures) === null) return { ...row, place: null };
    const prev = rows[i - 1];
    if (!prev || compare(prev.figures, row.figures) !== 0) place = i + 1;
    return { ...row, place };
  });
}

/** A category's or window's name in the page's language: the English one where the report has it. */
function reportName(r: CityReport, group: 'categories' | 'windows', key: string, locale: string): string | undefined {
  const en = locale === 'en' ? r.namesEn?.[group][key]?.trim() : undefined;
  return en || r.names[group][key];
}

/** Categories across the city, in the report's order, as "A 企业服务" ("A Enterprise services" in English). */
export function categoryRows(r: CityReport, locale = 'zh-CN'): FiguresRow[] {
  return Object.entries(r.byCategory).map(([key, figures]) => {
    const name = reportName(r, 'categories', key, locale);
    return { key, label: name ? `${key} ${name}` : key, figures };
  });
}

export interface WindowRow extends FiguresRow {
  hallId: string;
  hall: string;
  windowId: string;
  window: string;
}

/** Every hall's windows ("<hallId>/<windowId>"), grouped by hall in the hall ranking's name order, then by number. */
export function windowRows(r: CityReport, names: HallNames = {}, locale = 'zh-CN'): WindowRow[] {
  return Object.entries(r.byWindow)
    .map(([key, figures]) => {
      const cut = key.lastIndexOf('/');
      const hallId = cut < 0 ? key : key.slice(0, cut);
      const windowId = cut < 0 ? '' : key.slice(cut + 1);
      const hall = hallLabel(r, hallId, names);
      const window = reportName(r, 'windows', key, locale) ?? windowId;
      return { key, hallId, hall, windowId, window, label: `${hall} · ${window}`, figures };
    })
    .sort((a, b) => a.hall.localeCompare(b.hall, 'zh-CN') || a.hallId.localeCompare(b.hallId) || Number(a.windowId) - Number(b.windowId) || a.windowId.localeCompare(b.windowId));
}

/** Months oldest first, labelled "2026-03". */
export function monthRows(r: CityReport): FiguresRow[] {
  return Object.entries(r.byMonth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, figures]) => ({ key, label: key, figures }));
}


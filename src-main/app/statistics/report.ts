import type { EnglishGroupNames, HallConfig, LowRatingView, StatisticsReport } from '../../contracts';
import { LOW_RATINGS_SHOWN } from '../../contracts';
import type { RatingCase } from '../../domain';
import { daysBetween } from '../../domain/booking/zoned-time';
import { caseStatistics } from './case-figures';
import type { Thresholds } from './figures';
import type { WindowMonths } from './ranking';
import { monthlyRankings } from './ranking';
import type { RangeCells, StatCell } from './statistics';
import { rangeCells, statisticsFromCells } from './statistics';

export const MAX_RANGE_DAYS = 366;

export type RangeCheck = { ok: true } | { ok: false; message: string; messageEn: string };

export function checkRange(from: string, to: string): RangeCheck {
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
  if (!valid(from) || !valid(to)) return { ok: false, message: '日期格式应为 YYYY-MM-DD', messageEn: 'from and to must be dates as YYYY-MM-DD' };
  const days = daysBetween(from, to);
  if (days < 0) return { ok: false, message: '开始日期晚于结束日期', messageEn: 'from is after to' };
  if (days >= MAX_RANGE_DAYS) return { ok: false, message: `一次最多统计 ${MAX_RANGE_DAYS} 天`, messageEn: `at most ${MAX_RANGE_DAYS} days at once` };
  return { ok: true };
}

/** The statistics read model as a report needs it (a worker's read-only connection). */
export interface StatisticsReader {
  /** The day totals of days from..to. */
  dayTotals(hallId: string, from: string, to: string): Iterable<StatCell>;
  /** The month roll-ups and the day cells (not day totals) a range needs. */
  cells(hallId: string, plan: RangeCells): Iterable<StatCell>;
  /** Newest first. */
  lowRatings(hallId: string, from: string, to: string, limit: number): LowRatingView[];
  lowRatingsCount(hallId: string, from: string, to: string): number;
  /** The bad-rating cases of service days from..to, in id order. */
  cases(hallId: string, from: string, to: string): Iterable<RatingCase>;
  /** How far into the hall's log the read model goes. */
  position(hallId: string): number;
}

/** What a report takes from the live config: the thresholds in force and the names to show. */
export interface ReportLabels {
  hallId: string;
  thresholds: Thresholds;
  names: StatisticsReport['names'];
  /** English names of categories and windows where the config has them (for the city's English page). */
  namesEn?: EnglishGroupNames | undefined;
  /** The hall's time zone: times in exports are written in it (Asia/Shanghai if not given). */
  timeZone?: string | undefined;
}

export function reportLabels(config: HallConfig): ReportLabels {
  const s = config.supervision;
  return {
    hallId: config.id,
    timeZone: config.timeZone,
    thresholds: { waitYellowMinutes: s.waitYellowMinutes, waitRedMinutes: s.waitRedMinutes, serviceLimitMinutes: s.serviceLimitMinutes },
    names: {
      categories: Object.fromEntries(config.categories.map((c) => [c.id, c.name])),
      windows: Object.fromEntries(config.windows.map((w) => [String(w.id), w.name])),
      staff: Object.fromEntries(config.accounts.map((a) => [a.username, a.displayName])),
    },
    namesEn: {
      categories: Object.fromEntries(config.categories.filter((c) => c.nameEn.trim()).map((c) => [c.id, c.nameEn])),
      windows: Object.fromEntries(config.windows.filter((w) => w.nameEn?.trim()).map((w) => [String(w.id), w.nameEn!])),
    },
  };
}

/**
 * Statistics for service days from..to from the read model: whole months come from their roll-ups, so a
 * year is twelve months of cells and 365 day totals, whatever the number of tickets. `wantSeq`: the hall's
 * log position the caller wants included. `now`: the moment case deadlines are judged at (whether a case
 * not answered yet is late), the hall's clock.
 */
export function statisticsReport(reader: StatisticsReader, labels: ReportLabels, from: string, to: string, wantSeq: number, now: number): StatisticsReport {
  const upToSeq = reader.position(labels.hallId);
  const windowMonths: WindowMonths = new Map();
  const stats = statisticsFromCells(reader.dayTotals(labels.hallId, from, to), reader.cells(labels.hallId, rangeCells(from, to)), from, to, labels.thresholds, windowMonths);
  // A few per hundred ratings: read once, counted twice.
  const cases = [...reader.cases(labels.hallId, from, to)];
  return {
    from,
    to,
    total: stats.total,
    byDay: stats.byDay,
    byCategory: stats.byCategory,
    byWindow: stats.byWindow,
    byStaff: stats.byStaff,
    byMonth: stats.byMonth,
    cases: caseStatistics(cases, from, to, now),
    rankings: monthlyRankings(windowMonths, cases, from, to, now),
    asOf: now,
    lowRatings: reader.lowRatings(labels.hallId, from, to, LOW_RATINGS_SHOWN),
    lowRatingsTotal: reader.lowRatingsCount(labels.hallId, from, to),
    thresholds: labels.thresholds,
    names: labels.names,
    namesEn: labels.namesEn,
    upToSeq,
    complete: upToSeq >= wantSeq,
  };
}

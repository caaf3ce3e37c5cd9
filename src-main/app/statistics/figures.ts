import type { StatisticsFiguresView } from '../../contracts';
import type { RatingLevel, TicketSource } from '../../domain';
import { RATING_LEVELS } from '../../domain';

/** One ticket's story, rebuilt from the event log. */
export interface TicketRecord {
  id: string;
  number: string;
  day: string;
  categoryId: string;
  source: TicketSource;
  issuedAt: number;
  firstCalledAt: number | null;
  calledWindowId: number | null;
  calledStaffId: string | null;
  finishedAt: number | null;
  serviceMs: number | null;
  finishedWindowId: number | null;
  finishedStaffId: string | null;
  outcome: 'open' | 'finished' | 'missed' | 'cancelled' | 'expired';
  rating: { level: RatingLevel; reasons: string[]; comment: string | null } | null;
}

export interface Thresholds {
  waitYellowMinutes: number;
  waitRedMinutes: number;
  serviceLimitMinutes: number;
}

/** The figures a hall reports upward: the statistics API sends exactly this shape. */
export type Figures = StatisticsFiguresView;

const MINUTE = 60_000;

function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** The figures a hall reports upward, for any set of tickets. */
export function figuresOf(records: readonly TicketRecord[], t: Thresholds): Figures {
  const bySource: Record<TicketSource, number> = { kiosk: 0, remote: 0, appointment: 0, counter: 0 };
  const ratings = Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as Record<RatingLevel, number>;
  const lowReasons: Record<string, number> = {};
  const lowRatings: Figures['lowRatings'] = [];
  const waits: number[] = [];
  const services: number[] = [];
  let served = 0;
  let noShows = 0;
  let called = 0;
  let cancelled = 0;
  let expired = 0;
  let overWaitYellow = 0;
  let overWaitRed = 0;
  let overService = 0;
  let rated = 0;
  let satisfied = 0;
  for (const r of records) {
    bySource[r.source]++;
    if (r.firstCalledAt !== null) {
      called++;
      const wait = (r.firstCalledAt - r.issuedAt) / MINUTE;
      waits.push(wait);
      if (wait > t.waitRedMinutes) overWaitRed++;
      else if (wait > t.waitYellowMinutes) overWaitYellow++;
    }
    if (r.outcome === 'finished') served++;
    if (r.outcome === 'missed') noShows++;
    if (r.outcome === 'cancelled') cancelled++;
    if (r.outcome === 'expired') expired++;
    if (r.serviceMs !== null) {
      services.push(r.serviceMs / MINUTE);
      if (r.serviceMs / MINUTE > t.serviceLimitMinutes) overService++;
    }
    if (r.rating) {
      rated++;
      ratings[r.rating.level]++;
      if (r.rating.level === 'very-satisfied' || r.rating.level === 'satisfied' || r.rating.level === 'basic') satisfied++;
      else {
        for (const reason of r.rating.reasons) lowReasons[reason] = (lowReasons[reason] ?? 0) + 1;
        lowRatings.push({ number: r.number, day: r.day, level: r.rating.level, reasons: r.rating.reasons, comment: r.rating.comment, windowId: r.finishedWindowId, staffId: r.finishedStaffId });
      }
    }
  }
  waits.sort((a, b) => a - b);
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    issued: records.length,
    bySource,
    served,
    noShows,
    noShowRate: called === 0 ? null : Math.round((noShows / called) * 10000) / 10000,
    cancelled,
    expired,
    waitAverageMinutes: round1(mean(waits)),
    waitP90Minutes: round1(nearestRank(waits, 90)),
    serviceAverageMinutes: round1(mean(services)),
    overWaitYellow,
    overWaitRed,
    overService,
    ratings,
    rated,
    satisfactionRate: rated === 0 ? null : Math.round((satisfied / rated) * 10000) / 10000,
    lowReasons,
    lowRatings,
  };
}

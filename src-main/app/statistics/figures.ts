import type { StatisticsFiguresView } from '../../contracts';
import type { RatingChannel, RatingLevel, TicketSource } from '../../domain';
import { LOW_RATING_LEVELS, RATING_CHANNELS, RATING_LEVELS } from '../../domain';

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
  rating: { level: RatingLevel; reasons: string[]; comment: string | null; at: number; channel: RatingChannel; realName: boolean } | null;
}

export interface Thresholds {
  waitYellowMinutes: number;
  waitRedMinutes: number;
  serviceLimitMinutes: number;
}

/** The figures a hall reports upward: the statistics API sends exactly this shape. */
export type Figures = StatisticsFiguresView;

const SOURCES: readonly TicketSource[] = ['kiosk', 'remote', 'appointment', 'counter'];
const TENTH_MS = 6_000;

/**
 * What figures are made of, in a form that adds up: counts, sums and histograms in tenths of a minute.
 * Any set of tickets' partial is the sum of its tickets' partials, so figures for a day, a month or a
 * window come from stored partials (read models) exactly as from a replay of the log. A ticket whose
 * story changes is taken out (sign -1) and put back.
 */
export interface FiguresPartial {
  issued: number;
  /** kiosk, remote, appointment, counter */
  sources: [number, number, number, number];
  called: number;
  served: number;
  noShows: number;
  cancelled: number;
  expired: number;
  /** Waits from issue to first call: count per tenth of a minute, and the exact sum. */
  waits: Record<string, number>;
  waitSumMs: number;
  /** Service times of finished tickets: count per tenth of a minute, and the exact sum. */
  services: Record<string, number>;
  serviceSumMs: number;
  timedServices: number;
  /** Per level, in RATING_LEVELS order. */
  ratings: [number, number, number, number, number];
  /** Ratings per channel, in RATING_CHANNELS order (window, phone, slip-qr, booking). */
  channels: [number, number, number, number];
  lowReasons: Record<string, number>;
}

export function emptyPartial(): FiguresPartial {
  return {
    issued: 0, sources: [0, 0, 0, 0], called: 0, served: 0, noShows: 0, cancelled: 0, expired: 0,
    waits: {}, waitSumMs: 0, services: {}, serviceSumMs: 0, timedServices: 0, ratings: [0, 0, 0, 0, 0], channels: [0, 0, 0, 0], lowReasons: {},
  };
}

const tenths = (ms: number) => String(Math.round(ms / TENTH_MS));

function bump(map: Record<string, number>, key: string, by: number): void {
  const n = (map[key] ?? 0) + by;
  if (n === 0) delete map[key];
  else map[key] = n;
}

/** Adds (sign 1) or takes out (sign -1) one ticket's contribution. */
export function addRecord(p: FiguresPartial, r: TicketRecord, sign: 1 | -1): void {
  p.issued += sign;
  p.sources[SOURCES.indexOf(r.source)]! += sign;
  if (r.firstCalledAt !== null) {
    const wait = r.firstCalledAt - r.issuedAt;
    p.called += sign;
    p.waitSumMs += sign * wait;
    bump(p.waits, tenths(wait), sign);
  }
  if (r.outcome === 'finished') p.served += sign;
  if (r.outcome === 'missed') p.noShows += sign;
  if (r.outcome === 'cancelled') p.cancelled += sign;
  if (r.outcome === 'expired') p.expired += sign;
  if (r.serviceMs !== null) {
    p.timedServices += sign;
    p.serviceSumMs += sign * r.serviceMs;
    bump(p.services, tenths(r.serviceMs), sign);
  }
  if (r.rating) {
    p.ratings[RATING_LEVELS.indexOf(r.rating.level)]! += sign;
    p.channels[RATING_CHANNELS.indexOf(r.rating.channel)]! += sign;
    if (LOW_RATING_LEVELS.has(r.rating.level)) for (const reason of r.rating.reasons) bump(p.lowReasons, reason, sign);
  }
}

/** target += p */
export function addPartial(target: FiguresPartial, p: FiguresPartial): void {
  target.issued += p.issued;
  for (let i = 0; i < 4; i++) target.sources[i]! += p.sources[i]!;
  target.called += p.called;
  target.served += p.served;
  target.noShows += p.noShows;
  target.cancelled += p.cancelled;
  target.expired += p.expired;
  for (const [k, n] of Object.entries(p.waits)) bump(target.waits, k, n);
  target.waitSumMs += p.waitSumMs;
  for (const [k, n] of Object.entries(p.services)) bump(target.services, k, n);
  target.serviceSumMs += p.serviceSumMs;
  target.timedServices += p.timedServices;
  for (let i = 0; i < 5; i++) target.ratings[i]! += p.ratings[i]!;
  for (let i = 0; i < 4; i++) target.channels[i]! += p.channels[i]!;
  for (const [k, n] of Object.entries(p.lowReasons)) bump(target.lowReasons, k, n);
}

export function isEmptyPartial(p: FiguresPartial): boolean {
  return p.issued === 0 && p.called === 0 && p.timedServices === 0 && p.ratings.every((n) => n === 0);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
/** A share to four decimals (0.9512 = 95.12 %), null of nothing. */
export const rate = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10000) / 10000);

/** Nearest-rank percentile of a histogram keyed by tenths of a minute, in minutes. */
function percentile(histogram: Record<string, number>, count: number, pct: number): number | null {
  if (count === 0) return null;
  const rank = Math.max(1, Math.ceil((pct / 100) * count));
  let seen = 0;
  for (const key of Object.keys(histogram).map(Number).sort((a, b) => a - b)) {
    seen += histogram[key]!;
    if (seen >= rank) return key / 10;
  }
  return null;
}

function countAbove(histogram: Record<string, number>, tenthsLimit: number, upTo = Infinity): number {
  let n = 0;
  for (const [k, c] of Object.entries(histogram)) {
    const t = Number(k);
    if (t > tenthsLimit && t <= upTo) n += c;
  }
  return n;
}

/** The figures that depend on a hall's thresholds: tickets over them. Additive across halls with different thresholds. */
export type OverCounts = Pick<Figures, 'overWaitYellow' | 'overWaitRed' | 'overService'>;

export function overCounts(p: FiguresPartial, t: Thresholds): OverCounts {
  return {
    overWaitYellow: countAbove(p.waits, t.waitYellowMinutes * 10, t.waitRedMinutes * 10),
    overWaitRed: countAbove(p.waits, t.waitRedMinutes * 10),
    overService: countAbove(p.services, t.serviceLimitMinutes * 10),
  };
}

export function finalize(p: FiguresPartial, t: Thresholds): Figures {
  const ratings = Object.fromEntries(RATING_LEVELS.map((l, i) => [l, p.ratings[i]!])) as Record<RatingLevel, number>;
  const rated = p.ratings.reduce((a, b) => a + b, 0);
  const satisfied = p.ratings[0]! + p.ratings[1]! + p.ratings[2]!;
  return {
    issued: p.issued,
    bySource: Object.fromEntries(SOURCES.map((s, i) => [s, p.sources[i]!])) as Record<TicketSource, number>,
    served: p.served,
    noShows: p.noShows,
    noShowRate: rate(p.noShows, p.called),
    cancelled: p.cancelled,
    expired: p.expired,
    waitAverageMinutes: p.called === 0 ? null : round1(p.waitSumMs / p.called / 60_000),
    waitP90Minutes: percentile(p.waits, p.called, 90),
    serviceAverageMinutes: p.timedServices === 0 ? null : round1(p.serviceSumMs / p.timedServices / 60_000),
    ...overCounts(p, t),
    ratings,
    rated,
    satisfactionRate: rate(satisfied, rated),
    badRated: rated - satisfied,
    badRatingRate: rate(rated - satisfied, rated),
    ratingsByChannel: Object.fromEntries(RATING_CHANNELS.map((c, i) => [c, p.channels[i]!])) as Record<RatingChannel, number>,
    lowReasons: { ...p.lowReasons },
  };
}

/** The figures of any set of tickets. */
export function figuresOf(records: Iterable<TicketRecord>, t: Thresholds): Figures {
  const p = emptyPartial();
  for (const r of records) addRecord(p, r, 1);
  return finalize(p, t);
}

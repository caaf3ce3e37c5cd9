import type { MonthRankingView, RankingTieBreak, WindowRankingView } from '../../contracts';
import type { RatingCase } from '../../domain';
import { answeredOnTime } from '../../domain';
import type { FiguresPartial } from './figures';
import { rate } from './figures';

// 窗口月度排名: each month's windows ordered by satisfaction rate (higher first), then by bad ratings (fewer
// first), then by the on-time rate of their cases (higher first; a window with nothing answered or due
// counts as 100 %). A bad rating whose appeal was upheld (申诉成立) no longer counts against the window:
// it is taken out of both the ratings and the bad ratings. Windows equal on all three share a rank.

/** Month (YYYY-MM) → window → the partial figures of its tickets in the range's days of that month. */
export type WindowMonths = Map<string, Map<number, FiguresPartial>>;

interface Standing {
  windowId: number;
  satisfied: number;
  bad: number;
  upheld: number;
  onTime: number;
  due: number;
}

const counted = (s: Standing) => ({ rated: s.satisfied + s.bad, bad: s.bad });

/** a/b compared with c/d, both over positive denominators: negative when a/b is smaller. */
const compareShares = (a: number, b: number, c: number, d: number) => a * d - c * b;

function compareSatisfaction(x: Standing, y: Standing): number {
  // Higher first.
  return compareShares(y.satisfied, counted(y).rated, x.satisfied, counted(x).rated);
}

function compareOnTime(x: Standing, y: Standing): number {
  const [xn, xd] = x.due === 0 ? [1, 1] : [x.onTime, x.due];
  const [yn, yd] = y.due === 0 ? [1, 1] : [y.onTime, y.due];
  return compareShares(yn, yd, xn, xd);
}

/** How `below` (ranked after `above`) was told apart from it. */
function tieBreakOf(above: Standing, below: Standing): RankingTieBreak | null {
  if (compareSatisfaction(above, below) !== 0) return null;
  if (above.bad !== below.bad) return 'bad-ratings';
  if (compareOnTime(above, below) !== 0) return 'on-time';
  return 'tied';
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Ranks one month's windows. */
export function rankWindows(month: string, from: string, to: string, standings: Iterable<Standing>): MonthRankingView {
  const ranked = [...standings].filter((s) => counted(s).rated > 0);
  ranked.sort((x, y) => compareSatisfaction(x, y) || x.bad - y.bad || compareOnTime(x, y) || x.windowId - y.windowId);
  const windows: WindowRankingView[] = [];
  ranked.forEach((s, i) => {
    const tieBreak = i === 0 ? null : tieBreakOf(ranked[i - 1]!, s);
    const { rated, bad } = counted(s);
    windows.push({
      rank: tieBreak === 'tied' ? windows[i - 1]!.rank : i + 1,
      windowId: s.windowId,
      rated,
      satisfactionRate: rate(s.satisfied, rated),
      badRatings: bad,
      appealsUpheld: s.upheld,
      casesDue: s.due,
      onTimeRate: rate(s.onTime, s.due),
      tieBreak,
    });
  });
  return { month, from, to, windows };
}

/**
 * The ranking of each month of from..to: ratings from `windowMonths`, cases from `cases` (those of the
 * range's days, judged at `now`).
 */
export function monthlyRankings(windowMonths: WindowMonths, cases: Iterable<RatingCase>, from: string, to: string, now: number): MonthRankingView[] {
  const standings = new Map<string, Map<number, Standing>>();
  const standing = (month: string, windowId: number): Standing => {
    let m = standings.get(month);
    if (!m) standings.set(month, (m = new Map()));
    let s = m.get(windowId);
    if (!s) m.set(windowId, (s = { windowId, satisfied: 0, bad: 0, upheld: 0, onTime: 0, due: 0 }));
    return s;
  };
  for (const [month, windows] of windowMonths) {
    for (const [windowId, p] of windows) {
      const s = standing(month, windowId);
      s.satisfied += p.ratings[0] + p.ratings[1] + p.ratings[2];
      s.bad += p.ratings[3] + p.ratings[4];
    }
  }
  for (const c of cases) {
    if (c.serviceDay < from || c.serviceDay > to) continue;
    const s = standing(c.serviceDay.slice(0, 7), c.windowId);
    if (c.outcome === 'appeal-upheld') {
      s.upheld++;
      // The rating no longer counts against the window (never below none: an old rating may have no case).
      if (s.bad > 0) s.bad--;
      continue;
    }
    const onTime = answeredOnTime(c, now);
    if (onTime !== null) s.due++;
    if (onTime === true) s.onTime++;
  }
  return [...standings.keys()].sort().map((month) => {
    const first = `${month}-01`;
    const last = lastDayOfMonth(month);
    return rankWindows(month, first < from ? from : first, last > to ? to : last, standings.get(month)!.values());
  });
}

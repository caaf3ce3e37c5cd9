import type { CaseFiguresView, MonthRankingView, RatingLevel, StatisticsFiguresView, StatisticsReport } from '../../src-main/contracts';

export type RatingChannel = keyof StatisticsFiguresView['ratingsByChannel'];

// Statistics page logic: date ranges, the key figures, and ECharts options (plain objects, tested here).

export type RangeKind = 'day' | 'week' | 'month' | 'custom';

const DAY_MS = 86_400_000;
const toDate = (d: string) => new Date(`${d}T00:00:00Z`);
const fmt = (t: Date) => t.toISOString().slice(0, 10);

/** Today as YYYY-MM-DD in the hall's time zone. */
export function todayIn(timeZone: string, now: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The day, the week (Monday to Sunday) or the month that contains `anchor`. */
export function rangeFor(kind: Exclude<RangeKind, 'custom'>, anchor: string): { from: string; to: string } {
  const d = toDate(anchor);
  if (kind === 'day') return { from: anchor, to: anchor };
  if (kind === 'week') {
    const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
    return { from: fmt(monday), to: fmt(new Date(monday.getTime() + 6 * DAY_MS)) };
  }
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
  return { from: fmt(first), to: fmt(last) };
}

/** Moves a range by whole periods (the previous or next day, week or month). */
export function shiftRange(kind: Exclude<RangeKind, 'custom'>, from: string, step: -1 | 1): { from: string; to: string } {
  const d = toDate(from);
  if (kind === 'month') return rangeFor('month', fmt(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1))));
  return rangeFor(kind, fmt(new Date(d.getTime() + step * (kind === 'week' ? 7 : 1) * DAY_MS)));
}

export const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
export const minutes = (x: number | null) => (x === null ? '—' : x.toFixed(1));

export interface Kpi {
  key: string;
  value: string;
  level?: 'good' | 'warn' | 'bad' | undefined;
}

export function kpis(f: StatisticsFiguresView): Kpi[] {
  return [
    { key: 'issued', value: String(f.issued) },
    { key: 'served', value: String(f.served) },
    { key: 'noShowRate', value: percent(f.noShowRate), level: f.noShowRate !== null && f.noShowRate > 0.1 ? 'warn' : undefined },
    { key: 'waitAverage', value: minutes(f.waitAverageMinutes) },
    { key: 'waitP90', value: minutes(f.waitP90Minutes) },
    { key: 'serviceAverage', value: minutes(f.serviceAverageMinutes) },
    { key: 'overWait', value: `${f.overWaitYellow} / ${f.overWaitRed}`, level: f.overWaitRed > 0 ? 'bad' : f.overWaitYellow > 0 ? 'warn' : 'good' },
    { key: 'satisfaction', value: percent(f.satisfactionRate), level: f.satisfactionRate === null ? undefined : f.satisfactionRate >= 0.95 ? 'good' : 'warn' },
  ];
}

export const RATING_LEVELS: RatingLevel[] = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'];
const RATING_COLORS = ['#1b6e3a', '#4c9a5e', '#8fb14a', '#d08a1c', '#b3261e'];

type Words = (key: string) => string;

const AXIS_FONT = { fontSize: 14 };
const base = (title: string) => ({
  title: { text: title, left: 8, top: 4, textStyle: { fontSize: 16, fontWeight: 600 } },
  tooltip: { trigger: 'axis' as const },
  legend: { top: 6, right: 8, textStyle: AXIS_FONT },
  grid: { left: 56, right: 56, top: 56, bottom: 36 },
  animation: false,
});

/** Tickets and served per day (bars) with the average wait (line, right axis). */
export function dailyChart(r: StatisticsReport, t: Words) {
  const days = Object.keys(r.byDay);
  return {
    ...base(t('stats.chart.daily')),
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)), axisLabel: AXIS_FONT },
    yAxis: [
      { type: 'value', name: t('stats.unit.tickets'), axisLabel: AXIS_FONT },
      { type: 'value', name: t('stats.unit.minutes'), axisLabel: AXIS_FONT, splitLine: { show: false } },
    ],
    series: [
      { name: t('stats.kpi.issued'), type: 'bar', data: days.map((d) => r.byDay[d]!.issued), itemStyle: { color: '#0b5cad' } },
      { name: t('stats.kpi.served'), type: 'bar', data: days.map((d) => r.byDay[d]!.served), itemStyle: { color: '#1b6e3a' } },
      { name: t('stats.kpi.waitAverage'), type: 'line', yAxisIndex: 1, data: days.map((d) => r.byDay[d]!.waitAverageMinutes), itemStyle: { color: '#d08a1c' } },
    ],
  };
}

/** Per category (or window, or staff): tickets and served (bars), average wait and service (lines). */
export function groupChart(title: string, groups: Record<string, StatisticsFiguresView>, names: Record<string, string>, t: Words, wrapLabelsAt?: number) {
  const keys = Object.keys(groups);
  // English names are long: given a width, labels break into lines instead of running into each other.
  const wrap = wrapLabelsAt ? { width: wrapLabelsAt, overflow: 'break' as const } : {};
  return {
    ...base(title),
    xAxis: { type: 'category', data: keys.map((k) => names[k] ?? k), axisLabel: { ...AXIS_FONT, interval: 0, ...wrap } },
    yAxis: [
      { type: 'value', name: t('stats.unit.tickets'), axisLabel: AXIS_FONT },
      { type: 'value', name: t('stats.unit.minutes'), axisLabel: AXIS_FONT, splitLine: { show: false } },
    ],
    series: [
      { name: t('stats.kpi.issued'), type: 'bar', data: keys.map((k) => groups[k]!.issued), itemStyle: { color: '#0b5cad' } },
      { name: t('stats.kpi.served'), type: 'bar', data: keys.map((k) => groups[k]!.served), itemStyle: { color: '#1b6e3a' } },
      { name: t('stats.kpi.waitAverage'), type: 'line', yAxisIndex: 1, data: keys.map((k) => groups[k]!.waitAverageMinutes), itemStyle: { color: '#d08a1c' } },
      { name: t('stats.kpi.serviceAverage'), type: 'line', yAxisIndex: 1, data: keys.map((k) => groups[k]!.serviceAverageMinutes), itemStyle: { color: '#7a3fa0' } },
    ],
  };
}

/** The five evaluation levels as a ring. */
export function ratingChart(f: StatisticsFiguresView, t: Words) {
  return {
    title: { text: t('stats.chart.ratings'), left: 8, top: 4, textStyle: { fontSize: 16, fontWeight: 600 } },
    tooltip: { trigger: 'item' as const, formatter: '{b}: {c} ({d}%)' },
    legend: { orient: 'vertical' as const, right: 8, top: 'middle' as const, textStyle: AXIS_FONT },
    animation: false,
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['38%', '55%'],
        label: { formatter: '{c}', fontSize: 14 },
        // Levels nobody chose keep their legend entry but draw no label.
        data: RATING_LEVELS.map((l, i) => ({
          name: t(`stats.rating.${l}`),
          value: f.ratings[l],
          itemStyle: { color: RATING_COLORS[i] },
          ...(f.ratings[l] === 0 ? { label: { show: false }, labelLine: { show: false } } : {}),
        })),
      },
    ],
  };
}

/**
 * The report's display names in the page's language: in English a category's or window's English name (the
 * report's namesEn, from the same config) replaces its Chinese one where there is one; staff names stay.
 */
export function localReportNames(r: Pick<StatisticsReport, 'names' | 'namesEn'>, locale: string): StatisticsReport['names'] {
  if (locale !== 'en' || !r.namesEn) return r.names;
  const en = r.namesEn;
  const swap = (zh: Record<string, string>, eng: Record<string, string>) => Object.fromEntries(Object.entries(zh).map(([k, v]) => [k, eng[k] ?? v]));
  return { categories: swap(r.names.categories, en.categories), windows: swap(r.names.windows, en.windows), staff: r.names.staff };
}

/** Names for groups: "A 企业服务", "3 企业服务三窗", "王丽" (the report's names, or those of localReportNames). */
export function groupNames(r: Pick<StatisticsReport, 'byCategory' | 'byWindow' | 'byStaff' | 'names'>): { categories: Record<string, string>; windows: Record<string, string>; staff: Record<string, string> } {
  const label = (names: Record<string, string>, withKey: boolean) => (k: string) => (names[k] ? (withKey ? `${k} ${names[k]}` : names[k]!) : k);
  const map = (groups: Record<string, StatisticsFiguresView>, f: (k: string) => string) => Object.fromEntries(Object.keys(groups).map((k) => [k, f(k)]));
  return {
    categories: map(r.byCategory, label(r.names.categories, true)),
    windows: map(r.byWindow, label(r.names.windows, false)),
    staff: map(r.byStaff, label(r.names.staff, false)),
  };
}

/**
 * 好差评 key figures (the satisfaction rate is among the page's first ones): the bad-rating rate of every
 * rating, the bad-rating cases, the on-time
 * rectification rate (answered by the deadline, over cases answered or already late when the report was
 * made), the callback rate of real-name cases, and appeals upheld of appeals.
 */
export function ratingKpis(f: StatisticsFiguresView, c: CaseFiguresView): Kpi[] {
  const full = (x: number | null, good = 1) => (x === null ? undefined : x >= good ? 'good' : 'bad');
  return [
    { key: 'badRate', value: percent(f.badRatingRate), level: f.badRatingRate === null ? undefined : f.badRatingRate === 0 ? 'good' : f.badRatingRate > 0.05 ? 'bad' : 'warn' },
    { key: 'cases', value: `${c.opened} / ${c.open}`, level: c.overdue > 0 ? 'bad' : c.open > 0 ? 'warn' : undefined },
    { key: 'onTime', value: percent(c.onTimeRate), level: full(c.onTimeRate) },
    { key: 'callback', value: percent(c.callbackRate), level: full(c.callbackRate) },
    { key: 'appeals', value: `${c.appealsUpheld} / ${c.appeals}` },
  ];
}

export const RATING_CHANNELS: RatingChannel[] = ['window', 'phone', 'slip-qr', 'booking'];

/** Ratings per channel with their share of all ratings. */
export function channelRows(f: StatisticsFiguresView): Array<{ channel: RatingChannel; count: number; share: string }> {
  return RATING_CHANNELS.map((channel) => {
    const count = f.ratingsByChannel[channel];
    return { channel, count, share: percent(f.rated === 0 ? null : count / f.rated) };
  });
}

export interface RankingRow {
  rank: number;
  windowId: number;
  name: string;
  rated: number;
  satisfaction: string;
  badRatings: number;
  appealsUpheld: number;
  onTime: string;
  /** The message key explaining a tie break ('stats.tie.bad-ratings', …), or null. */
  why: string | null;
  /** Ranked first, or last of several. */
  place: 'first' | 'last' | null;
}

/** One month's 窗口月度排名 as table rows: names, percentages and the explanation of ties. */
export function rankingRows(m: MonthRankingView, windowNames: Record<string, string>): RankingRow[] {
  const last = m.windows.at(-1)?.rank;
  return m.windows.map((w) => ({
    rank: w.rank,
    windowId: w.windowId,
    name: windowNames[String(w.windowId)] ?? String(w.windowId),
    rated: w.rated,
    satisfaction: percent(w.satisfactionRate),
    badRatings: w.badRatings,
    appealsUpheld: w.appealsUpheld,
    onTime: w.casesDue === 0 ? '—' : percent(w.onTimeRate),
    why: w.tieBreak === null ? null : `stats.tie.${w.tieBreak}`,
    place: w.rank === 1 ? 'first' : m.windows.length > 1 && w.rank === last ? 'last' : null,
  }));
}

/** A case figures view with nothing in it (a group without bad ratings). */
export const NO_CASES: CaseFiguresView = {
  opened: 0, open: 0, answered: 0, answeredOnTime: 0, overdue: 0, onTimeRate: null, realName: 0, realNameAnswered: 0, calledBack: 0, callbackRate: null, appeals: 0, appealsUpheld: 0,
};

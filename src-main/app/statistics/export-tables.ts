import type {
  CaseFiguresView,
  LowRatingView,
  MonthRankingView,
  RankingTieBreak,
  RatingLevel,
  StatisticsFiguresView,
  StatisticsReport,
} from '../../contracts';
import type { CallbackAnswer, CaseOutcome, CaseState, RatingCase, RatingChannel } from '../../domain';
import { answeredOnTime } from '../../domain';
import { localTime } from '../../domain/local-time';
import { RATING_LEVEL_NAMES } from '../../domain/rating-words';

export type Cell = string | number | null;

export interface ExportTable {
  sheet: string;
  header: string[];
  rows: Cell[][];
}

type Lang = 'zh' | 'en';
type Names = [string, string];

const LEVELS: RatingLevel[] = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'];
const LEVEL_NAMES = RATING_LEVEL_NAMES;
const CHANNELS: RatingChannel[] = ['window', 'phone', 'slip-qr', 'booking'];
const CHANNEL_NAMES: Record<RatingChannel, Names> = {
  window: ['窗口评价器', 'Window evaluator'],
  phone: ['手机评价', 'Phone'],
  'slip-qr': ['扫码评价', 'Slip QR code'],
  booking: ['预约评价', 'Booking page'],
};
const STATE_NAMES: Record<CaseState, Names> = {
  verifying: ['待核实', 'Verifying'],
  rectifying: ['整改中', 'Rectifying'],
  appealed: ['申诉', 'Appealed'],
  answered: ['已反馈', 'Answered'],
  reviewed: ['已复核', 'Reviewed'],
  closed: ['关闭', 'Closed'],
};
const OUTCOME_NAMES: Record<CaseOutcome, Names> = { rectified: ['已整改', 'Rectified'], 'appeal-upheld': ['申诉成立', 'Appeal upheld'] };
const CALLBACK_NAMES: Record<CallbackAnswer, Names> = { satisfied: ['满意', 'Satisfied'], basic: ['基本满意', 'Basically satisfied'], dissatisfied: ['不满意', 'Dissatisfied'] };
const TIE_NAMES: Record<RankingTieBreak, Names> = {
  'bad-ratings': ['满意率与上一名相同，差评数较多', 'Same satisfaction rate as the window above; more bad ratings'],
  'on-time': ['满意率、差评数与上一名相同，按期整改率较低', 'Same satisfaction rate and bad ratings as the window above; lower on-time rate'],
  tied: ['与上一名并列（满意率、差评数、按期整改率均相同）', 'Tied with the window above (same satisfaction rate, bad ratings and on-time rate)'],
};

type Column<T> = [string, string, (f: T) => Cell];

const FIGURE_COLUMNS: Array<Column<StatisticsFiguresView>> = [
  ['取号', 'Issued', (f) => f.issued],
  ['自助机取号', 'Kiosk', (f) => f.bySource.kiosk],
  ['网上取号', 'Remote', (f) => f.bySource.remote],
  ['预约取号', 'Appointment', (f) => f.bySource.appointment],
  ['窗口取号', 'Counter', (f) => f.bySource.counter],
  ['办结', 'Served', (f) => f.served],
  ['过号', 'No-shows', (f) => f.noShows],
  ['过号率', 'No-show rate', (f) => f.noShowRate],
  ['取消', 'Cancelled', (f) => f.cancelled],
  ['过期', 'Expired', (f) => f.expired],
  ['平均等候(分钟)', 'Avg wait (min)', (f) => f.waitAverageMinutes],
  ['90%等候(分钟)', 'P90 wait (min)', (f) => f.waitP90Minutes],
  ['平均办理(分钟)', 'Avg service (min)', (f) => f.serviceAverageMinutes],
  ['等候超黄线', 'Wait over yellow', (f) => f.overWaitYellow],
  ['等候超红线', 'Wait over red', (f) => f.overWaitRed],
  ['办理超时', 'Service over limit', (f) => f.overService],
  ['评价数', 'Rated', (f) => f.rated],
  ...LEVELS.map((l): Column<StatisticsFiguresView> => [LEVEL_NAMES[l][0], LEVEL_NAMES[l][1], (f) => f.ratings[l]]),
  ['满意率', 'Satisfaction rate', (f) => f.satisfactionRate],
  ['差评数', 'Bad ratings', (f) => f.badRated],
  ['差评率', 'Bad-rating rate', (f) => f.badRatingRate],
  ...CHANNELS.map((c): Column<StatisticsFiguresView> => [CHANNEL_NAMES[c][0], CHANNEL_NAMES[c][1], (f) => f.ratingsByChannel[c]]),
];

const CASE_COLUMNS: Array<Column<CaseFiguresView>> = [
  ['差评工单', 'Cases', (c) => c.opened],
  ['已整改反馈', 'Answered', (c) => c.answered],
  ['按期反馈', 'Answered on time', (c) => c.answeredOnTime],
  ['逾期未反馈', 'Overdue', (c) => c.overdue],
  ['按期整改率', 'On-time rate', (c) => c.onTimeRate],
  ['实名已反馈', 'Real-name answered', (c) => c.realNameAnswered],
  ['已回访', 'Called back', (c) => c.calledBack],
  ['回访率', 'Callback rate', (c) => c.callbackRate],
  ['申诉', 'Appeals', (c) => c.appeals],
  ['申诉成立', 'Appeals upheld', (c) => c.appealsUpheld],
];

const pick = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);
const byKey = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const label = (names: Record<string, string>, k: string) => (names[k] ? `${k} ${names[k]}` : k);

/**
 * One row per group: the ticket figures, then the group's case figures. A group with cases but no
 * tickets (a ticket moved to another category after it was rated) has empty ticket columns, and the
 * other way round.
 */
function groupRows(groups: Record<string, StatisticsFiguresView>, cases: Record<string, CaseFiguresView>, name: (key: string) => string): Cell[][] {
  const keys = [...new Set([...Object.keys(groups), ...Object.keys(cases)])].sort(byKey);
  return keys.map((k) => {
    const f = groups[k];
    const c = cases[k];
    return [name(k), ...FIGURE_COLUMNS.map(([, , get]) => (f ? get(f) : null)), ...CASE_COLUMNS.map(([, , get]) => (c ? get(c) : null))];
  });
}

export const LOW_RATINGS_SHEET: Names = ['差评明细', 'Low ratings'];
export const RANKING_SHEET: Names = ['窗口月度排名', 'Window ranking'];
export const CASES_SHEET: Names = ['差评工单', 'Bad-rating cases'];

/** The report's groupings as tables (the XLSX sheets and the CSV): total, by day, month, category, window and staff. */
export function statisticsTables(r: StatisticsReport, lang: Lang = 'zh'): ExportTable[] {
  const header = (first: Names) => [pick(lang, ...first), ...[...FIGURE_COLUMNS, ...CASE_COLUMNS].map(([zh, en]) => pick(lang, zh, en))];
  const c = r.cases;
  return [
    { sheet: pick(lang, '汇总', 'Total'), header: header(['范围', 'Range']), rows: groupRows({ total: r.total }, { total: c.total }, () => `${r.from} ~ ${r.to}`) },
    { sheet: pick(lang, '按日', 'By day'), header: header(['日期', 'Day']), rows: groupRows(r.byDay, c.byDay, (k) => k) },
    { sheet: pick(lang, '按月', 'By month'), header: header(['月份', 'Month']), rows: groupRows(r.byMonth, c.byMonth, (k) => k) },
    { sheet: pick(lang, '按业务类别', 'By category'), header: header(['业务类别', 'Category']), rows: groupRows(r.byCategory, c.byCategory, (k) => label(r.names.categories, k)) },
    { sheet: pick(lang, '按窗口', 'By window'), header: header(['窗口', 'Window']), rows: groupRows(r.byWindow, c.byWindow, (k) => label(r.names.windows, k)) },
    { sheet: pick(lang, '按人员', 'By staff'), header: header(['工作人员', 'Staff']), rows: groupRows(r.byStaff, c.byStaff, (k) => label(r.names.staff, k)) },
  ];
}

/** The words for a tie break, Chinese or English (the statistics page has its own copy in its messages). */
export function tieBreakText(t: RankingTieBreak | null, lang: Lang = 'zh'): string | null {
  return t === null ? null : pick(lang, ...TIE_NAMES[t]);
}

/** 窗口月度排名: one row per window and month, best first within each month. */
export function rankingTable(r: Pick<StatisticsReport, 'rankings' | 'names'>, lang: Lang = 'zh'): ExportTable {
  const rows = (m: MonthRankingView): Cell[][] =>
    m.windows.map((w) => [
      m.month,
      w.rank,
      label(r.names.windows, String(w.windowId)),
      w.rated,
      w.satisfactionRate,
      w.badRatings,
      w.appealsUpheld,
      w.casesDue,
      w.onTimeRate,
      tieBreakText(w.tieBreak, lang),
    ]);
  return {
    sheet: pick(lang, ...RANKING_SHEET),
    header: [
      pick(lang, '月份', 'Month'),
      pick(lang, '名次', 'Rank'),
      pick(lang, '窗口', 'Window'),
      pick(lang, '评价数(计入)', 'Ratings counted'),
      pick(lang, '满意率', 'Satisfaction rate'),
      pick(lang, '差评数', 'Bad ratings'),
      pick(lang, '申诉成立(不计入)', 'Appeals upheld (not counted)'),
      pick(lang, '到期工单', 'Cases due'),
      pick(lang, '按期整改率', 'On-time rate'),
      pick(lang, '排序说明', 'Order explained'),
    ],
    rows: r.rankings.flatMap(rows),
  };
}

/** Every low rating of the range, one row each: streamed from the read model, never held as a whole. */
export function lowRatingTable(r: StatisticsReport, lowRatings: Iterable<LowRatingView>, lang: Lang = 'zh'): { sheet: string; header: string[]; rows: Iterable<Cell[]> } {
  return {
    sheet: pick(lang, ...LOW_RATINGS_SHEET),
    header: [pick(lang, '日期', 'Day'), pick(lang, '号码', 'Number'), pick(lang, '评价', 'Level'), pick(lang, '原因', 'Reasons'), pick(lang, '意见', 'Comment'), pick(lang, '窗口', 'Window'), pick(lang, '工作人员', 'Staff')],
    rows: (function* () {
      for (const l of lowRatings) {
        yield [
          l.day,
          l.number,
          pick(lang, ...LEVEL_NAMES[l.level]),
          l.reasons.join(lang === 'zh' ? '、' : ', '),
          l.comment,
          l.windowId === null ? null : label(r.names.windows, String(l.windowId)),
          l.staffId === null ? null : label(r.names.staff, l.staffId),
        ];
      }
    })(),
  };
}

/**
 * Every bad-rating case of the range with its state and deadline (差评工单), one row each, streamed from
 * the read model. Times are in the hall's time zone; "on time" is judged at the report's `asOf`.
 */
export function caseTable(
  r: Pick<StatisticsReport, 'names' | 'asOf'>,
  cases: Iterable<RatingCase>,
  lang: Lang = 'zh',
  timeZone = 'Asia/Shanghai',
): { sheet: string; header: string[]; rows: Iterable<Cell[]> } {
  const time = (at: number | null) => {
    if (at === null) return null;
    const l = localTime(at, timeZone);
    return `${l.day} ${l.clock}`;
  };
  const yesNo = (b: boolean | null) => (b === null ? null : b ? pick(lang, '是', 'yes') : pick(lang, '否', 'no'));
  return {
    sheet: pick(lang, ...CASES_SHEET),
    header: [
      pick(lang, '日期', 'Day'),
      pick(lang, '号码', 'Number'),
      pick(lang, '评价', 'Level'),
      pick(lang, '业务类别', 'Category'),
      pick(lang, '窗口', 'Window'),
      pick(lang, '工作人员', 'Staff'),
      pick(lang, '评价渠道', 'Channel'),
      pick(lang, '实名', 'Real name'),
      pick(lang, '状态', 'State'),
      pick(lang, '评价时间', 'Rated at'),
      pick(lang, '整改期限', 'Deadline'),
      pick(lang, '反馈时间', 'Answered at'),
      pick(lang, '按期', 'On time'),
      pick(lang, '回访结果', 'Callback'),
      pick(lang, '申诉', 'Appealed'),
      pick(lang, '结果', 'Outcome'),
      pick(lang, '关闭时间', 'Closed at'),
    ],
    rows: (function* () {
      for (const c of cases) {
        yield [
          c.serviceDay,
          c.number,
          pick(lang, ...LEVEL_NAMES[c.level]),
          label(r.names.categories, c.categoryId),
          label(r.names.windows, String(c.windowId)),
          c.staffId === null ? null : label(r.names.staff, c.staffId),
          pick(lang, ...CHANNEL_NAMES[c.channel]),
          c.mobile !== null ? pick(lang, '实名', 'yes') : pick(lang, '匿名（无法回访）', 'anonymous (no callback)'),
          pick(lang, ...STATE_NAMES[c.state]),
          time(c.openedAt),
          time(c.dueAt),
          time(c.answeredAt),
          yesNo(answeredOnTime(c, r.asOf)),
          c.callback ? pick(lang, ...CALLBACK_NAMES[c.callback.answer]) : null,
          yesNo(c.appeal !== null),
          c.outcome === null ? null : pick(lang, ...OUTCOME_NAMES[c.outcome]),
          time(c.closedAt),
        ];
      }
    })(),
  };
}

function csvCell(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (cells: Cell[]) => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * One CSV of every grouping, a dimension column first; with a BOM so Excel reads the Chinese right. After
 * an empty line, the monthly window ranking with its own header (its dimension column too). Yields line
 * by line: the caller streams it.
 */
export function* statisticsCsvLines(r: StatisticsReport, lang: Lang = 'zh'): Generator<string> {
  const tables = statisticsTables(r, lang);
  const dimension = pick(lang, '维度', 'Dimension');
  yield `\uFEFF${csvLine([dimension, pick(lang, '分组', 'Group'), ...tables[0]!.header.slice(1)])}`;
  for (const t of tables) for (const row of t.rows) yield csvLine([t.sheet, ...row]);
  const ranking = rankingTable(r, lang);
  yield '\r\n';
  yield csvLine([dimension, ...ranking.header]);
  for (const row of ranking.rows) yield csvLine([ranking.sheet, ...row]);
}

export function statisticsCsv(r: StatisticsReport, lang: Lang = 'zh'): string {
  return [...statisticsCsvLines(r, lang)].join('');
}

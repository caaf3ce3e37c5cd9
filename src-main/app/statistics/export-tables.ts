import type { LowRatingView, RatingLevel, StatisticsFiguresView, StatisticsReport } from '../../contracts';

export type Cell = string | number | null;

export interface ExportTable {
  sheet: string;
  header: string[];
  rows: Cell[][];
}

type Lang = 'zh' | 'en';

const LEVELS: RatingLevel[] = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'];
const LEVEL_NAMES: Record<RatingLevel, [string, string]> = {
  'very-satisfied': ['非常满意', 'Very satisfied'],
  satisfied: ['满意', 'Satisfied'],
  basic: ['基本满意', 'Basically satisfied'],
  dissatisfied: ['不满意', 'Dissatisfied'],
  'very-dissatisfied': ['非常不满意', 'Very dissatisfied'],
};

const FIGURE_COLUMNS: Array<[string, string, (f: StatisticsFiguresView) => Cell]> = [
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
  ...LEVELS.map((l): [string, string, (f: StatisticsFiguresView) => Cell] => [LEVEL_NAMES[l][0], LEVEL_NAMES[l][1], (f) => f.ratings[l]]),
  ['满意率', 'Satisfaction rate', (f) => f.satisfactionRate],
];

const pick = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

function groupRows(groups: Record<string, StatisticsFiguresView>, name: (key: string) => string): Cell[][] {
  return Object.entries(groups).map(([k, f]) => [name(k), ...FIGURE_COLUMNS.map(([, , get]) => get(f))]);
}

export const LOW_RATINGS_SHEET: [string, string] = ['差评明细', 'Low ratings'];

/** The report's groupings as tables (the XLSX sheets and the CSV): total, by day, category, window and staff. */
export function statisticsTables(r: StatisticsReport, lang: Lang = 'zh'): ExportTable[] {
  const header = (first: [string, string]) => [pick(lang, ...first), ...FIGURE_COLUMNS.map(([zh, en]) => pick(lang, zh, en))];
  const label = (names: Record<string, string>, k: string) => (names[k] ? `${k} ${names[k]}` : k);
  return [
    { sheet: pick(lang, '汇总', 'Total'), header: header(['范围', 'Range']), rows: groupRows({ [`${r.from} ~ ${r.to}`]: r.total }, (k) => k) },
    { sheet: pick(lang, '按日', 'By day'), header: header(['日期', 'Day']), rows: groupRows(r.byDay, (k) => k) },
    { sheet: pick(lang, '按业务类别', 'By category'), header: header(['业务类别', 'Category']), rows: groupRows(r.byCategory, (k) => label(r.names.categories, k)) },
    { sheet: pick(lang, '按窗口', 'By window'), header: header(['窗口', 'Window']), rows: groupRows(r.byWindow, (k) => label(r.names.windows, k)) },
    { sheet: pick(lang, '按人员', 'By staff'), header: header(['工作人员', 'Staff']), rows: groupRows(r.byStaff, (k) => label(r.names.staff, k)) },
  ];
}

/** Every low rating of the range, one row each: streamed from the read model, never held as a whole. */
export function lowRatingTable(r: StatisticsReport, lowRatings: Iterable<LowRatingView>, lang: Lang = 'zh'): { sheet: string; header: string[]; rows: Iterable<Cell[]> } {
  const label = (names: Record<string, string>, k: string) => (names[k] ? `${k} ${names[k]}` : k);
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

function csvCell(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV of every grouping, a dimension column first; with a BOM so Excel reads the Chinese right. Yields
 * line by line: the caller streams it.
 */
export function* statisticsCsvLines(r: StatisticsReport, lang: Lang = 'zh'): Generator<string> {
  const tables = statisticsTables(r, lang);
  const header = [pick(lang, '维度', 'Dimension'), pick(lang, '分组', 'Group'), ...tables[0]!.header.slice(1)];
  yield `\uFEFF${header.map(csvCell).join(',')}\r\n`;
  for (const t of tables) for (const row of t.rows) yield `${[t.sheet, ...row].map(csvCell).join(',')}\r\n`;
}

export function statisticsCsv(r: StatisticsReport, lang: Lang = 'zh'): string {
  return [...statisticsCsvLines(r, lang)].join('');
}

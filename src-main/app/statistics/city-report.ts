import type { CityReport, HallConfig } from '../../contracts';
import type { Figures, FiguresPartial, OverCounts, Thresholds } from './figures';
import { addPartial, emptyPartial, finalize, overCounts } from './figures';
import type { ReportLabels, StatisticsReader } from './report';
import { reportLabels } from './report';
import { rangeCells } from './statistics';

// City statistics (GET /api/city/statistics): the additive partial figures of every member hall, merged.
// A city keeps its own halls' events and the mirrored events of its linked halls in one event log, under
// their hall ids, so one read model holds the stat cells of all of them. Each hall is read as its own
// report reads it (whole months from their roll-ups, the days around them from day cells), one hall at a
// time: what is kept between halls is only the finished figures and the few groups that span halls.

/** One member hall of a city report. */
export interface CityReportHall {
  hallId: string;
  /** What `ReadSide.statistics` takes for the hall: its thresholds and display names. */
  labels: ReportLabels;
  /** The hall's log position the figures should include (its service's seq); the report waits a little for it. */
  wantSeq: number;
  /** The hall's name in `names.halls` (its id when not given). */
  name?: string | undefined;
}

export interface CityReportRequest {
  halls: CityReportHall[];
}

/** A member hall's part of a request, from its live config (a mirror hall's config for a linked hall). */
export function cityReportHall(config: HallConfig, wantSeq: number): CityReportHall {
  return { hallId: config.id, labels: reportLabels(config), wantSeq, name: config.name };
}

/** What a city report reads: the same cells and positions as a hall's report. */
export type CityStatisticsReader = Pick<StatisticsReader, 'cells' | 'position'>;

/**
 * Figures of tickets of several halls. Everything but the counts over thresholds adds up as partials; those
 * counts are each hall's own (its thresholds may differ), added up per group, so a group's count over the
 * wait limit is the sum of its halls' counts.
 */
interface Group {
  partial: FiguresPartial;
  over: OverCounts;
}

const NO_THRESHOLDS = { waitYellowMinutes: 0, waitRedMinutes: 0, serviceLimitMinutes: 0 };

function emptyGroup(): Group {
  return { partial: emptyPartial(), over: { overWaitYellow: 0, overWaitRed: 0, overService: 0 } };
}

/** g += one hall's partial, its counts over thresholds taken with the hall's thresholds. */
function addHallPartial(g: Group, p: FiguresPartial, t: Thresholds): void {
  const over = overCounts(p, t);
  addPartial(g.partial, p);
  g.over.overWaitYellow += over.overWaitYellow;
  g.over.overWaitRed += over.overWaitRed;
  g.over.overService += over.overService;
}

function mergeInto(groups: Map<string, Group>, key: string, p: FiguresPartial, t: Thresholds): void {
  let g = groups.get(key);
  if (!g) groups.set(key, (g = emptyGroup()));
  addHallPartial(g, p, t);
}

function groupFigures(g: Group): Figures {
  return { ...finalize(g.partial, NO_THRESHOLDS), ...g.over };
}

function into<K>(m: Map<K, FiguresPartial>, k: K, p: FiguresPartial): void {
  let g = m.get(k);
  if (!g) m.set(k, (g = emptyPartial()));
  addPartial(g, p);
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The city's figures for service days from..to (a range checked with `checkRange`): per hall, per
 * category across halls, per window of each hall ("<hallId>/<windowId>"), per month ("YYYY-MM"), and in all.
 * A hall listed twice counts once.
 */
export function cityReport(reader: CityStatisticsReader, request: CityReportRequest, from: string, to: string): CityReport {
  const plan = rangeCells(from, to);
  const total = emptyGroup();
  const categories = new Map<string, Group>();
  const months = new Map<string, Group>();
  const report: CityReport = {
    from,
    to,
    total: groupFigures(total),
    byHall: {},
    byCategory: {},
    byWindow: {},
    byMonth: {},
    names: { halls: {}, categories: {}, windows: {} },
    namesEn: { categories: {}, windows: {} },
    upToSeq: {},
    complete: true,
  };
  const seen = new Set<string>();
  for (const hall of request.halls) {
    const { hallId, labels } = hall;
    if (seen.has(hallId)) continue;
    seen.add(hallId);
    const t = labels.thresholds;
    // The position first: the cells read after it include at least that much of the log.
    const upToSeq = reader.position(hallId);
    const hallTotal = emptyPartial();
    const hallCategories = new Map<string, FiguresPartial>();
    const hallMonths = new Map<string, FiguresPartial>();
    const hallWindows = new Map<number, FiguresPartial>();
    for (const c of reader.cells(hallId, plan)) {
      addPartial(hallTotal, c.partial);
      into(hallCategories, c.categoryId, c.partial);
      // A month's roll-up has the month as its period; a day cell counts in its day's month.
      into(hallMonths, c.period.slice(0, 7), c.partial);
      if (c.windowId !== 0) into(hallWindows, c.windowId, c.partial);
    }

    report.byHall[hallId] = finalize(hallTotal, t);
    addHallPartial(total, hallTotal, t);
    for (const [k, p] of hallCategories) mergeInto(categories, k, p, t);
    for (const [k, p] of hallMonths) mergeInto(months, k, p, t);
    for (const [id, p] of [...hallWindows].sort((a, b) => a[0] - b[0])) {
      const key = `${hallId}/${id}`;
      report.byWindow[key] = finalize(p, t);
      const name = labels.names.windows[String(id)];
      if (name !== undefined) report.names.windows[key] = name;
      const nameEn = labels.namesEn?.windows[String(id)];
      if (nameEn !== undefined) report.namesEn!.windows[key] = nameEn;
    }

    report.names.halls[hallId] = hall.name ?? hallId;
    // The catalogue is the city's: a category's name is the first hall's that has it.
    for (const [id, name] of Object.entries(labels.names.categories)) {
      if (report.names.categories[id] !== undefined) continue;
      report.names.categories[id] = name;
      const nameEn = labels.namesEn?.categories[id];
      if (nameEn !== undefined) report.namesEn!.categories[id] = nameEn;
    }
    report.upToSeq[hallId] = upToSeq;
    if (upToSeq < hall.wantSeq) report.complete = false;
  }
  report.total = groupFigures(total);
  report.byCategory = Object.fromEntries([...categories].sort(byKey).map(([k, g]) => [k, groupFigures(g)]));
  report.byMonth = Object.fromEntries([...months].sort(byKey).map(([k, g]) => [k, groupFigures(g)]));
  return report;
}

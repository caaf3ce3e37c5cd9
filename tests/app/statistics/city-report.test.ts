import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallService } from '../../../src-main/app/hall-service';
import type { CityReportRequest, CityStatisticsReader } from '../../../src-main/app/statistics/city-report';
import { cityReport, cityReportHall } from '../../../src-main/app/statistics/city-report';
import type { TicketRecord } from '../../../src-main/app/statistics/figures';
import { reportLabels, statisticsReport } from '../../../src-main/app/statistics/report';
import type { RangeCells } from '../../../src-main/app/statistics/statistics';
import { rangeCells, statisticsOf } from '../../../src-main/app/statistics/statistics';
import { STATISTICS_PROJECTION_VERSION, StatisticsProjector } from '../../../src-main/app/statistics/statistics-projector';
import { ticketRecords } from '../../../src-main/app/statistics/ticket-records';
import type { HallConfig, StatisticsFiguresView, StatisticsReport } from '../../../src-main/contracts';
import { hallConfigSchema } from '../../../src-main/contracts';
import { zonedEpoch } from '../../../src-main/domain/booking/zoned-time';
import type { Db } from '../../../src-main/storage/sqlite';
import { openDatabase, SqliteHallStore } from '../../../src-main/storage/sqlite';
import { EventLogReader } from '../../../src-main/storage/sqlite/event-log-reader';
import { hallDatabaseId, openReadModelForWriting } from '../../../src-main/storage/sqlite/read-model/read-database';
import { SqliteStatisticsStore } from '../../../src-main/storage/sqlite/read-model/sqlite-statistics-store';
import { benchHallConfig } from '../../../bench/bench-config';
import { simulateHistory } from '../../../scripts/hall-history/simulate-history';
import { tempDir } from '../../support/hall-fixture';

// Three halls of a city in one event log (as a city keeps its own halls and its linked halls' mirrored
// events), a week across a month's end, projected into one read model. The city report merges their
// cells: each hall's part must be the hall's own report, and the groups across halls the sums of the
// halls' groups (and a replay of all their tickets together).

const FIRST = '2026-10-28';
const DAYS = 7;

interface SimHall {
  config: HallConfig;
  records: TicketRecord[];
  lastSeq: number;
}

function hallConfig(id: string, name: string, windows: number, supervision?: Partial<HallConfig['supervision']>): HallConfig {
  const raw = benchHallConfig(windows, 1, 'scrypt$x');
  const parsed = hallConfigSchema.parse({ ...raw, id, name });
  return supervision ? hallConfigSchema.parse({ ...raw, id, name, supervision: { ...parsed.supervision, ...supervision } }) : parsed;
}

/** The counts of a figures view: what adds up across halls. */
const COUNTS = ['issued', 'served', 'noShows', 'cancelled', 'expired', 'overWaitYellow', 'overWaitRed', 'overService', 'rated'] as const;

function sumOf(views: StatisticsFiguresView[]) {
  const add = (maps: Array<Record<string, number>>) => {
    const out: Record<string, number> = {};
    for (const m of maps) for (const [k, n] of Object.entries(m)) out[k] = (out[k] ?? 0) + n;
    return out;
  };
  return {
    ...Object.fromEntries(COUNTS.map((k) => [k, views.reduce((n, v) => n + v[k], 0)])),
    bySource: add(views.map((v) => v.bySource)),
    ratings: add(views.map((v) => v.ratings)),
    lowReasons: add(views.map((v) => v.lowReasons)),
  };
}

const countsOf = (v: StatisticsFiguresView) => ({
  ...Object.fromEntries(COUNTS.map((k) => [k, v[k]])),
  bySource: Object.fromEntries(Object.entries(v.bySource).filter(([, n]) => n !== 0)),
  ratings: Object.fromEntries(Object.entries(v.ratings).filter(([, n]) => n !== 0)),
  lowReasons: v.lowReasons,
});
const nonZero = (s: ReturnType<typeof sumOf>) => ({
  ...s,
  bySource: Object.fromEntries(Object.entries(s.bySource).filter(([, n]) => n !== 0)),
  ratings: Object.fromEntries(Object.entries(s.ratings).filter(([, n]) => n !== 0)),
});

/** A weighted mean lies between the smallest and largest of what it averages (each rounded to 0.1). */
function expectBetween(value: number | null, parts: Array<number | null>): void {
  const known = parts.filter((p): p is number => p !== null);
  if (known.length === 0) return expect(value).toBeNull();
  expect(value).not.toBeNull();
  expect(value!).toBeGreaterThanOrEqual(Math.min(...known) - 0.05);
  expect(value!).toBeLessThanOrEqual(Math.max(...known) + 0.05);
}

describe('city statistics from the stat cells of several halls', () => {
  const tmp = tempDir('city-report-');
  let db: Db;
  let store: SqliteStatisticsStore;
  const halls: SimHall[] = [];

  beforeAll(async () => {
    db = openDatabase(join(tmp.dir, 'city.sqlite'));
    db.pragma('synchronous = OFF');
    const configs = [
      hallConfig('city-centre', '市民中心', 8),
      // A township with stricter supervision: its counts over the limits are its own.
      hallConfig('town-east', '东镇便民服务中心', 5, { waitYellowMinutes: 5, waitRedMinutes: 12, serviceLimitMinutes: 8 }),
      hallConfig('town-west', '西镇便民服务中心', 3),
    ];
    let seed = 40;
    for (const config of configs) {
      const clock = { t: zonedEpoch(FIRST, 8 * 60, config.timeZone), now: () => clock.t };
      const service = await HallService.open(config, new SqliteHallStore(db), clock);
      await simulateHistory(service, clock, { firstDay: FIRST, days: DAYS, visitorsPerDay: 40 * config.windows.length, seed: seed++ });
      await service.drain();
      const events = new EventLogReader(db).read(config.id, 0, 10_000_000);
      halls.push({ config, records: ticketRecords(events), lastSeq: events.at(-1)!.seq });
    }
    // One read model for all of them, each hall's log in chunks as commits would bring it.
    const { db: readDb } = openReadModelForWriting(join(tmp.dir, 'city.read.sqlite'), { version: STATISTICS_PROJECTION_VERSION, sourceId: hallDatabaseId(db) });
    store = new SqliteStatisticsStore(readDb);
    const reader = new EventLogReader(db);
    for (const { config } of halls) {
      const projector = new StatisticsProjector(store, config.id);
      for (let events = reader.read(config.id, 0, 300); events.length > 0; events = reader.read(config.id, projector.position, 300)) projector.apply(events);
    }
  }, 120_000);

  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  const request = (wantSeq = (h: SimHall) => h.lastSeq): CityReportRequest => ({ halls: halls.map((h) => cityReportHall(h.config, wantSeq(h))) });

  // Days only; October's days and November's roll-up; two roll-ups; one day.
  const RANGES = [
    ['2026-10-28', '2026-11-03'],
    ['2026-10-29', '2026-11-30'],
    ['2026-10-01', '2026-11-30'],
    ['2026-11-02', '2026-11-02'],
  ] as const;

  it('each hall’s part is the hall’s own report: its total, its windows', () => {
    expect(halls.every((h) => h.records.length > 500)).toBe(true);
    for (const [from, to] of RANGES) {
      const city = cityReport(store, request(), from, to);
      let windows = 0;
      for (const { config } of halls) {
        const own: StatisticsReport = statisticsReport(store, reportLabels(config), from, to, 0, Date.now());
        expect(city.byHall[config.id]).toEqual(own.total);
        // 好差评 rates per hall come with the figures.
        expect(city.byHall[config.id]!.badRatingRate).toBe(own.total.rated === 0 ? null : Math.round((own.total.badRated / own.total.rated) * 10000) / 10000);
        for (const [w, figures] of Object.entries(own.byWindow)) expect(city.byWindow[`${config.id}/${w}`]).toEqual(figures);
        windows += Object.keys(own.byWindow).length;
        expect(city.upToSeq[config.id]).toBe(own.upToSeq);
      }
      expect(Object.keys(city.byWindow)).toHaveLength(windows);
      expect(city.complete).toBe(true);
    }
    // A busy enough week: every kind of figure is there to be merged.
    const week = cityReport(store, request(), FIRST, '2026-11-03').total;
    expect(week.issued).toBe(halls.reduce((n, h) => n + h.records.length, 0));
    expect(week).toMatchObject({ noShows: expect.any(Number), overWaitYellow: expect.any(Number) });
    expect(Math.min(week.noShows, week.overWaitYellow, week.overService, week.rated, Object.keys(week.lowReasons).length)).toBeGreaterThan(0);
  });

  it('each category across halls is the sum of the halls’ categories; averages lie between theirs', () => {
    for (const [from, to] of RANGES) {
      const city = cityReport(store, request(), from, to);
      const own = halls.map((h) => statisticsReport(store, reportLabels(h.config), from, to, 0, Date.now()));
      const keys = [...new Set(own.flatMap((r) => Object.keys(r.byCategory)))].sort();
      expect(Object.keys(city.byCategory)).toEqual(keys);
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) {
        const parts = own.map((r) => r.byCategory[k]).filter((v): v is StatisticsFiguresView => v !== undefined);
        expect(countsOf(city.byCategory[k]!)).toEqual(nonZero(sumOf(parts)));
        expectBetween(city.byCategory[k]!.waitAverageMinutes, parts.map((p) => p.waitAverageMinutes));
        expectBetween(city.byCategory[k]!.serviceAverageMinutes, parts.map((p) => p.serviceAverageMinutes));
        expectBetween(city.byCategory[k]!.satisfactionRate, parts.map((p) => p.satisfactionRate));
      }
      expect(countsOf(city.total)).toEqual(nonZero(sumOf(own.map((r) => r.total))));
      expectBetween(city.total.waitAverageMinutes, own.map((r) => r.total.waitAverageMinutes));
    }
  });

  it('equals a replay of all the halls’ tickets together, but for the counts over each hall’s own limits', () => {
    const all = halls.flatMap((h) => h.records);
    const t = reportLabels(halls[0]!.config).thresholds;
    // Counts over limits: each hall's with its own thresholds, added up.
    const over = (which: (r: TicketRecord) => boolean, from: string, to: string) => {
      const per = halls.map((h) => statisticsOf(h.records.filter(which), from, to, reportLabels(h.config).thresholds).total);
      return { overWaitYellow: per.reduce((n, f) => n + f.overWaitYellow, 0), overWaitRed: per.reduce((n, f) => n + f.overWaitRed, 0), overService: per.reduce((n, f) => n + f.overService, 0) };
    };
    for (const [from, to] of RANGES) {
      const city = cityReport(store, request(), from, to);
      const replay = statisticsOf(all, from, to, t);
      expect(city.total).toEqual({ ...replay.total, ...over(() => true, from, to) });
      for (const [k, figures] of Object.entries(replay.byCategory)) {
        expect(city.byCategory[k]).toEqual({ ...figures, ...over((r) => r.categoryId === k, from, to) });
      }
      // Months: whole ones from their roll-ups, the others from their days.
      const months = [...new Set(all.filter((r) => r.day >= from && r.day <= to).map((r) => r.day.slice(0, 7)))].sort();
      expect(Object.keys(city.byMonth)).toEqual(months);
      for (const m of months) {
        const inMonth = (r: TicketRecord) => r.day.startsWith(m);
        expect(city.byMonth[m]).toEqual({ ...statisticsOf(all.filter(inMonth), from, to, t).total, ...over(inMonth, from, to) });
      }
    }
    // The township's stricter limits matter: with one set of thresholds for all, the counts would differ.
    const week = statisticsOf(all, FIRST, '2026-11-03', t).total;
    expect(over(() => true, FIRST, '2026-11-03')).not.toEqual({ overWaitYellow: week.overWaitYellow, overWaitRed: week.overWaitRed, overService: week.overService });
    // The week crosses the month's end: both months have tickets.
    expect(Object.keys(cityReport(store, request(), FIRST, '2026-11-03').byMonth)).toEqual(['2026-10', '2026-11']);
  });

  it('names every hall, category and window; a category’s name is the first hall’s', () => {
    const city = cityReport(store, request(), FIRST, '2026-11-03');
    expect(city.names.halls).toEqual({ 'city-centre': '市民中心', 'town-east': '东镇便民服务中心', 'town-west': '西镇便民服务中心' });
    expect(city.names.categories).toEqual(Object.fromEntries(halls[0]!.config.categories.map((c) => [c.id, c.name])));
    expect(city.names.windows['town-east/3']).toBe('3号窗口');
    expect(Object.keys(city.names.windows)).toEqual(Object.keys(city.byWindow));
    expect(Object.keys(city.byWindow).slice(0, 3)).toEqual(['city-centre/1', 'city-centre/2', 'city-centre/3']);
  });

  it('carries the English names of categories and windows where the halls’ configs have them', () => {
    const city = cityReport(store, request(), FIRST, '2026-11-03');
    expect(city.namesEn?.categories).toEqual(Object.fromEntries(halls[0]!.config.categories.map((c) => [c.id, c.nameEn])));
    expect(city.namesEn?.categories.A).toBe('Enterprise services');
    const windowsEn = Object.fromEntries(
      halls.flatMap((h) => h.config.windows.filter((w) => w.nameEn?.trim()).map((w) => [`${h.config.id}/${w.id}`, w.nameEn!] as const)).filter(([k]) => k in city.byWindow),
    );
    expect(city.namesEn?.windows).toEqual(windowsEn);
  });

  it('says complete: false while a hall is behind what was asked, and counts a hall listed twice once', () => {
    const behind = cityReport(store, request((h) => (h.config.id === 'town-west' ? h.lastSeq + 1 : h.lastSeq)), FIRST, '2026-11-03');
    expect(behind.complete).toBe(false);
    expect(behind.upToSeq['town-west']).toBe(halls[2]!.lastSeq);
    const once = cityReport(store, request(), FIRST, '2026-11-03');
    const twice = cityReport(store, { halls: [...request().halls, cityReportHall(halls[1]!.config, 0)] }, FIRST, '2026-11-03');
    expect(twice).toEqual(once);
    // A hall with nothing projected counts nothing, and is named.
    const unknown = cityReport(store, { halls: [...request().halls, { hallId: 'nowhere', labels: reportLabels(hallConfig('nowhere', '无', 1)), wantSeq: 0 }] }, FIRST, '2026-11-03');
    expect(unknown.total).toEqual(once.total);
    expect(unknown.byHall.nowhere).toMatchObject({ issued: 0, waitAverageMinutes: null });
    expect(unknown.upToSeq.nowhere).toBe(0);
    expect(unknown.names.halls.nowhere).toBe('nowhere');
  });

  it('reads each hall once, as its own report would: month roll-ups and day runs, never the whole log', () => {
    const plans: Array<[string, RangeCells]> = [];
    let cells = 0;
    const counting: CityStatisticsReader = {
      position: (h) => store.position(h),
      *cells(h, plan) {
        plans.push([h, plan]);
        for (const c of store.cells(h, plan)) {
          cells++;
          yield c;
        }
      },
    };
    cityReport(counting, request(), '2026-01-01', '2026-12-31');
    expect(plans).toEqual(halls.map((h) => [h.config.id, rangeCells('2026-01-01', '2026-12-31')]));
    expect(plans[0]![1]).toEqual({ months: Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`), dayRuns: [] });
    // Two months of roll-ups per hall: a cell per category, window and staff member that had tickets.
    const rollUps = halls.reduce((n, h) => n + [...store.allCells(h.config.id)].filter((c) => c.period.length === 7).length, 0);
    expect(cells).toBe(rollUps);
  });
});

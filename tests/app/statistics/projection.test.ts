import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallService } from '../../../src-main/app/hall-service';
import { reportLabels, statisticsReport } from '../../../src-main/app/statistics/report';
import { cellId, cellsOf, lowRatingsOf, rangeCells, statisticsOf } from '../../../src-main/app/statistics/statistics';
import { STATISTICS_PROJECTION_VERSION, StatisticsProjector } from '../../../src-main/app/statistics/statistics-projector';
import { ticketRecords } from '../../../src-main/app/statistics/ticket-records';
import type { HallConfig } from '../../../src-main/contracts';
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

// A month of a 20-window hall through the real service and store; the statistics read model made from its
// log by the projector, in uneven chunks as commits would come, must equal a replay of the whole log.

const FIRST = '2026-11-01';
const LAST = '2026-11-30';

describe('statistics read model', () => {
  const tmp = tempDir('projection-');
  let db: Db;
  let config: HallConfig;
  let replay: ReturnType<typeof ticketRecords>;

  beforeAll(async () => {
    config = hallConfigSchema.parse(benchHallConfig(20, 1, 'scrypt$x'));
    db = openDatabase(join(tmp.dir, 'hall.sqlite'));
    db.pragma('synchronous = OFF');
    const clock = { t: zonedEpoch(FIRST, 8 * 60, config.timeZone), now: () => clock.t };
    const service = await HallService.open(config, new SqliteHallStore(db), clock);
    await simulateHistory(service, clock, { firstDay: FIRST, days: 30, visitorsPerDay: 400, seed: 11 });
    await service.drain();
    replay = ticketRecords(new EventLogReader(db).read(config.id, 0, 10_000_000));
  }, 120_000);

  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  function project(file: string, chunks: () => number): SqliteStatisticsStore {
    const { db: readDb } = openReadModelForWriting(join(tmp.dir, file), { version: STATISTICS_PROJECTION_VERSION, sourceId: hallDatabaseId(db) });
    const store = new SqliteStatisticsStore(readDb);
    const projector = new StatisticsProjector(store, config.id);
    const reader = new EventLogReader(db);
    for (let events = reader.read(config.id, 0, chunks()); events.length > 0; events = reader.read(config.id, projector.position, chunks())) projector.apply(events);
    return store;
  }

  it('equals a replay of the log: every cell, every day, the month, the low ratings', () => {
    let n = 0;
    const sizes = [1, 7, 250, 3, 1000, 42];
    const store = project('read.sqlite', () => sizes[n++ % sizes.length]!);
    expect(replay.length).toBeGreaterThan(8000);

    const stored = new Map([...store.allCells(config.id)].map((c) => [cellId(c), c.partial]));
    const fresh = new Map(cellsOf(replay).map((c) => [cellId(c), c.partial]));
    expect(stored.size).toBe(fresh.size);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(fresh));

    const labels = reportLabels(config);
    const t = labels.thresholds;
    // A whole month (its roll-up), single days, a week, and a range of whole and partial months.
    for (const [from, to] of [[FIRST, LAST], ['2026-11-10', '2026-11-10'], ['2026-11-16', '2026-11-22'], ['2026-10-20', '2026-12-31'], ['2026-11-30', '2026-12-02']] as const) {
      const report = statisticsReport(store, labels, from, to, 0);
      const expected = statisticsOf(replay, from, to, t);
      expect({ total: report.total, byDay: report.byDay, byCategory: report.byCategory, byWindow: report.byWindow, byStaff: report.byStaff }).toEqual({
        total: expected.total, byDay: expected.byDay, byCategory: expected.byCategory, byWindow: expected.byWindow, byStaff: expected.byStaff,
      });
      const low = lowRatingsOf(replay, from, to);
      expect(report.lowRatingsTotal).toBe(low.length);
      expect(report.lowRatings).toEqual(low.slice(0, report.lowRatings.length));
    }
    const month = statisticsReport(store, labels, FIRST, LAST, 0);
    // A sanity check that the month is a busy one, with every kind of outcome.
    expect(month.total).toMatchObject({ issued: replay.length });
    expect(month.total.served).toBeGreaterThan(8000);
    expect(month.total.noShows).toBeGreaterThan(50);
    expect(month.total.rated).toBeGreaterThan(2000);
    expect(month.lowRatingsTotal).toBeGreaterThan(50);
    expect(Object.keys(month.byWindow)).toHaveLength(20);
  });

  it('cuts a range into whole months (their roll-ups) and runs of days', () => {
    expect(rangeCells('2026-11-01', '2026-11-30')).toEqual({ months: ['2026-11'], dayRuns: [] });
    expect(rangeCells('2026-10-20', '2027-01-05')).toEqual({ months: ['2026-11', '2026-12'], dayRuns: [['2026-10-20', '2026-10-31'], ['2027-01-01', '2027-01-05']] });
    expect(rangeCells('2026-11-16', '2026-11-22')).toEqual({ months: [], dayRuns: [['2026-11-16', '2026-11-22']] });
    expect(rangeCells('2024-02-01', '2024-02-29')).toEqual({ months: ['2024-02'], dayRuns: [] });
    expect(rangeCells('2024-02-01', '2024-02-28')).toEqual({ months: [], dayRuns: [['2024-02-01', '2024-02-28']] });
  });

  it('the ticket history holds each ticket as the replay tells it', () => {
    const store = project('read-2.sqlite', () => 500);
    const stored = [...store.records(config.id, FIRST, LAST)];
    expect(stored).toEqual([...replay].sort((a, b) => (a.id < b.id ? -1 : 1)));
  });
});

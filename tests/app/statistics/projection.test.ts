import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallService } from '../../../src-main/app/hall-service';
import type { StoredEvent } from '../../../src-main/app/ports';
import { caseStatistics } from '../../../src-main/app/statistics/case-figures';
import { caseRecords } from '../../../src-main/app/statistics/case-records';
import type { WindowMonths } from '../../../src-main/app/statistics/ranking';
import { monthlyRankings } from '../../../src-main/app/statistics/ranking';
import { reportLabels, statisticsReport } from '../../../src-main/app/statistics/report';
import { cellId, cellsOf, lowRatingsOf, rangeCells, statisticsOf } from '../../../src-main/app/statistics/statistics';
import { STATISTICS_PROJECTION_VERSION, StatisticsProjector } from '../../../src-main/app/statistics/statistics-projector';
import { ticketRecords } from '../../../src-main/app/statistics/ticket-records';
import type { HallConfig } from '../../../src-main/contracts';
import type { CaseCommand, RatingCase } from '../../../src-main/domain';
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
// log by the projector, in uneven chunks as commits would come, must equal a replay of the whole log. The
// month's bad ratings open cases; at each day's end a supervisor handles them in turn (answered and closed,
// appealed and upheld, appealed and refused, verified only, or left alone to run late).

const SUPERVISOR = { username: 'jiandu', role: 'supervisor' } as const;

/** The steps a case gets, by its place among the day's cases. */
function stepsFor(c: RatingCase, i: number): Array<CaseCommand> {
  const by = SUPERVISOR;
  const caseId = c.id;
  const answer: CaseCommand = { type: 'AnswerCase', caseId, by, rectification: '已整改，加强业务培训', callback: c.mobile === null ? null : { answer: 'satisfied', note: '' } };
  switch (i % 5) {
    case 0:
      return [{ type: 'VerifyCase', caseId, by, note: '已核实' }, answer, { type: 'ReviewCase', caseId, by, approved: true, note: '通过' }, { type: 'CloseCase', caseId, by, note: '' }];
    case 1:
      return [{ type: 'AppealCase', caseId, by, reason: '群众误评，录像为证' }, { type: 'DecideAppeal', caseId, by, upheld: true, note: '申诉成立' }];
    case 2:
      return [{ type: 'AppealCase', caseId, by, reason: '群众误评，录像为证' }, { type: 'DecideAppeal', caseId, by, upheld: false, note: '申诉不成立' }, answer];
    case 3:
      return [{ type: 'VerifyCase', caseId, by, note: '已核实' }, answer, { type: 'ReviewCase', caseId, by, approved: false, note: '退回重新整改' }];
    default:
      return [];
  }
}

async function handleCases(service: HallService, day: string): Promise<void> {
  const today = [...service.state.cases.values()].filter((c) => c.serviceDay === day).sort((a, b) => (a.id < b.id ? -1 : 1));
  let n = 0;
  for (const [i, c] of today.entries()) {
    for (const cmd of stepsFor(c, i)) {
      const o = await service.execute(cmd, { kind: 'supervisor', id: SUPERVISOR.username }, { requestId: `case-${day}-${++n}`, present: () => null });
      if (!o.ok) throw new Error(`${cmd.type} ${c.id}: ${o.failure.code}`);
    }
  }
}

const FIRST = '2026-11-01';
const LAST = '2026-11-30';

describe('statistics read model', () => {
  const tmp = tempDir('projection-');
  let db: Db;
  let config: HallConfig;
  let replay: ReturnType<typeof ticketRecords>;
  let replayCases: RatingCase[];
  /** After the month: case deadlines are judged at this moment (the last days' cases not yet late). */
  let now: number;

  beforeAll(async () => {
    const raw = benchHallConfig(20, 1, 'scrypt$x');
    config = hallConfigSchema.parse({ ...raw, accounts: [...(raw.accounts ?? []), { username: 'jiandu', displayName: '监察员', role: 'supervisor', password: 'demo-super' }] });
    db = openDatabase(join(tmp.dir, 'hall.sqlite'));
    db.pragma('synchronous = OFF');
    const clock = { t: zonedEpoch(FIRST, 8 * 60, config.timeZone), now: () => clock.t };
    const service = await HallService.open(config, new SqliteHallStore(db), clock);
    await simulateHistory(service, clock, { firstDay: FIRST, days: 30, visitorsPerDay: 400, seed: 11, onDay: (day) => handleCases(service, day) });
    await service.drain();
    now = clock.t;
    const log: StoredEvent[] = new EventLogReader(db).read(config.id, 0, 10_000_000);
    replay = ticketRecords(log);
    replayCases = caseRecords(log).sort((a, b) => (a.id < b.id ? -1 : 1));
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
      const report = statisticsReport(store, labels, from, to, 0, now);
      const windowMonths: WindowMonths = new Map();
      const expected = statisticsOf(replay, from, to, t, windowMonths);
      expect({ total: report.total, byDay: report.byDay, byMonth: report.byMonth, byCategory: report.byCategory, byWindow: report.byWindow, byStaff: report.byStaff }).toEqual({
        total: expected.total, byDay: expected.byDay, byMonth: expected.byMonth, byCategory: expected.byCategory, byWindow: expected.byWindow, byStaff: expected.byStaff,
      });
      expect(report.cases).toEqual(caseStatistics(replayCases, from, to, now));
      expect(report.rankings).toEqual(monthlyRankings(windowMonths, replayCases, from, to, now));
      const low = lowRatingsOf(replay, from, to);
      expect(report.lowRatingsTotal).toBe(low.length);
      expect(report.lowRatings).toEqual(low.slice(0, report.lowRatings.length));
    }
    const month = statisticsReport(store, labels, FIRST, LAST, 0, now);
    // A sanity check that the month is a busy one, with every kind of outcome.
    expect(month.total).toMatchObject({ issued: replay.length });
    expect(month.total.served).toBeGreaterThan(8000);
    expect(month.total.noShows).toBeGreaterThan(50);
    expect(month.total.rated).toBeGreaterThan(2000);
    expect(month.lowRatingsTotal).toBeGreaterThan(50);
    expect(Object.keys(month.byWindow)).toHaveLength(20);
    // Every case path of the month is there, and the ranking has every window.
    expect(month.cases.total.opened).toBe(month.total.badRated);
    expect(month.cases.total.opened).toBeGreaterThan(50);
    expect(Math.min(month.cases.total.answeredOnTime, month.cases.total.overdue, month.cases.total.appealsUpheld, month.cases.total.calledBack, month.cases.total.open)).toBeGreaterThan(0);
    expect(month.rankings.map((r) => r.month)).toEqual(['2026-11']);
    expect(month.rankings[0]!.windows).toHaveLength(20);
    expect(month.rankings[0]!.windows.reduce((n, w) => n + w.appealsUpheld, 0)).toBe(month.cases.total.appealsUpheld);
  });

  it('the case records hold each case as the replay tells it', () => {
    let n = 0;
    const sizes = [3, 1, 700, 11];
    const store = project('read-3.sqlite', () => sizes[n++ % sizes.length]!);
    expect([...store.cases(config.id, FIRST, LAST)]).toEqual(replayCases);
    expect(replayCases.map((c) => c.state)).toEqual(expect.arrayContaining(['closed', 'verifying', 'rectifying', 'answered']));
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

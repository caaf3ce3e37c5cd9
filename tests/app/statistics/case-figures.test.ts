import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseStatistics } from '../../../src-main/app/statistics/case-figures';
import { caseRecords, filterCases } from '../../../src-main/app/statistics/case-records';
import { caseTable, rankingTable, statisticsCsv, statisticsTables } from '../../../src-main/app/statistics/export-tables';
import { statisticsReport } from '../../../src-main/app/statistics/report';
import type { WindowMonths } from '../../../src-main/app/statistics/ranking';
import { monthlyRankings, rankWindows } from '../../../src-main/app/statistics/ranking';
import { statisticsOf } from '../../../src-main/app/statistics/statistics';
import { STATISTICS_PROJECTION_VERSION, StatisticsProjector } from '../../../src-main/app/statistics/statistics-projector';
import { ticketRecords } from '../../../src-main/app/statistics/ticket-records';
import type { CaseActor, RatingLevel } from '../../../src-main/domain';
import { openReadModelForWriting } from '../../../src-main/storage/sqlite/read-model/read-database';
import { SqliteStatisticsStore } from '../../../src-main/storage/sqlite/read-model/sqlite-statistics-store';
import { HOUR, MINUTE, TestHall } from '../../domain/harness';
import { tempDir } from '../../support/hall-fixture';

// 好差评 reports on hand-made events: ten ratings at two windows, three of them bad. Case A (window 1,
// real-name) is answered on time with a callback and closed; case B (window 2, anonymous) is never
// answered and is past its deadline at the report's `now`; case C (window 2) is appealed and the appeal
// upheld. Figures, the monthly ranking and the exports are worked out by hand; the read model made by
// the projector must say the same as a replay of the log.

const DAY = '2026-11-23';
const T = { waitYellowMinutes: 10, waitRedMinutes: 20, serviceLimitMinutes: 15 };
const SUPERVISOR: CaseActor = { username: 'jiandu', role: 'supervisor' };
const HALL = 'test-hall';

function hallWithCases() {
  const h = new TestHall().open(1, 'wang').open(2, 'li');
  const rate = (windowId: number, level: RatingLevel, mobile: string | null = null) => {
    h.issue('A');
    const number = h.serveNext(windowId);
    const low = level === 'dissatisfied' || level === 'very-dissatisfied';
    h.ok({ type: 'RateService', windowId, ticketId: h.ticket(number).id, level, reasons: low ? ['等候时间长'] : [], mobile });
    h.advance(MINUTE);
    return h.ticket(number).id;
  };
  for (const level of ['very-satisfied', 'very-satisfied', 'satisfied', 'satisfied', 'basic'] as const) rate(1, level);
  const a = rate(1, 'dissatisfied', '13800138000');
  rate(2, 'very-satisfied');
  rate(2, 'satisfied');
  const b = rate(2, 'very-dissatisfied');
  const c = rate(2, 'dissatisfied');
  h.advance(HOUR);
  h.ok({ type: 'VerifyCase', caseId: a, by: SUPERVISOR, note: '已核实' });
  h.ok({ type: 'AnswerCase', caseId: a, by: SUPERVISOR, rectification: '已增开窗口，缩短等候', callback: { answer: 'satisfied', note: '群众表示满意' } });
  h.ok({ type: 'ReviewCase', caseId: a, by: SUPERVISOR, approved: true, note: '复核通过' });
  h.ok({ type: 'CloseCase', caseId: a, by: SUPERVISOR, note: '' });
  h.ok({ type: 'AppealCase', caseId: c, by: SUPERVISOR, reason: '群众误评，已有录像为证' });
  h.ok({ type: 'DecideAppeal', caseId: c, by: SUPERVISOR, upheld: true, note: '申诉成立' });
  return { h, a, b, c, events: h.log.map((event, i) => ({ seq: i + 1, event })) };
}

describe('好差评 figures on hand-made events', () => {
  const tmp = tempDir('case-figures-');
  afterAll(() => tmp.cleanup());

  const { h, a, b, c, events } = hallWithCases();
  // A month later: case B's deadline (five working days) has long passed.
  const now = h.now + 30 * 24 * HOUR;
  const records = ticketRecords(events);
  const cases = caseRecords(events);

  it('satisfaction and bad-rating rates, ratings per level and channel', () => {
    const stats = statisticsOf(records, DAY, DAY, T);
    expect(stats.total).toMatchObject({
      rated: 10,
      satisfactionRate: 0.7,
      badRated: 3,
      badRatingRate: 0.3,
      ratings: { 'very-satisfied': 3, satisfied: 3, basic: 1, dissatisfied: 2, 'very-dissatisfied': 1 },
      ratingsByChannel: { window: 10, phone: 0, 'slip-qr': 0, booking: 0 },
    });
    expect(stats.byWindow['1']).toMatchObject({ rated: 6, badRated: 1, satisfactionRate: round4(5 / 6) });
    expect(stats.byWindow['2']).toMatchObject({ rated: 4, badRated: 2, satisfactionRate: 0.5, badRatingRate: 0.5 });
    expect(stats.byMonth['2026-11']).toEqual(stats.total);
  });

  it('cases: opened, on time, overdue at `now`, callbacks, appeals — in total and by window, staff, category and month', () => {
    expect(cases.map((x) => [x.id, x.state, x.outcome])).toEqual([
      [a, 'closed', 'rectified'],
      [b, 'verifying', null],
      [c, 'closed', 'appeal-upheld'],
    ]);
    // The log keeps the mobile masked; so do the case records.
    expect(cases[0]!.mobile).toBe('138****8000');
    const s = caseStatistics(cases, DAY, DAY, now);
    expect(s.total).toEqual({
      opened: 3,
      open: 1,
      answered: 1,
      answeredOnTime: 1,
      overdue: 1,
      onTimeRate: 0.5,
      realName: 1,
      realNameAnswered: 1,
      calledBack: 1,
      callbackRate: 1,
      appeals: 1,
      appealsUpheld: 1,
    });
    expect(s.byWindow['1']).toMatchObject({ opened: 1, onTimeRate: 1, callbackRate: 1 });
    expect(s.byWindow['2']).toMatchObject({ opened: 2, overdue: 1, onTimeRate: 0, callbackRate: null, appealsUpheld: 1 });
    expect(s.byStaff.li).toEqual(s.byWindow['2']);
    expect(s.byCategory.A).toEqual(s.total);
    expect(s.byMonth['2026-11']).toEqual(s.total);
    expect(Object.keys(s.byDay)).toEqual([DAY]);
    // Before B's deadline nothing is late yet: only A counts, on time.
    expect(caseStatistics(cases, DAY, DAY, h.now).total).toMatchObject({ overdue: 0, onTimeRate: 1 });
  });

  it('the monthly window ranking leaves out the rating whose appeal was upheld', () => {
    const windowMonths: WindowMonths = new Map();
    statisticsOf(records, DAY, DAY, T, windowMonths);
    const [month, ...others] = monthlyRankings(windowMonths, cases, DAY, DAY, now);
    expect(others).toEqual([]);
    expect(month).toEqual({
      month: '2026-11',
      from: DAY,
      to: DAY,
      windows: [
        { rank: 1, windowId: 1, rated: 6, satisfactionRate: round4(5 / 6), badRatings: 1, appealsUpheld: 0, casesDue: 1, onTimeRate: 1, tieBreak: null },
        { rank: 2, windowId: 2, rated: 3, satisfactionRate: round4(2 / 3), badRatings: 1, appealsUpheld: 1, casesDue: 1, onTimeRate: 0, tieBreak: null },
      ],
    });
  });

  it('the projector’s read model equals the replay: figures, cases, ranking, the board’s list', () => {
    const { db } = openReadModelForWriting(join(tmp.dir, 'read.sqlite'), { version: STATISTICS_PROJECTION_VERSION, sourceId: 'test' });
    const store = new SqliteStatisticsStore(db);
    const projector = new StatisticsProjector(store, HALL);
    // In uneven chunks, one event at a time at first: a case's events land in different transactions.
    for (let i = 0; i < events.length; ) {
      const n = i < 40 ? 1 : 7;
      projector.apply(events.slice(i, i + n));
      i += n;
    }
    expect([...store.cases(HALL, DAY, DAY)]).toEqual(cases);
    const labels = { hallId: HALL, thresholds: T, names: { categories: { A: '企业服务' }, windows: { 1: '1号窗口', 2: '2号窗口' }, staff: { wang: '王丽', li: '李强' } } };
    const report = statisticsReport(store, labels, DAY, DAY, events.length, now);
    const windowMonths: WindowMonths = new Map();
    const replay = statisticsOf(records, DAY, DAY, T, windowMonths);
    expect({ total: report.total, byWindow: report.byWindow, byMonth: report.byMonth }).toEqual({ total: replay.total, byWindow: replay.byWindow, byMonth: replay.byMonth });
    expect(report.cases).toEqual(caseStatistics(cases, DAY, DAY, now));
    expect(report.rankings).toEqual(monthlyRankings(windowMonths, cases, DAY, DAY, now));
    expect(report.asOf).toBe(now);

    // The board's closed cases, and its filters.
    const all = { from: DAY, to: DAY, limit: 10 };
    expect(store.listCases(HALL, all)).toEqual(filterCases(cases, all));
    expect(store.listCases(HALL, all).cases.map((x) => x.id)).toEqual([c, b, a]);
    expect(store.listCases(HALL, { ...all, state: 'closed' }).cases.map((x) => x.id)).toEqual([c, a]);
    expect(store.listCases(HALL, { ...all, windowId: 2 }).cases.map((x) => x.id)).toEqual([c, b]);
    expect(store.listCases(HALL, { ...all, staffId: 'wang' }).cases.map((x) => x.id)).toEqual([a]);
    expect(store.listCases(HALL, { ...all, categoryId: 'B' }).cases).toEqual([]);
    expect(store.listCases(HALL, { ...all, limit: 2 })).toMatchObject({ more: true, cases: [{ id: c }, { id: b }] });
    expect(store.listCases(HALL, { from: '2026-11-24', limit: 10 }).cases).toEqual([]);
    expect(store.listCases(HALL, { to: DAY, limit: 10 }).cases).toHaveLength(3);
    for (const f of [{ ...all, state: 'verifying' as const }, { ...all, windowId: 1 }, { ...all, limit: 1 }]) expect(store.listCases(HALL, f)).toEqual(filterCases(cases, f));

    // The exports: the case columns in the group tables, the ranking, the sheet of cases.
    const tables = statisticsTables(report, 'zh');
    expect(tables.map((t) => t.sheet)).toEqual(['汇总', '按日', '按月', '按业务类别', '按窗口', '按人员']);
    const total = Object.fromEntries(tables[0]!.header.map((k, i) => [k, tables[0]!.rows[0]![i]]));
    expect(total).toMatchObject({ 满意率: 0.7, 差评数: 3, 差评率: 0.3, 窗口评价器: 10, 差评工单: 3, 按期整改率: 0.5, 回访率: 1, 申诉: 1, 申诉成立: 1 });
    expect(rankingTable(report, 'en').rows).toEqual([
      ['2026-11', 1, '1 1号窗口', 6, round4(5 / 6), 1, 0, 1, 1, null],
      ['2026-11', 2, '2 2号窗口', 3, round4(2 / 3), 1, 1, 1, 0, null],
    ]);
    const caseRows = [...caseTable(report, store.cases(HALL, DAY, DAY), 'zh', 'Asia/Shanghai').rows];
    expect(caseRows.map((r) => [r[1], r[7], r[8], r[12], r[15]])).toEqual([
      [a.slice(11), '实名', '关闭', '是', '已整改'],
      [b.slice(11), '匿名（无法回访）', '待核实', '否', null],
      [c.slice(11), '匿名（无法回访）', '关闭', null, '申诉成立'],
    ]);
    expect(caseRows[0]![9]).toBe('2026-11-23 09:05');
    const csv = statisticsCsv(report, 'en').split('\r\n');
    expect(csv[0]).toMatch(/^\uFEFFDimension,Group,Issued,/);
    expect(csv).toContain('');
    expect(csv).toContain('Window ranking,2026-11,1,1 1号窗口,6,0.8333,1,0,1,1,');
    db.close();
  });
});

describe('the monthly window ranking', () => {
  const s = (windowId: number, satisfied: number, bad: number, onTime = 0, due = 0, upheld = 0) => ({ windowId, satisfied, bad, onTime, due, upheld });

  it('orders by satisfaction rate, then fewer bad ratings, then on-time rate; ties share a rank and are explained', () => {
    const m = rankWindows('2026-11', '2026-11-01', '2026-11-30', [
      s(5, 9, 1, 1, 1), // 90 %, 1 bad, on time
      s(1, 18, 2, 1, 2), // 90 %, 2 bad
      s(2, 18, 2, 2, 2), // 90 %, 2 bad, all on time: before window 1
      s(3, 18, 2, 2, 2), // the same as window 2: tied
      s(4, 10, 0), // 100 %
      s(6, 1, 9), // 10 %
      s(7, 0, 0), // no ratings: not ranked
    ]);
    expect(m.windows.map((w) => [w.windowId, w.rank, w.tieBreak])).toEqual([
      [4, 1, null],
      [5, 2, null],
      [2, 3, 'bad-ratings'],
      [3, 3, 'tied'],
      [1, 5, 'on-time'],
      [6, 6, null],
    ]);
    expect(m.windows[0]).toMatchObject({ satisfactionRate: 1, casesDue: 0, onTimeRate: null });
  });

  it('a window with nothing due counts as on time; exact shares decide, not rounded ones', () => {
    const m = rankWindows('2026-11', '2026-11-01', '2026-11-30', [s(1, 2, 1, 0, 1), s(2, 2, 1), s(3, 20001, 10000), s(4, 20000, 10000)]);
    // 20001/30001 = 0.666678 and 2/3 = 0.666667 round to the same 0.6667, but window 3 is ahead.
    expect(m.windows.map((w) => [w.windowId, w.rank, w.tieBreak])).toEqual([
      [3, 1, null],
      [2, 2, null],
      [1, 3, 'on-time'],
      [4, 4, 'bad-ratings'],
    ]);
  });

  it('months of a range are ranked apart, each over its days inside the range', () => {
    const windowMonths: WindowMonths = new Map([
      ['2026-10', new Map([[1, partial(3, 1)]])],
      ['2026-11', new Map([[1, partial(1, 0)], [2, partial(2, 0)]])],
    ]);
    const rankings = monthlyRankings(windowMonths, [], '2026-10-20', '2026-11-10', 0);
    expect(rankings.map((r) => [r.month, r.from, r.to, r.windows.map((w) => w.windowId)])).toEqual([
      ['2026-10', '2026-10-20', '2026-10-31', [1]],
      ['2026-11', '2026-11-01', '2026-11-10', [1, 2]],
    ]);
    expect(rankings[1]!.windows[1]).toMatchObject({ rank: 1, tieBreak: 'tied' });
  });
});

function partial(satisfied: number, bad: number) {
  return {
    issued: 0, sources: [0, 0, 0, 0] as [number, number, number, number], called: 0, served: 0, noShows: 0, cancelled: 0, expired: 0, waits: {}, waitSumMs: 0, services: {},
    serviceSumMs: 0, timedServices: 0, ratings: [satisfied, 0, 0, bad, 0] as [number, number, number, number, number], channels: [satisfied + bad, 0, 0, 0] as [number, number, number, number], lowReasons: {},
  };
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

import { describe, expect, it } from 'vitest';
import type { AlertView, HallSnapshot, StatisticsFiguresView, StatisticsReport } from '../../src-main/contracts';
import { AuditPager, auditQuery, emptyFilter } from '../../src-renderer/admin/audit-model';
import { formatPeriods, issueAt, parseLetters, parseList, parseNumberRecord, parsePeriods, unplacedIssues } from '../../src-renderer/admin/config-forms';
import { alertCounts, applyAlert, queueRows, serverNow, sortAlerts, windowCards } from '../../src-renderer/admin/floor-model';
import { dailyChart, groupNames, kpis, NO_CASES, rangeFor, ratingChart, shiftRange, todayIn } from '../../src-renderer/admin/stats-model';

const MIN = 60_000;
const alert = (over: Partial<AlertView>): AlertView => ({
  id: 1, key: 'k', kind: 'wait', level: 'yellow', subject: 'A001', message: '', messageEn: '', since: 0, raisedAt: 0,
  escalatedAt: null, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, ackNote: null, ...over,
});

describe('floor view model', () => {
  const snapshot = {
    serverTime: 100 * MIN,
    categories: [{ id: 'A', name: '企业服务', nameEn: 'Enterprise', matters: [] }],
    queues: [{ categoryId: 'A', waiting: 3, priorityWaiting: 1, longestWaitMinutes: 42, estimatedMinutes: 10, averageServiceMinutes: 8, openWindows: 1, nextNumbers: [], issuedToday: 9 }],
    windows: [
      { id: 1, name: '一窗', categories: ['A'], status: 'open', staffId: 'wang', staffName: '王丽', pauseReason: null, currentNumber: 'A001', currentTicketState: 'serving', servedToday: 2, averageServiceMinutes: 8 },
      { id: 2, name: '二窗', categories: ['A'], status: 'paused', staffId: 'li', staffName: '李强', pauseReason: '会议', currentNumber: null, currentTicketState: null, servedToday: 0, averageServiceMinutes: null },
    ],
    tickets: [{ number: 'A001', windowId: 1, calledAt: 60 * MIN, servingAt: 62 * MIN }],
  } as unknown as HallSnapshot;

  it('cards show state, minutes since service started (by the server clock) and the worst alert of the window', () => {
    const now = serverNow(snapshot.serverTime, 1_000, 1_000 + 5 * MIN);
    const cards = windowCards(snapshot, [alert({ id: 1, kind: 'service', subject: '1', level: 'red' }), alert({ id: 2, kind: 'pause', subject: '2', clearedAt: 5 })], now);
    expect(cards.map((c) => [c.id, c.state, c.minutes, c.level])).toEqual([
      [1, 'serving', 43, 'red'],
      [2, 'paused', null, null],
    ]);
  });

  it('queue rows take their colour from the wait alerts of the category', () => {
    expect(queueRows(snapshot, [alert({ subject: 'A003', level: 'yellow' })])[0]).toMatchObject({ name: '企业服务', waiting: 3, longestWaitMinutes: 42, level: 'yellow' });
  });

  it('alerts: active red first, then yellow, then cleared; a cleared and acknowledged alert leaves the list', () => {
    const list = sortAlerts([alert({ id: 1, clearedAt: 5, raisedAt: 9 }), alert({ id: 2, raisedAt: 1 }), alert({ id: 3, level: 'red', raisedAt: 2 })]);
    expect(list.map((a) => a.id)).toEqual([3, 2, 1]);
    expect(applyAlert(list, alert({ id: 1, clearedAt: 5, acknowledgedAt: 6 })).map((a) => a.id)).toEqual([3, 2]);
    expect(alertCounts(list)).toEqual({ red: 1, yellow: 1, unacknowledged: 3 });
  });
});

describe('statistics page model', () => {
  it('ranges: the day, the Monday-to-Sunday week and the month; stepping by a period', () => {
    expect(rangeFor('week', '2026-11-26')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(rangeFor('month', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(shiftRange('month', '2026-01-01', -1)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(shiftRange('day', '2026-03-01', -1)).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(todayIn('Asia/Shanghai', Date.UTC(2026, 10, 22, 16, 30))).toBe('2026-11-23');
  });

  const figures = (over: Partial<StatisticsFiguresView> = {}): StatisticsFiguresView => ({
    issued: 10, bySource: { kiosk: 8, remote: 2, appointment: 0, counter: 0 }, served: 8, noShows: 1, noShowRate: 0.1111, cancelled: 0, expired: 1,
    waitAverageMinutes: 12.5, waitP90Minutes: 31, serviceAverageMinutes: 7.2, overWaitYellow: 1, overWaitRed: 0, overService: 0,
    ratings: { 'very-satisfied': 3, satisfied: 2, basic: 0, dissatisfied: 1, 'very-dissatisfied': 0 }, rated: 6, satisfactionRate: 0.8333,
    badRated: 1, badRatingRate: 0.1667, ratingsByChannel: { window: 6, phone: 0, 'slip-qr': 0, booking: 0 }, lowReasons: {}, ...over,
  });
  const report: StatisticsReport = {
    from: '2026-11-23', to: '2026-11-24', thresholds: { waitYellowMinutes: 30, waitRedMinutes: 60, serviceLimitMinutes: 30 },
    total: figures(), byDay: { '2026-11-23': figures(), '2026-11-24': figures({ issued: 4 }) }, byCategory: { A: figures() }, byWindow: { '3': figures() }, byStaff: { wang: figures(), gone: figures() },
    names: { categories: { A: '企业服务' }, windows: { '3': '企业服务三窗' }, staff: { wang: '王丽' } },
    lowRatings: [], lowRatingsTotal: 0, upToSeq: 120, complete: true,
    byMonth: { '2026-11': figures() }, cases: { total: NO_CASES, byDay: {}, byMonth: {}, byCategory: {}, byWindow: {}, byStaff: {} }, rankings: [], asOf: 0,
  };

  it('key figures with their warning levels', () => {
    expect(kpis(report.total).map((k) => [k.key, k.value, k.level])).toEqual([
      ['issued', '10', undefined], ['served', '8', undefined], ['noShowRate', '11.1%', 'warn'], ['waitAverage', '12.5', undefined],
      ['waitP90', '31.0', undefined], ['serviceAverage', '7.2', undefined], ['overWait', '1 / 0', 'warn'], ['satisfaction', '83.3%', 'warn'],
    ]);
  });

  it('chart options: a bar per day and a ring of the five levels without labels for empty ones; group names', () => {
    const daily = dailyChart(report, (k) => k);
    expect(daily.xAxis.data).toEqual(['11-23', '11-24']);
    expect(daily.series[0]!.data).toEqual([10, 4]);
    const ring = ratingChart(report.total, (k) => k);
    expect(ring.series[0]!.data.map((d) => [d.value, 'label' in d])).toEqual([[3, false], [2, false], [0, true], [1, false], [0, true]]);
    expect(groupNames(report)).toEqual({ categories: { A: 'A 企业服务' }, windows: { '3': '企业服务三窗' }, staff: { wang: '王丽', gone: 'gone' } });
  });
});

describe('audit filter and config form helpers', () => {
  it('builds the audit:list query from the filter form', () => {
    expect(auditQuery({ ...emptyFilter(), group: 'windows', actor: ' staff01 ', number: 'a017' }, '120:4')).toEqual({
      cursor: '120:4', limit: 50, types: ['WindowOpened', 'WindowClosed', 'WindowPaused', 'WindowResumed'], actor: 'staff01', number: 'A017',
    });
    expect(auditQuery({ ...emptyFilter(), type: 'alert.ack', from: '2026-11-23T08:00' })).toMatchObject({ types: ['alert.ack'], from: new Date('2026-11-23T08:00').getTime() });
    expect(auditQuery(emptyFilter())).not.toHaveProperty('cursor');
  });

  it('walks audit pages by cursor and comes back to the same pages', () => {
    const pager = new AuditPager();
    expect(pager.cursor()).toBeNull();
    pager.loaded('900:3');
    expect(pager.hasOlder()).toBe(true);
    pager.older();
    expect(pager.cursor()).toBe('900:3');
    pager.loaded('850:0');
    pager.older();
    pager.loaded(null);
    expect(pager.hasOlder()).toBe(false);
    pager.newer();
    expect(pager.cursor()).toBe('900:3');
    pager.newer();
    expect(pager.cursor()).toBeNull();
    pager.reset();
    expect(pager.page).toBe(0);
  });

  it('periods, lists, letters and per-category numbers, keeping malformed pieces for the server to name', () => {
    expect(parsePeriods('08:30-12:00，14:00-17:30')).toEqual([['08:30', '12:00'], ['14:00', '17:30']]);
    expect(parsePeriods('8点-12:00')).toEqual([['8点', '12:00']]);
    expect(formatPeriods([['08:30', '12:00']])).toBe('08:30-12:00');
    expect(parseList('休息\n 会议 ,，培训\n\n')).toEqual(['休息', '会议', '培训']);
    expect(parseLetters('a, e b')).toEqual(['A', 'E', 'B']);
    expect(parseNumberRecord('b: 45\nC：20\nnonsense')).toEqual({ B: 45, C: 20 });
  });

  it('places a server issue on its field or lists it above the save button', () => {
    const issues = [{ path: 'windows[2].categories[1]', message: 'unknown category "Q"' }, { path: 'devices[3].windowId', message: 'unknown window 12' }];
    expect(issueAt(issues, 'windows[2].categories')).toBe('unknown category "Q"');
    expect(issueAt(issues, 'windows[2].name')).toBeNull();
    expect(unplacedIssues(issues, ['windows[0]', 'windows[1]', 'windows[2]'])).toEqual([issues[1]]);
  });
});

import { describe, expect, it } from 'vitest';
import { lowRatingsOf, statisticsOf } from '../../../src-main/app/statistics/statistics';
import { ticketRecords } from '../../../src-main/app/statistics/ticket-records';
import { MINUTE, TestHall } from '../../domain/harness';

const T = { waitYellowMinutes: 10, waitRedMinutes: 20, serviceLimitMinutes: 15 };

describe('statistics from the event log', () => {
  function day() {
    const h = new TestHall().open(1, 'wang').open(2, 'li');
    h.issue('A'); // A001: waits 5, served 8 by wang, rated 满意
    h.issue('A', { source: 'remote' }); // A002: waits 12 (yellow), served 20 (over) by li, rated 不满意 with a reason
    h.issue('B'); // B001: waits 25 (red), no-show at window 1
    h.issue('A'); // A003: cancelled
    h.issue('A'); // A004: never called, expires at midnight
    h.advance(5 * MINUTE);
    h.callNext(1);
    h.advance(7 * MINUTE);
    h.callNext(2);
    h.advance(1 * MINUTE);
    h.ok({ type: 'StartService', windowId: 1 }); // A001 serving from 13, called at 5: start counts
    h.ok({ type: 'CancelTicket', number: 'A003' });
    h.advance(7 * MINUTE); // 20
    h.ok({ type: 'FinishService', windowId: 1, matterId: 'A01' }); // A001 service 7 min (13 → 20)
    h.ok({ type: 'RateService', windowId: 1, ticketId: h.ticket('A001').id, level: 'satisfied' });
    h.advance(5 * MINUTE); // 25
    h.callNext(1); // B001 waited 25
    h.ok({ type: 'MarkNoShow', windowId: 1 });
    h.ok({ type: 'FinishService', windowId: 2, matterId: 'A01' }); // A002: called at 12, finished at 25 → 13 min
    h.ok({ type: 'RateService', windowId: 2, ticketId: h.ticket('A002').id, level: 'dissatisfied', reasons: ['等候时间长'], comment: '排队太久' });
    h.advance(24 * 60 * MINUTE); // next day: A004 expires
    h.issue('C');
    return h;
  }

  it('matches figures worked out by hand', () => {
    const h = day();
    const stats = statisticsOf(ticketRecords(h.log.map((event) => ({ event }))), '2026-11-23', '2026-11-23', T);
    expect(stats.total).toMatchObject({
      issued: 5,
      bySource: { kiosk: 4, remote: 1, appointment: 0, counter: 0 },
      served: 2,
      noShows: 1,
      noShowRate: Math.round((1 / 3) * 10000) / 10000,
      cancelled: 1,
      expired: 1,
      waitAverageMinutes: Math.round(((5 + 12 + 25) / 3) * 10) / 10,
      waitP90Minutes: 25,
      serviceAverageMinutes: 10, // (7 + 13) / 2
      overWaitYellow: 1,
      overWaitRed: 1,
      overService: 0,
      rated: 2,
      satisfactionRate: 0.5,
      lowReasons: { 等候时间长: 1 },
    });
    expect(stats.total.ratings).toEqual({ 'very-satisfied': 0, satisfied: 1, basic: 0, dissatisfied: 1, 'very-dissatisfied': 0 });
    expect(lowRatingsOf(ticketRecords(h.log.map((event) => ({ event }))), '2026-11-23', '2026-11-23')).toEqual([
      { number: 'A002', day: '2026-11-23', level: 'dissatisfied', reasons: ['等候时间长'], comment: '排队太久', windowId: 2, staffId: 'li', at: h.log.find((e) => e.type === 'ServiceRated' && e.level === 'dissatisfied')!.at },
    ]);
    expect(Object.keys(stats.byCategory)).toEqual(['A', 'B']);
    expect(stats.byCategory.B).toMatchObject({ issued: 1, noShows: 1, served: 0 });
    expect(stats.byStaff.wang).toMatchObject({ served: 1, noShows: 1, rated: 1, satisfactionRate: 1 });
    expect(stats.byStaff.li).toMatchObject({ served: 1, satisfactionRate: 0 });
    expect(stats.byWindow['1']).toMatchObject({ served: 1 });
  });

  it('a range covers several days; each day on its own too', () => {
    const h = day();
    const stats = statisticsOf(ticketRecords(h.log.map((event) => ({ event }))), '2026-11-23', '2026-11-24', T);
    expect(stats.total.issued).toBe(6);
    expect(Object.keys(stats.byDay)).toEqual(['2026-11-23', '2026-11-24']);
    expect(stats.byDay['2026-11-24']).toMatchObject({ issued: 1, served: 0 });
  });

  it('a reactivated no-show that is then served counts as served', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'MarkNoShow', windowId: 1 });
    h.ok({ type: 'Reactivate', number: 'A001' });
    h.serveNext(1);
    const stats = statisticsOf(ticketRecords(h.log.map((event) => ({ event }))), '2026-11-23', '2026-11-23', T);
    expect(stats.total).toMatchObject({ served: 1, noShows: 0 });
  });
});

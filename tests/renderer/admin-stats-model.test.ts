import { describe, expect, it } from 'vitest';
import type { CaseFiguresView, MonthRankingView, StatisticsFiguresView } from '../../src-main/contracts';
import { messages } from '../../src-renderer/admin/messages';
import { channelRows, NO_CASES, rankingRows, ratingKpis } from '../../src-renderer/admin/stats-model';

// The 好差评 part of the statistics page: key figures with their levels, ratings per channel, and the
// monthly window ranking's rows with the explanation of ties.

const figures = (over: Partial<StatisticsFiguresView> = {}): StatisticsFiguresView => ({
  issued: 12, bySource: { kiosk: 12, remote: 0, appointment: 0, counter: 0 }, served: 10, noShows: 0, noShowRate: 0, cancelled: 0, expired: 0,
  waitAverageMinutes: 5, waitP90Minutes: 9, serviceAverageMinutes: 6, overWaitYellow: 0, overWaitRed: 0, overService: 0,
  ratings: { 'very-satisfied': 3, satisfied: 3, basic: 1, dissatisfied: 2, 'very-dissatisfied': 1 }, rated: 10, satisfactionRate: 0.7,
  badRated: 3, badRatingRate: 0.3, ratingsByChannel: { window: 6, phone: 3, 'slip-qr': 1, booking: 0 }, lowReasons: {}, ...over,
});
const cases = (over: Partial<CaseFiguresView> = {}): CaseFiguresView => ({
  ...NO_CASES, opened: 3, open: 1, answered: 1, answeredOnTime: 1, overdue: 1, onTimeRate: 0.5, realName: 1, realNameAnswered: 1, calledBack: 1, callbackRate: 1, appeals: 1, appealsUpheld: 1, ...over,
});

describe('好差评 on the statistics page', () => {
  it('key figures: bad-rating rate, cases open, on time, callbacks, appeals; levels warn of what needs doing', () => {
    expect(ratingKpis(figures(), cases()).map((k) => [k.key, k.value, k.level])).toEqual([
      ['badRate', '30.0%', 'bad'],
      ['cases', '3 / 1', 'bad'],
      ['onTime', '50.0%', 'bad'],
      ['callback', '100.0%', 'good'],
      ['appeals', '1 / 1', undefined],
    ]);
    const none = ratingKpis(figures({ rated: 0, satisfactionRate: null, badRated: 0, badRatingRate: null }), NO_CASES);
    expect(none.map((k) => [k.value, k.level])).toEqual([['—', undefined], ['0 / 0', undefined], ['—', undefined], ['—', undefined], ['0 / 0', undefined]]);
    expect(ratingKpis(figures({ badRatingRate: 0.02 }), cases({ overdue: 0 }))[0]!.level).toBe('warn');
    expect(ratingKpis(figures({ badRatingRate: 0.02 }), cases({ overdue: 0 }))[1]!.level).toBe('warn');
  });

  it('ratings per channel with their share', () => {
    expect(channelRows(figures())).toEqual([
      { channel: 'window', count: 6, share: '60.0%' },
      { channel: 'phone', count: 3, share: '30.0%' },
      { channel: 'slip-qr', count: 1, share: '10.0%' },
      { channel: 'booking', count: 0, share: '0.0%' },
    ]);
    expect(channelRows(figures({ rated: 0, ratingsByChannel: { window: 0, phone: 0, 'slip-qr': 0, booking: 0 } }))[0]!.share).toBe('—');
  });

  it('the ranking: names, rates, a dash for nothing due, ties explained with words in both languages', () => {
    const month: MonthRankingView = {
      month: '2026-11', from: '2026-11-01', to: '2026-11-30',
      windows: [
        { rank: 1, windowId: 3, rated: 20, satisfactionRate: 1, badRatings: 0, appealsUpheld: 0, casesDue: 0, onTimeRate: null, tieBreak: null },
        { rank: 1, windowId: 4, rated: 8, satisfactionRate: 1, badRatings: 0, appealsUpheld: 1, casesDue: 0, onTimeRate: null, tieBreak: 'tied' },
        { rank: 3, windowId: 1, rated: 10, satisfactionRate: 0.9, badRatings: 1, appealsUpheld: 0, casesDue: 1, onTimeRate: 1, tieBreak: null },
        { rank: 4, windowId: 2, rated: 10, satisfactionRate: 0.9, badRatings: 1, appealsUpheld: 0, casesDue: 1, onTimeRate: 0, tieBreak: 'on-time' },
      ],
    };
    const rows = rankingRows(month, { '1': '一窗', '3': '三窗', '4': '四窗' });
    expect(rows.map((r) => [r.rank, r.name, r.satisfaction, r.onTime, r.why, r.place])).toEqual([
      [1, '三窗', '100.0%', '—', null, 'first'],
      [1, '四窗', '100.0%', '—', 'stats.tie.tied', 'first'],
      [3, '一窗', '90.0%', '100.0%', null, null],
      [4, '2', '90.0%', '0.0%', 'stats.tie.on-time', 'last'],
    ]);
    for (const lang of ['zh-CN', 'en'] as const) {
      const tie = messages[lang].stats.tie;
      for (const r of rows) if (r.why) expect(tie[r.why.slice('stats.tie.'.length) as keyof typeof tie]).toBeTruthy();
    }
    expect(rankingRows({ ...month, windows: month.windows.slice(0, 1) }, {})[0]!.place).toBe('first');
  });
});

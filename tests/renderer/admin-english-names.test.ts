import { describe, expect, it } from 'vitest';
import type { HallSnapshot, StatisticsReport } from '../../src-main/contracts';
import { queueRows, windowCards } from '../../src-renderer/admin/floor-model';
import { groupNames, localReportNames } from '../../src-renderer/admin/stats-model';

// The admin floor view and statistics page in English: names from the config's English ones, else Chinese.

const snapshot = {
  serverTime: 0,
  categories: [
    { id: 'A', name: '企业服务', nameEn: 'Enterprise services', matters: [] },
    { id: 'B', name: '投资建设', nameEn: ' ', matters: [] },
  ],
  queues: [
    { categoryId: 'A', waiting: 3, priorityWaiting: 0, longestWaitMinutes: 4, estimatedMinutes: 10, averageServiceMinutes: 8, openWindows: 1, nextNumbers: [], issuedToday: 9 },
    { categoryId: 'B', waiting: 0, priorityWaiting: 0, longestWaitMinutes: 0, estimatedMinutes: null, averageServiceMinutes: 8, openWindows: 0, nextNumbers: [], issuedToday: 0 },
    { categoryId: 'Q', waiting: 0, priorityWaiting: 0, longestWaitMinutes: 0, estimatedMinutes: null, averageServiceMinutes: 8, openWindows: 0, nextNumbers: [], issuedToday: 0 },
  ],
  windows: [
    { id: 1, name: '企业服务一窗', nameEn: 'Enterprise 1', categories: ['A'], status: 'paused', staffId: 'wang', staffName: '王丽', pauseReason: '休息', currentNumber: null, currentTicketState: null, servedToday: 0, averageServiceMinutes: null },
    { id: 2, name: '二窗', categories: ['B'], status: 'paused', staffId: 'li', staffName: '李强', pauseReason: '临时外出', currentNumber: null, currentTicketState: null, servedToday: 0, averageServiceMinutes: null },
  ],
  tickets: [],
} as unknown as HallSnapshot;

describe('floor view in English', () => {
  it('window cards: English window names and default pause reasons, the rest as the hall wrote them', () => {
    expect(windowCards(snapshot, [], 0, 'en').map((c) => [c.name, c.pauseReason])).toEqual([
      ['Enterprise 1', 'Break'],
      ['二窗', '临时外出'],
    ]);
  });

  it('Chinese stays Chinese (also without a locale)', () => {
    expect(windowCards(snapshot, [], 0, 'zh-CN').map((c) => [c.name, c.pauseReason])).toEqual([
      ['企业服务一窗', '休息'],
      ['二窗', '临时外出'],
    ]);
    expect(windowCards(snapshot, [], 0)[0]!.name).toBe('企业服务一窗');
    expect(queueRows(snapshot, [])[0]!.name).toBe('企业服务');
  });

  it('queue rows: English category names; blank English falls back to Chinese, an unknown category to its id', () => {
    expect(queueRows(snapshot, [], 'en').map((q) => q.name)).toEqual(['Enterprise services', '投资建设', 'Q']);
  });
});

describe('statistics names in English', () => {
  const names: StatisticsReport['names'] = {
    categories: { A: '企业服务', B: '投资建设', Z: '已撤销类别' },
    windows: { '1': '企业服务一窗', '2': '二窗' },
    staff: { wang: '王丽' },
  };

  const namesEn = { categories: { A: 'Enterprise services' }, windows: { '1': 'Enterprise 1' } };

  it('takes the report\'s English names, leaving the others Chinese', () => {
    expect(localReportNames({ names, namesEn }, 'en')).toEqual({
      categories: { A: 'Enterprise services', B: '投资建设', Z: '已撤销类别' },
      windows: { '1': 'Enterprise 1', '2': '二窗' },
      staff: { wang: '王丽' },
    });
  });

  it('Chinese pages keep the report names; a report without English names stays Chinese', () => {
    expect(localReportNames({ names, namesEn }, 'zh-CN')).toBe(names);
    expect(localReportNames({ names }, 'en')).toBe(names);
  });

  it('group labels for tables and charts use the local names', () => {
    const local = localReportNames({ names, namesEn }, 'en');
    const figures = {} as StatisticsReport['total'];
    expect(groupNames({ byCategory: { A: figures, B: figures }, byWindow: { '1': figures }, byStaff: {}, names: local })).toEqual({
      categories: { A: 'A Enterprise services', B: 'B 投资建设' },
      windows: { '1': 'Enterprise 1' },
      staff: {},
    });
  });
});

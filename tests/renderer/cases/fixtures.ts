import type { RatingCaseView } from '../../../src-main/contracts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 2026-11-23 10:00 in Asia/Shanghai. */
export const T0 = Date.parse('2026-11-23T02:00:00Z');

export function caseView(over: Partial<RatingCaseView> = {}): RatingCaseView {
  return {
    id: '2026-11-23/C001',
    number: 'C001',
    serviceDay: '2026-11-23',
    categoryId: 'C',
    categoryName: '社保医保',
    categoryNameEn: 'Social insurance',
    matterName: null,
    windowId: 6,
    windowName: '社保窗口',
    staffId: 'staff06',
    staffName: '杨帆',
    teamId: 'team-c',
    teamName: '社保组',
    level: 'very-dissatisfied',
    reasons: ['等候时间长'],
    comment: null,
    channel: 'window',
    realName: true,
    mobile: '138****0000',
    state: 'verifying',
    outcome: null,
    openedAt: T0,
    // Due at the end of Friday 2026-11-30 (hall time), yellow from its start.
    warnAt: Date.parse('2026-11-29T16:00:00Z'),
    dueAt: Date.parse('2026-11-30T16:00:00Z'),
    colour: 'ok',
    workingDaysLeft: null,
    onTime: null,
    verification: null,
    rectification: null,
    callback: null,
    answeredAt: null,
    appeal: null,
    closedAt: null,
    history: [{ at: T0, action: 'opened', by: null, byName: null, note: '' }],
    canDo: ['verify', 'appeal'],
    seq: 10,
    ...over,
  };
}

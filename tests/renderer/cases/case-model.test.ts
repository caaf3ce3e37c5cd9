import { describe, expect, it } from 'vitest';
import {
  applyChanged,
  caseNames,
  dayLabel,
  dayMinus,
  defaultFilter,
  dueDay,
  listInput,
  listKeyTarget,
  liveColour,
  matchesFilter,
  mergeDetail,
  rememberStaff,
  shortTime,
  sortCases,
  staffOptions,
  timeLeft,
  verbsOf,
} from '../../../src-renderer/cases/case-model';
import { caseView, DAY, HOUR, T0 } from './fixtures';

const base = defaultFilter('2026-11-23');

describe('the filter and what it asks the hall', () => {
  it('starts with the open cases and a 30-day range ending today', () => {
    expect(base).toEqual({ state: 'open', from: '2026-10-25', to: '2026-11-23', windowId: null, categoryId: null, staffId: null, deadline: null });
    expect(dayMinus('2026-03-01', 1)).toBe('2026-02-28');
  });

  it('sends only what is set; the day range only for 全部 and 已关闭, in order', () => {
    expect(listInput(base)).toEqual({ state: 'open', limit: 200 });
    expect(listInput({ ...base, windowId: 6, categoryId: 'C', staffId: 'staff06', deadline: 'red' })).toEqual({
      state: 'open', windowId: 6, categoryId: 'C', staffId: 'staff06', deadline: 'red', limit: 200,
    });
    expect(listInput({ ...base, state: 'all', from: '2026-11-30', to: '2026-11-01' })).toEqual({ state: 'all', from: '2026-11-01', to: '2026-11-30', limit: 200 });
    expect(listInput({ ...base, state: 'closed' })).toMatchObject({ from: '2026-10-25', to: '2026-11-23' });
    expect(listInput({ ...base, state: 'rectifying' })).toEqual({ state: 'rectifying', limit: 200 });
  });

  it('a changed case belongs to the list only while it matches', () => {
    const c = caseView();
    expect(matchesFilter(c, base, T0)).toBe(true);
    expect(matchesFilter({ ...c, state: 'closed' }, base, T0)).toBe(false);
    expect(matchesFilter({ ...c, state: 'closed' }, { ...base, state: 'all' }, T0)).toBe(true);
    expect(matchesFilter({ ...c, serviceDay: '2026-10-01', state: 'closed' }, { ...base, state: 'closed' }, T0)).toBe(false);
    expect(matchesFilter(c, { ...base, state: 'rectifying' }, T0)).toBe(false);
    expect(matchesFilter(c, { ...base, windowId: 7 }, T0)).toBe(false);
    expect(matchesFilter(c, { ...base, categoryId: 'A' }, T0)).toBe(false);
    expect(matchesFilter(c, { ...base, staffId: 'staff01' }, T0)).toBe(false);
    expect(matchesFilter(c, { ...base, deadline: 'any-alert' }, T0)).toBe(false);
    // The clock alone moves a case into the yellow and red filters.
    expect(matchesFilter(c, { ...base, deadline: 'yellow' }, c.warnAt)).toBe(true);
    expect(matchesFilter(c, { ...base, deadline: 'red' }, c.dueAt + 1)).toBe(true);
    expect(matchesFilter(c, { ...base, deadline: 'any-alert' }, c.dueAt + 1)).toBe(true);
  });
});

describe('deadline colours and the time-left line', () => {
  const c = caseView();

  it('takes the view’s colour and moves it on with the clock, never back', () => {
    expect(liveColour(c, T0)).toBe('ok');
    expect(liveColour(c, c.warnAt - 1)).toBe('ok');
    expect(liveColour(c, c.warnAt)).toBe('yellow');
    expect(liveColour(c, c.dueAt)).toBe('yellow');
    expect(liveColour(c, c.dueAt + 1)).toBe('red');
    expect(liveColour({ ...c, colour: 'red' }, T0)).toBe('red');
    expect(liveColour({ ...c, colour: 'done' }, c.dueAt + DAY)).toBe('done');
  });

  it('says how long is left, how late, or how it ended', () => {
    expect(timeLeft(c, c.dueAt - 3 * DAY - 5 * HOUR)).toEqual({ key: 'left.leftDays', params: { d: 3, h: 5 } });
    expect(timeLeft(c, c.dueAt - 5 * HOUR - 30 * 60_000)).toEqual({ key: 'left.lastDayHours', params: { h: 5, m: 30 } });
    expect(timeLeft(c, c.dueAt - 20_000)).toEqual({ key: 'left.lastDayMinutes', params: { m: 1 } });
    expect(timeLeft(c, c.dueAt + 2 * DAY + 3 * HOUR)).toEqual({ key: 'left.overdueDays', params: { d: 2, h: 3 } });
    expect(timeLeft(c, c.dueAt + 3 * HOUR + 60_000)).toEqual({ key: 'left.overdueHours', params: { h: 3, m: 1 } });
    expect(timeLeft(c, c.dueAt + 10 * 60_000)).toEqual({ key: 'left.overdueMinutes', params: { m: 10 } });
    expect(timeLeft({ ...c, colour: 'done', answeredAt: c.dueAt - HOUR, state: 'answered' }, c.dueAt + DAY)).toEqual({ key: 'left.answeredOnTime', params: {} });
    expect(timeLeft({ ...c, colour: 'done', answeredAt: c.dueAt + DAY + 2 * HOUR, state: 'answered' }, c.dueAt + 2 * DAY)).toEqual({ key: 'left.answeredLateDays', params: { d: 1, h: 2 } });
    expect(timeLeft({ ...c, colour: 'done', state: 'closed', outcome: 'appeal-upheld' }, T0)).toEqual({ key: 'left.appealUpheld', params: {} });
  });

  it('counts in working days when the view says how many are left (holidays make clock days mislead)', () => {
    const withDays = { ...c, workingDaysLeft: 3 };
    expect(timeLeft(withDays, c.dueAt - 5 * DAY)).toEqual({ key: 'left.workingDays', params: { n: 3 } });
    // The last working day is told in hours, and a late one by how much.
    expect(timeLeft({ ...c, workingDaysLeft: 1 }, c.dueAt - 5 * HOUR)).toEqual({ key: 'left.lastDayHours', params: { h: 5, m: 0 } });
    expect(timeLeft(withDays, c.dueAt + HOUR)).toEqual({ key: 'left.overdueHours', params: { h: 1, m: 0 } });
  });

  it('names the deadline’s working day in the hall’s zone (the deadline is 24:00 of it)', () => {
    expect(dueDay(c.dueAt, 'Asia/Shanghai')).toBe('2026-11-30');
    expect(dayLabel('2026-11-30', 'zh-CN')).toBe('11月30日周一');
    expect(dayLabel('2026-11-30', 'en')).toBe('Mon 30 Nov');
    expect(shortTime(T0, 'Asia/Shanghai')).toBe('11-23 10:00');
  });
});

describe('the list kept live', () => {
  const a = caseView({ id: '2026-11-23/C001', number: 'C001' });
  const b = caseView({ id: '2026-11-23/C002', number: 'C002', dueAt: a.dueAt - DAY, warnAt: a.warnAt - DAY });
  const red = caseView({ id: '2026-11-20/A003', number: 'A003', colour: 'red', dueAt: T0 - HOUR, warnAt: T0 - DAY });
  const done = caseView({ id: '2026-11-19/B001', number: 'B001', colour: 'done', state: 'answered', answeredAt: T0 - DAY });

  it('orders red, yellow, ok by deadline, then finished ones', () => {
    expect(sortCases([done, a, b, red], T0).map((c) => c.number)).toEqual(['A003', 'C002', 'C001', 'B001']);
  });

  it('adds, replaces and drops a changed case as the filter says; an older view never wins', () => {
    let list = sortCases([a, b], T0);
    const verified = { ...a, state: 'rectifying' as const, seq: 11 };
    list = applyChanged(list, verified, base, T0);
    expect(list.find((c) => c.id === a.id)?.state).toBe('rectifying');
    expect(applyChanged(list, a, base, T0)).toBe(list);
    const onlyVerifying = { ...base, state: 'verifying' as const };
    expect(applyChanged([a, b], verified, onlyVerifying, T0).map((c) => c.number)).toEqual(['C002']);
    const fresh = caseView({ id: '2026-11-23/C003', number: 'C003', seq: 12 });
    expect(applyChanged(list, fresh, base, T0)).toHaveLength(3);
    const closed = { ...b, state: 'closed' as const, colour: 'done' as const, seq: 13 };
    expect(applyChanged(list, closed, base, T0).map((c) => c.number)).toEqual(['C001']);
  });

  it('keeps the full mobile case:get gave while a newer (masked) view of the same case arrives', () => {
    const full = caseView({ mobile: '13800000000' });
    const masked = { ...full, seq: 11, state: 'rectifying' as const, mobile: '138****0000' };
    expect(mergeDetail(full, masked)).toMatchObject({ state: 'rectifying', mobile: '13800000000' });
    expect(mergeDetail(full, { ...masked, mobile: '139****1111' }).mobile).toBe('139****1111');
    expect(mergeDetail({ ...full, seq: 20 }, masked).seq).toBe(20);
    expect(mergeDetail(null, masked)).toBe(masked);
  });

  it('shows only the buttons the hall allows, in the board’s order', () => {
    expect(verbsOf({ canDo: ['close', 'appeal', 'verify'] })).toEqual(['verify', 'appeal', 'close']);
    expect(verbsOf({ canDo: [] })).toEqual([]);
  });

  it('remembers the staff seen for the staff filter', () => {
    const seen = rememberStaff(new Map(), [a, { ...b, staffId: 'staff01', staffName: '王丽' }, { ...b, staffId: null }]);
    expect(staffOptions(seen)).toEqual([
      { id: 'staff01', name: '王丽' },
      { id: 'staff06', name: '杨帆' },
    ]);
    expect(rememberStaff(seen, [a])).toBe(seen);
  });
});

describe('keyboard moves along the list', () => {
  it('arrows, Home, End, PageUp and PageDown stay inside the list', () => {
    expect(listKeyTarget(0, 'ArrowDown', 3)).toBe(1);
    expect(listKeyTarget(2, 'ArrowDown', 3)).toBe(2);
    expect(listKeyTarget(0, 'ArrowUp', 3)).toBe(0);
    expect(listKeyTarget(1, 'Home', 3)).toBe(0);
    expect(listKeyTarget(0, 'End', 3)).toBe(2);
    expect(listKeyTarget(0, 'PageDown', 30)).toBe(10);
    expect(listKeyTarget(5, 'PageUp', 30)).toBe(0);
    expect(listKeyTarget(0, 'a', 3)).toBeNull();
    expect(listKeyTarget(0, 'ArrowDown', 0)).toBeNull();
  });
});

describe('case names in the page language', () => {
  const c = caseView({
    matterName: '社会保障卡申领',
    matterNameEn: 'Social security card application',
    windowNameEn: 'Insurance 1',
    teamNameEn: 'Insurance team',
    reasons: ['等候时间长', '其他原因'],
  });

  it('English: the English names and the default reasons translated; other reasons as written', () => {
    expect(caseNames(c, 'en')).toEqual({
      category: 'Social insurance',
      matter: 'Social security card application',
      window: 'Insurance 1',
      team: 'Insurance team',
      reasons: ['Long wait', '其他原因'],
    });
  });

  it('Chinese: the Chinese names unchanged', () => {
    expect(caseNames(c, 'zh-CN')).toEqual({ category: '社保医保', matter: '社会保障卡申领', window: '社保窗口', team: '社保组', reasons: ['等候时间长', '其他原因'] });
  });

  it('English falls back to Chinese where the hall has no English name; no matter or team stays none', () => {
    expect(caseNames(caseView({ matterName: '社会保障卡申领', teamName: null }), 'en')).toMatchObject({ matter: '社会保障卡申领', window: '社保窗口', team: null });
    expect(caseNames(caseView({ windowNameEn: '' }), 'en').window).toBe('社保窗口');
  });
});

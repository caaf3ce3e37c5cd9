import { describe, expect, it } from 'vitest';
import type { CaseActor, HallCommand, HallRules } from '../../src-main/domain';
import { caseDeadlines, caseVerbsFor, compileRules, DEFAULT_BOOKING_RULES, DEFAULT_EVALUATION_RULES } from '../../src-main/domain';
import { caseConditions } from '../../src-main/app/supervision/conditions';
import { workingDaysLeft } from '../../src-main/app/case-views';
import { HOUR, MINUTE, TestHall, testRules } from './harness';

// Bad ratings become cases (差评整改) with deadlines in working days of the hall's calendar.

const WORKDAY = { periods: [['09:00', '17:00']] as Array<[string, string]> };
const CLOSED = { periods: [] as Array<[string, string]> };
/** Beijing time → epoch. */
const bj = (day: string, clock: string) => Date.parse(`${day}T${clock}:00+08:00`);

/** Mon–Fri open; 2026 National Day holidays 10-01..10-07; Saturday 10-10 a make-up working day (调休). */
function calendarRules(extra: Partial<HallRules> = {}): HallRules {
  return testRules({
    openingHours: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY, sat: CLOSED, sun: CLOSED },
    closedDates: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
    booking: { ...DEFAULT_BOOKING_RULES, specialDays: { '2026-10-10': WORKDAY } },
    evaluation: {
      ...DEFAULT_EVALUATION_RULES,
      cases: { answerWorkingDays: 5, warnWorkingDays: 1, teams: [{ id: 'enterprise', name: '企业服务组', nameEn: 'Enterprise team', windows: [1, 2], members: ['staff-2'], supervisor: 'boss' }] },
    },
    ...extra,
  });
}

const staff = (username: string): CaseActor => ({ username, role: 'staff' });
const BOSS: CaseActor = { username: 'boss', role: 'supervisor' };

/** A ticket served at window 1 by staff-1 and rated at the window at `at`; returns its id. */
function ratedBadly(h: TestHall, extra: Partial<Extract<HallCommand, { type: 'RateService' }>> = {}): string {
  h.open(1);
  h.issue('A');
  const number = h.serveNext(1);
  const ticketId = h.ticket(number).id;
  h.ok({ type: 'RateService', windowId: 1, ticketId, level: 'very-dissatisfied', reasons: ['服务态度差'], ...extra });
  return ticketId;
}

describe('case deadlines in working days', () => {
  it('skips the National Day holidays and the weekend, and counts the make-up Saturday', () => {
    const rules = compileRules(calendarRules());
    const d = caseDeadlines(rules, bj('2026-09-30', '16:50'));
    // 10-08 Thu, 10-09 Fri, 10-10 Sat (调休), 10-12 Mon, 10-13 Tue.
    expect(d.dueDay).toBe('2026-10-13');
    expect(d.dueAt).toBe(bj('2026-10-14', '00:00'));
    expect(d.warnAt).toBe(bj('2026-10-13', '00:00'));
  });

  it('does not count the day of the rating, even a working day rated in the morning', () => {
    const rules = compileRules(calendarRules());
    expect(caseDeadlines(rules, bj('2026-10-12', '09:01')).dueDay).toBe('2026-10-19');
  });

  it('warns earlier with more warning days, and falls back to calendar days when nothing is a working day', () => {
    const rules = compileRules(calendarRules({ evaluation: { ...DEFAULT_EVALUATION_RULES, cases: { answerWorkingDays: 5, warnWorkingDays: 2, teams: [] } } }));
    expect(caseDeadlines(rules, bj('2026-09-30', '10:00')).warnAt).toBe(bj('2026-10-12', '00:00'));
    const never = compileRules(
      testRules({ openingHours: { mon: CLOSED, tue: CLOSED, wed: CLOSED, thu: CLOSED, fri: CLOSED, sat: CLOSED, sun: CLOSED } }),
    );
    const at = bj('2026-09-30', '10:00');
    expect(caseDeadlines(never, at).dueAt).toBe(at + 5 * 24 * HOUR);
  });
});

describe('a bad rating opens a case owned by the window that served (谁办理谁负责)', () => {
  it('opens one in the same decision, with its team, deadline and the real-name mobile', () => {
    const h = new TestHall(calendarRules(), bj('2026-09-30', '10:00'));
    h.open(1);
    h.issue('A');
    const number = h.serveNext(1);
    const ticketId = h.ticket(number).id;
    const events = h.ok({ type: 'RateService', windowId: 1, ticketId, level: 'dissatisfied', reasons: ['等候时间长'], comment: '等了很久', mobile: '13800138000' });
    expect(events.map((e) => e.type)).toEqual(['ServiceRated', 'CaseOpened']);
    const c = h.state.cases.get(ticketId)!;
    expect(c).toMatchObject({
      number,
      windowId: 1,
      staffId: 'staff-1',
      teamId: 'enterprise',
      level: 'dissatisfied',
      reasons: ['等候时间长'],
      comment: '等了很久',
      channel: 'window',
      mobile: '13800138000',
      state: 'verifying',
      dueAt: bj('2026-10-14', '00:00'),
    });
    expect(h.state.tickets.get(ticketId)!.rating).toMatchObject({ realName: true, channel: 'window' });
  });

  it('opens none for 基本满意 or better', () => {
    const h = new TestHall(calendarRules());
    h.open(1);
    h.issue('A');
    const ticketId = h.ticket(h.serveNext(1)).id;
    expect(h.ok({ type: 'RateService', windowId: 1, ticketId, level: 'basic' }).map((e) => e.type)).toEqual(['ServiceRated']);
    expect(h.state.cases.size).toBe(0);
  });

  it('uses the remote ticket’s own mobile: its rating is real-name without asking again', () => {
    const h = new TestHall(calendarRules());
    h.open(1);
    h.issue('A', { source: 'remote', contactMobile: '13900139000' });
    const ticketId = h.ticket(h.serveNext(1)).id;
    h.ok({ type: 'RateService', windowId: null, channel: 'phone', ticketId, level: 'very-dissatisfied' });
    expect(h.state.cases.get(ticketId)!.mobile).toBe('13900139000');
  });
});

describe('the case life cycle', () => {
  it('待核实 → 整改中 → 已反馈 → sent back → 已反馈 → 已复核 → 关闭, with who did what', () => {
    const h = new TestHall(calendarRules(), bj('2026-09-30', '10:00'));
    const caseId = ratedBadly(h, { mobile: '13800138000' });
    h.ok({ type: 'VerifyCase', caseId, by: staff('staff-1'), note: '核实：等候确实较长' });
    expect(h.state.cases.get(caseId)!.state).toBe('rectifying');
    // A real-name rating is called back before the answer counts.
    expect(h.refused({ type: 'AnswerCase', caseId, by: staff('staff-1'), rectification: '增开窗口并调整排班', callback: null })).toBe('CASE_CALLBACK_REQUIRED');
    h.advance(HOUR).ok({ type: 'AnswerCase', caseId, by: staff('staff-2'), rectification: '增开窗口并调整排班', callback: { answer: 'basic', note: '群众表示理解' } });
    expect(h.state.cases.get(caseId)).toMatchObject({ state: 'answered', callback: { answer: 'basic', by: 'staff-2' }, answeredAt: h.now });
    h.ok({ type: 'ReviewCase', caseId, by: BOSS, approved: false, note: '整改措施不具体' });
    expect(h.state.cases.get(caseId)).toMatchObject({ state: 'rectifying', answeredAt: null });
    h.advance(HOUR).ok({ type: 'AnswerCase', caseId, by: staff('staff-1'), rectification: '周一至周三上午增开 2 号窗口', callback: { answer: 'satisfied', note: '' } });
    h.ok({ type: 'ReviewCase', caseId, by: BOSS, approved: true, note: '同意' });
    h.ok({ type: 'CloseCase', caseId, by: BOSS, note: '' });
    const c = h.state.cases.get(caseId)!;
    expect(c).toMatchObject({ state: 'closed', outcome: 'rectified', closedAt: h.now });
    expect(c.history.map((s) => [s.action, s.by])).toEqual([
      ['opened', null],
      ['verified', 'staff-1'],
      ['answered', 'staff-2'],
      ['review-returned', 'boss'],
      ['answered', 'staff-1'],
      ['review-approved', 'boss'],
      ['closed', 'boss'],
    ]);
  });

  it('refuses staff of other windows, supervisor-only verbs from staff, and verbs out of order', () => {
    const h = new TestHall(calendarRules());
    const caseId = ratedBadly(h);
    expect(h.refused({ type: 'VerifyCase', caseId, by: staff('staff-4'), note: '不是我的' })).toBe('CASE_NOT_YOURS');
    expect(h.refused({ type: 'CloseCase', caseId, by: staff('staff-1'), note: '' })).toBe('CASE_SUPERVISOR_ONLY');
    expect(h.refused({ type: 'ReviewCase', caseId, by: BOSS, approved: true, note: '太早' })).toBe('CASE_WRONG_STATE');
    expect(h.refused({ type: 'VerifyCase', caseId: '2026-01-01/Z999', by: BOSS, note: '没有' })).toBe('NO_SUCH_CASE');
    const c = h.state.cases.get(caseId)!;
    expect(caseVerbsFor(c, staff('staff-1'), h)).toEqual(['verify', 'appeal']);
    expect(caseVerbsFor(c, staff('staff-2'), h)).toEqual(['verify', 'appeal']);
    expect(caseVerbsFor(c, staff('staff-4'), h)).toEqual([]);
    expect(caseVerbsFor(c, BOSS, h)).toEqual(['verify', 'appeal']);
  });

  it('an anonymous rating cannot be called back: the answer goes without one', () => {
    const h = new TestHall(calendarRules());
    const caseId = ratedBadly(h);
    h.ok({ type: 'VerifyCase', caseId, by: staff('staff-1'), note: '已核实' });
    expect(h.refused({ type: 'AnswerCase', caseId, by: staff('staff-1'), rectification: '加强培训', callback: { answer: 'satisfied', note: '' } })).toBe('CASE_ANONYMOUS');
    h.ok({ type: 'AnswerCase', caseId, by: staff('staff-1'), rectification: '加强培训', callback: null });
    expect(h.state.cases.get(caseId)!.callback).toBeNull();
  });

  it('申诉: upheld closes the case as appeal-upheld; refused sends it back to 整改中', () => {
    const h = new TestHall(calendarRules());
    const upheld = ratedBadly(h);
    h.ok({ type: 'AppealCase', caseId: upheld, by: staff('staff-1'), reason: '群众误评，录像可证' });
    expect(h.refused({ type: 'DecideAppeal', caseId: upheld, by: staff('staff-1'), upheld: true, note: '自己批准' })).toBe('CASE_SUPERVISOR_ONLY');
    h.ok({ type: 'DecideAppeal', caseId: upheld, by: BOSS, upheld: true, note: '查看录像属实' });
    expect(h.state.cases.get(upheld)).toMatchObject({ state: 'closed', outcome: 'appeal-upheld' });

    h.ok({ type: 'CloseWindow', windowId: 1 });
    const refused = ratedBadly(h);
    h.ok({ type: 'AppealCase', caseId: refused, by: staff('staff-1'), reason: '我认为服务没有问题' });
    h.ok({ type: 'DecideAppeal', caseId: refused, by: BOSS, upheld: false, note: '理由不充分' });
    expect(h.state.cases.get(refused)).toMatchObject({ state: 'rectifying', outcome: null, appeal: { reason: '我认为服务没有问题' } });
  });
});

describe('supervision of case deadlines, at the right minutes', () => {
  it('nothing before the last working day, yellow from its first minute, red a minute after the deadline, nothing once answered', () => {
    const h = new TestHall(calendarRules(), bj('2026-09-30', '16:50'));
    const caseId = ratedBadly(h);
    const at = (day: string, clock: string) => caseConditions(h.state, h.rules, bj(day, clock));
    expect(at('2026-10-12', '23:59')).toEqual([]);
    expect(at('2026-10-13', '00:00')).toEqual([expect.objectContaining({ key: `case:${caseId}`, kind: 'case', level: 'yellow', since: bj('2026-10-13', '00:00') })]);
    expect(at('2026-10-14', '00:00')[0]!.level).toBe('yellow');
    expect(at('2026-10-14', '00:01')).toEqual([expect.objectContaining({ key: `case:${caseId}`, level: 'red', since: bj('2026-10-14', '00:00') })]);
    h.ok({ type: 'VerifyCase', caseId, by: staff('staff-1'), note: '已核实' });
    h.ok({ type: 'AnswerCase', caseId, by: staff('staff-1'), rectification: '已整改到位', callback: null });
    expect(at('2026-10-14', '00:01')).toEqual([]);
  });
});

describe('working days left, as the board shows them', () => {
  it('counts today while it is a working day, skips the holidays, is 0 once late and null once answered', () => {
    const h = new TestHall(calendarRules(), bj('2026-09-30', '16:50'));
    const caseId = ratedBadly(h);
    const c = h.state.cases.get(caseId)!;
    expect(workingDaysLeft(h.rules, c, bj('2026-09-30', '17:00'))).toBe(6); // today, then 10-08, 09, 10, 12, 13
    expect(workingDaysLeft(h.rules, c, bj('2026-10-03', '12:00'))).toBe(5);
    expect(workingDaysLeft(h.rules, c, bj('2026-10-13', '08:00'))).toBe(1);
    expect(workingDaysLeft(h.rules, c, bj('2026-10-14', '00:01'))).toBe(0);
    h.ok({ type: 'VerifyCase', caseId, by: staff('staff-1'), note: '已核实' });
    h.ok({ type: 'AnswerCase', caseId, by: staff('staff-1'), rectification: '已整改到位', callback: null });
    expect(workingDaysLeft(h.rules, h.state.cases.get(caseId)!, bj('2026-10-14', '00:01'))).toBeNull();
  });
});

describe('one rating per ticket, whichever channel comes first, within the rating window', () => {
  it('the window rated first: the phone is told it was rated', () => {
    const h = new TestHall(calendarRules());
    const ticketId = ratedBadly(h);
    expect(h.refused({ type: 'RateService', windowId: null, channel: 'slip-qr', ticketId, level: 'satisfied' })).toBe('ALREADY_RATED');
  });

  it('the phone may rate after the evaluator’s 10 minutes, and until acceptHours, also after the day closed', () => {
    const h = new TestHall(calendarRules(), bj('2026-09-29', '16:30'));
    h.open(1);
    h.issue('A');
    const ticketId = h.ticket(h.serveNext(1)).id;
    h.advance(11 * MINUTE);
    expect(h.refused({ type: 'RateService', windowId: 1, ticketId, level: 'satisfied' })).toBe('RATING_EXPIRED');
    // Next morning: the day rolls over, the finished ticket stays rateable for the phone.
    h.now = bj('2026-09-30', '09:05');
    h.issue('A');
    expect(h.state.tickets.has(ticketId)).toBe(false);
    expect(h.state.rateable.has(ticketId)).toBe(true);
    h.ok({ type: 'RateService', windowId: null, channel: 'slip-qr', ticketId, level: 'dissatisfied', reasons: ['办事效率低'] });
    expect(h.state.rateable.get(ticketId)!.rating).toMatchObject({ channel: 'slip-qr', level: 'dissatisfied' });
    expect(h.state.cases.get(ticketId)).toMatchObject({ channel: 'slip-qr', serviceDay: '2026-09-29' });
  });

  it('refuses every channel after acceptHours, and forgets the ticket at the next day close', () => {
    const h = new TestHall(calendarRules(), bj('2026-09-28', '10:00'));
    h.open(1);
    h.issue('A');
    const ticketId = h.ticket(h.serveNext(1)).id;
    h.now = bj('2026-09-30', '09:00');
    h.issue('A');
    expect(h.state.rateable.has(ticketId)).toBe(true);
    h.now = bj('2026-10-01', '09:00');
    h.ok({ type: 'CloseDay' });
    expect(h.state.rateable.has(ticketId)).toBe(true);
    h.now = bj('2026-10-01', '10:01');
    expect(h.refused({ type: 'RateService', windowId: null, channel: 'phone', ticketId, level: 'satisfied' })).toBe('RATING_EXPIRED');
    h.now = bj('2026-10-02', '09:00');
    h.ok({ type: 'CloseDay' });
    expect(h.state.rateable.has(ticketId)).toBe(false);
  });
});

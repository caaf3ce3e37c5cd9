import { describe, expect, it } from 'vitest';
import type { HallSnapshot, TicketView, WindowView } from '../../src-main/contracts';
import type { ConsoleAction, ConsoleFacts, DisabledReason } from '../../src-renderer/counter/console-logic';
import {
  actionForKey,
  actionStates,
  attemptFor,
  CONSOLE_ACTIONS,
  currentTicket,
  myQueues,
  myWindow,
  SHORTCUTS,
  uncertainAfter,
  waitedMinutes,
} from '../../src-renderer/counter/console-logic';

const ALL: ConsoleAction[] = [...CONSOLE_ACTIONS, 'open'];

const facts = (window: ConsoleFacts['window'], extra: Partial<ConsoleFacts> = {}): ConsoleFacts => ({ online: true, window, inFlight: null, ...extra });
const open = (currentTicketState: WindowView['currentTicketState'] = null): ConsoleFacts['window'] => ({ status: 'open', currentTicketState });

/** The enabled actions, and the reason for every disabled one. */
function summary(f: ConsoleFacts): { enabled: ConsoleAction[]; reasons: Partial<Record<ConsoleAction, DisabledReason>> } {
  const states = actionStates(f);
  const enabled = ALL.filter((a) => states[a].enabled);
  const reasons: Partial<Record<ConsoleAction, DisabledReason>> = {};
  for (const a of ALL) if (!states[a].enabled) reasons[a] = states[a].reason!;
  return { enabled: enabled.sort(), reasons };
}

describe('what the console lets staff do', () => {
  it('no window: only opening one', () => {
    for (const w of [null, { status: 'closed' as const, currentTicketState: null }]) {
      const s = summary(facts(w));
      expect(s.enabled).toEqual(['open']);
      for (const a of CONSOLE_ACTIONS) expect(s.reasons[a]).toBe('noWindow');
    }
  });

  it('paused: only resume and leaving the window', () => {
    const s = summary(facts({ status: 'paused', currentTicketState: null }));
    expect(s.enabled).toEqual(['close', 'resume']);
    for (const a of ['callNext', 'recall', 'noShow', 'start', 'finish', 'transfer', 'callNumber', 'pause'] as const) expect(s.reasons[a]).toBe('paused');
    expect(s.reasons.open).toBe('windowOpen');
  });

  it('open with no current ticket: call next, 特呼, pause, close', () => {
    const s = summary(facts(open()));
    expect(s.enabled).toEqual(['callNext', 'callNumber', 'close', 'pause']);
    expect(s.reasons).toEqual({ recall: 'noTicket', noShow: 'noTicket', start: 'noTicket', finish: 'noTicket', transfer: 'noTicket', resume: 'notPaused', open: 'windowOpen' });
  });

  it('a called ticket: recall, no-show, start, finish, transfer', () => {
    const s = summary(facts(open('called')));
    expect(s.enabled).toEqual(['finish', 'noShow', 'recall', 'start', 'transfer']);
    expect(s.reasons).toMatchObject({ callNext: 'ticketActive', callNumber: 'ticketActive', pause: 'ticketActive', close: 'ticketActive', resume: 'notPaused' });
  });

  it('a ticket being served: finish or transfer only', () => {
    const s = summary(facts(open('serving')));
    expect(s.enabled).toEqual(['finish', 'transfer']);
    expect(s.reasons).toMatchObject({ recall: 'alreadyServing', noShow: 'alreadyServing', start: 'alreadyServing', callNext: 'ticketActive', close: 'ticketActive' });
  });

  it('offline: everything disabled with 离线, whatever the window', () => {
    for (const w of [null, open(), open('called'), open('serving'), { status: 'paused' as const, currentTicketState: null }]) {
      const s = summary(facts(w, { online: false }));
      expect(s.enabled).toEqual([]);
      for (const a of ALL) expect(s.reasons[a]).toBe('offline');
    }
  });

  it('a request in flight: that button is busy, the others wait for it', () => {
    const states = actionStates(facts(open('called'), { inFlight: 'recall' }));
    expect(states.recall).toEqual({ enabled: false, busy: true, reason: 'inFlight' });
    for (const a of ALL.filter((x) => x !== 'recall')) expect(states[a]).toEqual({ enabled: false, busy: false, reason: 'otherInFlight' });
  });

  it('offline wins over a request in flight: nothing is busy once the link is gone', () => {
    expect(actionStates(facts(open(), { online: false, inFlight: 'callNext' })).callNext).toEqual({ enabled: false, busy: false, reason: 'offline' });
  });
});

describe('keyboard shortcuts', () => {
  it('F1–F9 cover every action, each shown once on the pad', () => {
    expect(new Set(Object.values(SHORTCUTS))).toEqual(new Set(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9']));
    expect(actionForKey('F1', open())).toBe('callNext');
    expect(actionForKey('F2', open('called'))).toBe('recall');
    expect(actionForKey('F3', open('called'))).toBe('noShow');
    expect(actionForKey('F4', open('called'))).toBe('start');
    expect(actionForKey('F5', open('called'))).toBe('finish');
    expect(actionForKey('F6', open('called'))).toBe('transfer');
    expect(actionForKey('F7', open())).toBe('callNumber');
    expect(actionForKey('F9', open())).toBe('close');
  });

  it('F8 pauses an open window and resumes a paused one', () => {
    expect(actionForKey('F8', open())).toBe('pause');
    expect(actionForKey('F8', { status: 'paused', currentTicketState: null })).toBe('resume');
  });

  it('other keys are not console keys', () => {
    for (const k of ['F10', 'F12', 'Enter', '1', 'a']) expect(actionForKey(k, open())).toBeNull();
  });
});

describe('a retried action never acts twice', () => {
  let n = 0;
  const fresh = () => `id-${++n}`;

  it('after a TIMEOUT the same action and payload reuse the request id', () => {
    const first = attemptFor(null, 'callNext', '{}', fresh);
    const uncertain = uncertainAfter(first, 'TIMEOUT', null);
    expect(uncertain).toBe(first);
    expect(attemptFor(uncertain, 'callNext', '{}', fresh).requestId).toBe(first.requestId);
  });

  it('a different action, or the same one with another payload, is a new request', () => {
    const first = attemptFor(null, 'transfer', '{"to":{"categoryId":"A"}}', fresh);
    const uncertain = uncertainAfter(first, 'TIMEOUT', null);
    expect(attemptFor(uncertain, 'transfer', '{"to":{"categoryId":"B"}}', fresh).requestId).not.toBe(first.requestId);
    expect(attemptFor(uncertain, 'noShow', '{}', fresh).requestId).not.toBe(first.requestId);
  });

  it('a known outcome (success or refusal) forgets the attempt: pressing again is a new request', () => {
    const a = attemptFor(null, 'callNext', '{}', fresh);
    expect(uncertainAfter(a, null, null)).toBeNull();
    expect(uncertainAfter(a, 'NO_WAITING_TICKET', null)).toBeNull();
    expect(attemptFor(null, 'callNext', '{}', fresh).requestId).not.toBe(a.requestId);
  });

  it('OFFLINE sent nothing: an earlier uncertain attempt stays the one to retry', () => {
    const timedOut = attemptFor(null, 'callNext', '{}', fresh);
    const offlineTry = attemptFor(timedOut, 'callNext', '{}', fresh);
    expect(offlineTry).toBe(timedOut);
    expect(uncertainAfter(offlineTry, 'OFFLINE', timedOut)).toBe(timedOut);
    expect(uncertainAfter(attemptFor(null, 'recall', '{}', fresh), 'OFFLINE', null)).toBeNull();
  });
});

describe('what the console shows', () => {
  const w6: WindowView = {
    id: 6, name: '社保医保一窗', categories: ['C'], status: 'open', staffId: 'staff06', staffName: '杨帆', pauseReason: null,
    currentNumber: 'C002', currentTicketState: 'called', servedToday: 3, averageServiceMinutes: 6.5,
  };
  const ticket = (number: string, extra: Partial<TicketView> = {}): TicketView => ({
    id: `2026-11-23/${number}`, number, serviceDay: '2026-11-23', categoryId: 'C', issuedCategoryId: 'C', matterId: null, source: 'kiosk',
    priorityClass: null, appointment: null, citizen: null, state: 'waiting', issuedAt: 0, calledAt: null, callCount: 0, windowId: null,
    targetWindowId: null, servingAt: null, finishedAt: null, missedAt: null, matterHandled: null, transferCount: 0, ...extra,
  });
  const snap = (extra: Partial<HallSnapshot> = {}): HallSnapshot => ({
    hallId: 'h', seq: 1, serverTime: 0, serviceDay: '2026-11-23',
    hall: { name: '大厅', nameEn: 'Hall', timeZone: 'Asia/Shanghai', notice: '', noticeEn: '' },
    categories: [
      { id: 'C', name: '社保医保', nameEn: 'Insurance', matters: [] },
      { id: 'E', name: '综合服务', nameEn: 'General', matters: [] },
    ],
    queues: [
      { categoryId: 'C', waiting: 4, priorityWaiting: 1, longestWaitMinutes: 12, estimatedMinutes: 20, averageServiceMinutes: 8, openWindows: 1, nextNumbers: [], issuedToday: 6 },
      { categoryId: 'E', waiting: 2, priorityWaiting: 0, longestWaitMinutes: 3, estimatedMinutes: 5, averageServiceMinutes: 10, openWindows: 2, nextNumbers: [], issuedToday: 2 },
    ],
    windows: [{ ...w6, id: 5, staffId: 'staff05', categories: ['E'] }, w6],
    recentCalls: [], priorityClasses: [], pauseReasons: [],
    tickets: [ticket('C001', { state: 'missed', windowId: 6 }), ticket('C002', { state: 'called', windowId: 6, calledAt: 5 * 60_000 })],
    me: { username: 'staff06', displayName: '杨帆', role: 'staff' },
    ...extra,
  });

  it('finds the window this account is signed in at, and none when it is closed', () => {
    expect(myWindow(snap())?.id).toBe(6);
    expect(myWindow(snap({ windows: [{ ...w6, status: 'closed', staffId: null }] }))).toBeNull();
    expect(myWindow(snap({ me: undefined }))).toBeNull();
    expect(myWindow(null)).toBeNull();
  });

  it('the current ticket is the called or serving one with the window’s number', () => {
    expect(currentTicket(snap(), w6)?.number).toBe('C002');
    expect(currentTicket(snap(), { ...w6, currentNumber: null })).toBeNull();
    expect(currentTicket(snap({ tickets: undefined }), w6)).toBeNull();
  });

  it('waited minutes run from taking the number to being called', () => {
    expect(waitedMinutes({ issuedAt: 0, calledAt: 5 * 60_000 + 59_000 }, 99 * 60_000)).toBe(5);
    expect(waitedMinutes({ issuedAt: 0, calledAt: null }, 7 * 60_000)).toBe(7);
    expect(waitedMinutes({ issuedAt: 10, calledAt: 0 }, 0)).toBe(0);
  });

  it('waiting counts only of the window’s own categories, main category first', () => {
    const rows = myQueues(snap(), { ...w6, categories: ['E', 'C'] });
    expect(rows.map((r) => [r.categoryId, r.name, r.waiting])).toEqual([['E', '综合服务', 2], ['C', '社保医保', 4]]);
    expect(myQueues(snap(), null)).toEqual([]);
  });
});

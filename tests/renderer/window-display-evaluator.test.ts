import { describe, expect, it } from 'vitest';
import type { EvaluationInvite, WindowView } from '../../src-main/contracts';
import type { EvaluatorEvent, EvaluatorState } from '../../src-renderer/window-display/evaluator-logic';
import { IDLE, THANKS_MS, evaluator, formatCountdown, ratePayload, secondsLeft } from '../../src-renderer/window-display/evaluator-logic';
import { boundWindow, callWhileRating, screenLine } from '../../src-renderer/window-display/screen-logic';

const T0 = 1_000_000;
const invite = (number = 'C001', extra: Partial<EvaluationInvite> = {}): EvaluationInvite => ({
  seq: 10, ticketId: `2026-11-23/${number}`, number, windowId: 6, staffName: '杨帆', finishedAt: T0, expiresAt: T0 + 600_000, ...extra,
});
const run = (state: EvaluatorState, ...events: EvaluatorEvent[]) => events.reduce(evaluator, state);
const rating = (s: EvaluatorState) => {
  if (s.kind !== 'rating') throw new Error(`expected the rating step, got ${s.kind}`);
  return s;
};
const invited = (inv = invite()) => run(IDLE, { type: 'invite', invite: inv, now: T0 });
const ok = { ok: true as const, data: {} };
const fail = (code: string) => ({ ok: false as const, code, message: `${code} 中文`, messageEn: `${code} en` });

describe('the evaluator after 办结', () => {
  it('opens on an invite, with the countdown to the server’s limit', () => {
    const s = rating(invited());
    expect(s).toMatchObject({ level: null, reasons: [], submitting: false, error: null });
    expect(secondsLeft(s, T0)).toBe(600);
    expect(secondsLeft(s, T0 + 1500)).toBe(599);
    expect(formatCountdown(secondsLeft(s, T0 + 1500))).toBe('9:59');
    expect(formatCountdown(5)).toBe('0:05');
    // A screen clock behind the server's never shows more than the whole limit.
    expect(secondsLeft(s, T0 - 5000)).toBe(600);
  });

  it('ignores an invite that has already expired, and a repeat of the one on screen', () => {
    expect(run(IDLE, { type: 'invite', invite: invite(), now: T0 + 600_000 })).toBe(IDLE);
    const s = rating(run(invited(), { type: 'choose', level: 'dissatisfied' }));
    expect(run(s, { type: 'invite', invite: invite(), now: T0 + 1 })).toBe(s);
  });

  it('a newer finish at the window replaces the previous evaluation', () => {
    const s = run(invited(), { type: 'choose', level: 'dissatisfied' }, { type: 'invite', invite: invite('C002'), now: T0 + 5000 });
    expect(rating(s)).toMatchObject({ invite: { number: 'C002' }, level: null });
  });

  it('a good level goes straight to submit; the ack shows thanks, which ends by itself', () => {
    let s = run(invited(), { type: 'choose', level: 'satisfied' }, { type: 'submit', requestId: 'r1' });
    expect(rating(s)).toMatchObject({ level: 'satisfied', submitting: true, requestId: 'r1' });
    expect(ratePayload(s)).toEqual({ requestId: 'r1', ticketId: '2026-11-23/C001', level: 'satisfied' });
    s = run(s, { type: 'answered', ack: ok, now: T0 + 2000 });
    expect(s).toMatchObject({ kind: 'thanks', level: 'satisfied', until: T0 + 2000 + THANKS_MS });
    expect(run(s, { type: 'tick', now: T0 + 2000 + THANKS_MS - 1 }).kind).toBe('thanks');
    expect(run(s, { type: 'tick', now: T0 + 2000 + THANKS_MS })).toBe(IDLE);
  });

  it('a low level asks for optional reasons, toggled on and off, then 提交', () => {
    let s = run(invited(), { type: 'choose', level: 'very-dissatisfied' }, { type: 'toggleReason', reason: '等候时间长' }, { type: 'toggleReason', reason: '服务态度差' }, { type: 'toggleReason', reason: '等候时间长' });
    expect(rating(s).reasons).toEqual(['服务态度差']);
    s = run(s, { type: 'submit', requestId: 'r2' });
    expect(ratePayload(s)).toEqual({ requestId: 'r2', ticketId: '2026-11-23/C001', level: 'very-dissatisfied', reasons: ['服务态度差'] });
  });

  it('reasons belong to low levels only; back returns to the five levels', () => {
    const good = run(invited(), { type: 'choose', level: 'basic' }, { type: 'toggleReason', reason: '等候时间长' });
    expect(rating(good).reasons).toEqual([]);
    const back = run(invited(), { type: 'choose', level: 'dissatisfied' }, { type: 'toggleReason', reason: '办事效率低' }, { type: 'back' });
    expect(rating(back)).toMatchObject({ level: null, reasons: [] });
  });

  it('nothing is sent without a level, and a second submit while one is out is ignored', () => {
    const none = run(invited(), { type: 'submit', requestId: 'r' });
    expect(rating(none).submitting).toBe(false);
    expect(ratePayload(none)).toBeNull();
    const sent = run(invited(), { type: 'choose', level: 'satisfied' }, { type: 'submit', requestId: 'r1' });
    expect(run(sent, { type: 'submit', requestId: 'r9' })).toBe(sent);
    expect(run(sent, { type: 'choose', level: 'very-dissatisfied' })).toBe(sent);
  });

  it('a timeout keeps the request id, so the retry cannot rate twice; a definite refusal does not', () => {
    let s = run(invited(), { type: 'choose', level: 'satisfied' }, { type: 'submit', requestId: 'r1' }, { type: 'answered', ack: fail('TIMEOUT'), now: T0 });
    expect(rating(s)).toMatchObject({ submitting: false, requestId: 'r1', error: { code: 'TIMEOUT' } });
    s = run(s, { type: 'choose', level: 'satisfied' }, { type: 'submit', requestId: 'r2' });
    expect(ratePayload(s)?.requestId).toBe('r1');
    s = run(s, { type: 'answered', ack: fail('OFFLINE'), now: T0 });
    expect(rating(s).requestId).toBe('r1');
    s = run(s, { type: 'choose', level: 'basic' });
    expect(rating(s).requestId).toBeNull();

    const refused = run(invited(), { type: 'choose', level: 'dissatisfied' }, { type: 'submit', requestId: 'r3' }, { type: 'answered', ack: fail('RATING_REASON_INVALID'), now: T0 });
    expect(rating(refused)).toMatchObject({ requestId: null, error: { code: 'RATING_REASON_INVALID', message: 'RATING_REASON_INVALID 中文' } });
  });

  it('ALREADY_RATED counts as done; an expired or foreign ticket just closes', () => {
    const sent = run(invited(), { type: 'choose', level: 'satisfied' }, { type: 'submit', requestId: 'r1' });
    expect(run(sent, { type: 'answered', ack: fail('ALREADY_RATED'), now: T0 }).kind).toBe('thanks');
    for (const code of ['RATING_EXPIRED', 'NO_SUCH_TICKET', 'RATING_WRONG_WINDOW']) expect(run(sent, { type: 'answered', ack: fail(code), now: T0 })).toBe(IDLE);
  });

  it('times out at the server’s limit, but never under a rating in flight', () => {
    const s = invited();
    expect(run(s, { type: 'tick', now: T0 + 599_999 })).toBe(s);
    expect(run(s, { type: 'tick', now: T0 + 600_000 })).toBe(IDLE);
    const sent = run(s, { type: 'choose', level: 'satisfied' }, { type: 'submit', requestId: 'r' });
    expect(run(sent, { type: 'tick', now: T0 + 700_000 })).toBe(sent);
  });

  it('rated on another screen of the window: thanks here too, unless this screen is sending its own', () => {
    expect(run(invited(), { type: 'closed', ticketId: '2026-11-23/C001', level: 'basic', now: T0 })).toMatchObject({ kind: 'thanks', level: 'basic' });
    expect(run(invited(), { type: 'closed', ticketId: '2026-11-23/C999', level: 'basic', now: T0 }).kind).toBe('rating');
    const sent = run(invited(), { type: 'choose', level: 'satisfied' }, { type: 'submit', requestId: 'r' });
    expect(run(sent, { type: 'closed', ticketId: '2026-11-23/C001', level: 'satisfied', now: T0 })).toBe(sent);
  });

  it('a fresh snapshot reopens a pending evaluation (reload) or closes one nobody can rate any more', () => {
    expect(run(IDLE, { type: 'snapshot', pending: invite(), now: T0 }).kind).toBe('rating');
    expect(run(invited(), { type: 'snapshot', pending: null, now: T0 })).toBe(IDLE);
    const thanks = run(invited(), { type: 'closed', ticketId: '2026-11-23/C001', level: 'basic', now: T0 });
    expect(run(thanks, { type: 'snapshot', pending: null, now: T0 })).toBe(thanks);
  });
});

describe('the window screen’s normal view', () => {
  const w: WindowView = {
    id: 3, name: '企业服务三窗', categories: ['A', 'B'], status: 'open', staffId: 'staff03', staffName: '张敏', pauseReason: null,
    currentNumber: null, currentTicketState: null, servedToday: 0, averageServiceMinutes: null,
  };

  it('空闲 / 请 A017 号 / 办理中 / 暂停服务 with reason / 未开放', () => {
    expect(screenLine(w)).toEqual({ kind: 'idle' });
    expect(screenLine({ ...w, currentNumber: 'A017', currentTicketState: 'called' })).toEqual({ kind: 'called', number: 'A017' });
    expect(screenLine({ ...w, currentNumber: 'A017', currentTicketState: 'serving' })).toEqual({ kind: 'serving', number: 'A017' });
    expect(screenLine({ ...w, status: 'paused', pauseReason: '会议' })).toEqual({ kind: 'paused', reason: '会议' });
    expect(screenLine({ ...w, status: 'closed', staffId: null })).toEqual({ kind: 'closed' });
    expect(screenLine(null)).toEqual({ kind: 'closed' });
  });

  it('the screen belongs to the window the server bound its key to', () => {
    const snap = { windows: [{ ...w, id: 2 }, w], windowId: 3 } as Parameters<typeof boundWindow>[0];
    expect(boundWindow(snap)?.id).toBe(3);
    expect(boundWindow({ ...snap!, windowId: null })).toBeNull();
    expect(boundWindow(null)).toBeNull();
  });

  it('a new number called while the evaluator is up shows in a strip; the rated one does not', () => {
    expect(callWhileRating({ ...w, currentNumber: 'A018', currentTicketState: 'called' }, 'A017')).toBe('A018');
    expect(callWhileRating({ ...w, currentNumber: 'A017', currentTicketState: 'serving' }, 'A017')).toBeNull();
    expect(callWhileRating(w, 'A017')).toBeNull();
  });
});

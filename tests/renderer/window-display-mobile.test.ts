import { describe, expect, it } from 'vitest';
import type { EvaluationInvite } from '../../src-main/contracts';
import type { EvaluatorEvent, EvaluatorState, MobileKey } from '../../src-renderer/window-display/evaluator-logic';
import { IDLE, evaluator, groupMobile, mobileStatus, ratePayload } from '../../src-renderer/window-display/evaluator-logic';

// After 不满意 / 非常不满意 the evaluator offers a number pad for a callback number (实名评价); skippable.

const T0 = 1_000_000;
const invite: EvaluationInvite = { seq: 10, ticketId: '2026-11-23/C001', number: 'C001', windowId: 6, staffName: '杨帆', finishedAt: T0, expiresAt: T0 + 600_000 };
const run = (state: EvaluatorState, ...events: EvaluatorEvent[]) => events.reduce(evaluator, state);
const keys = (digits: string): EvaluatorEvent[] => Array.from(digits, (d) => ({ type: 'mobileKey', key: d as MobileKey }));
const low = () => run(IDLE, { type: 'invite', invite, now: T0 }, { type: 'choose', level: 'very-dissatisfied' }, { type: 'toggleReason', reason: '服务态度差' });
const rating = (s: EvaluatorState) => {
  if (s.kind !== 'rating') throw new Error(`expected rating, got ${s.kind}`);
  return s;
};

describe('the callback number on the window evaluator', () => {
  it('opens only after a low level; a good level never asks', () => {
    expect(rating(run(low(), { type: 'askMobile' }))).toMatchObject({ mobileStep: true, mobile: '' });
    const good = run(IDLE, { type: 'invite', invite, now: T0 }, { type: 'choose', level: 'satisfied' });
    expect(run(good, { type: 'askMobile' })).toBe(good);
  });

  it('types up to 11 digits, deletes and clears; keys do nothing while the pad is closed', () => {
    const s0 = low();
    expect(run(s0, ...keys('138'))).toBe(s0);
    let s = run(s0, { type: 'askMobile' }, ...keys('138001380001'));
    expect(rating(s).mobile).toBe('13800138000');
    s = run(s, { type: 'mobileKey', key: 'del' }, { type: 'mobileKey', key: '9' });
    expect(rating(s).mobile).toBe('13800138009');
    expect(rating(run(s, { type: 'mobileKey', key: 'clear' })).mobile).toBe('');
  });

  it('sends a whole number as `mobile` with the level and reasons', () => {
    const s = run(low(), { type: 'askMobile' }, ...keys('13800138000'), { type: 'submit', requestId: 'r1' });
    expect(ratePayload(s)).toEqual({ requestId: 'r1', ticketId: '2026-11-23/C001', level: 'very-dissatisfied', reasons: ['服务态度差'], mobile: '13800138000' });
  });

  it('does not send a number half typed; skipping (cleared) sends the rating anonymously', () => {
    const half = run(low(), { type: 'askMobile' }, ...keys('13800'));
    expect(run(half, { type: 'submit', requestId: 'r1' })).toBe(half);
    const skipped = run(half, { type: 'mobileKey', key: 'clear' }, { type: 'submit', requestId: 'r2' });
    expect(ratePayload(skipped)).toEqual({ requestId: 'r2', ticketId: '2026-11-23/C001', level: 'very-dissatisfied', reasons: ['服务态度差'] });
  });

  it('the reasons step still submits without asking (the pad is optional)', () => {
    const s = run(low(), { type: 'submit', requestId: 'r3' });
    expect(ratePayload(s)).not.toHaveProperty('mobile');
  });

  it('closing the pad or going back forgets the number; a new level starts clean', () => {
    const typed = run(low(), { type: 'askMobile' }, ...keys('139'));
    expect(rating(run(typed, { type: 'closeMobile' }))).toMatchObject({ mobileStep: false, mobile: '', reasons: ['服务态度差'] });
    expect(rating(run(typed, { type: 'back' }))).toMatchObject({ level: null, mobileStep: false, mobile: '' });
    expect(rating(run(typed, { type: 'choose', level: 'dissatisfied' }))).toMatchObject({ mobileStep: false, mobile: '' });
  });

  it('a retry after a timeout keeps the number and the request id', () => {
    const sent = run(low(), { type: 'askMobile' }, ...keys('13800138000'), { type: 'submit', requestId: 'r4' });
    const timedOut = run(sent, { type: 'answered', ack: { ok: false, code: 'TIMEOUT', message: '超时', messageEn: 'timeout' }, now: T0 + 1 });
    expect(rating(timedOut)).toMatchObject({ mobile: '13800138000', requestId: 'r4', submitting: false });
    expect(ratePayload(run(timedOut, { type: 'submit', requestId: 'r5' }))).toMatchObject({ requestId: 'r4', mobile: '13800138000' });
  });

  it('tells a number still being typed from a wrong one, and groups it for reading', () => {
    expect(mobileStatus('')).toBe('empty');
    expect(mobileStatus('1')).toBe('partial');
    expect(mobileStatus('1380013')).toBe('partial');
    expect(mobileStatus('12')).toBe('invalid');
    expect(mobileStatus('2')).toBe('invalid');
    expect(mobileStatus('13800138000')).toBe('valid');
    expect(groupMobile('13800138000')).toBe('138 0013 8000');
    expect(groupMobile('1380')).toBe('138 0');
  });
});

import { describe, expect, it } from 'vitest';
import type { CitizenRatingView } from '../../../src-main/contracts';
import {
  acceptChanged,
  chooseLevel,
  emptyRatingForm,
  hoursLeft,
  ratedElsewhere,
  ratingPayload,
  ratingPhase,
  ratingProblems,
  resultStep,
  toggleReason,
} from '../../../src-renderer/mobile/rating-model';

const T0 = 1_800_000_000_000;
const view = (over: Partial<CitizenRatingView> = {}): CitizenRatingView => ({
  status: 'open',
  closesAt: T0 + 72 * 3_600_000,
  number: 'A017',
  windowName: '3 号窗口',
  lowReasons: ['等候时间长', '服务态度差'],
  rating: null,
  result: null,
  ...over,
});
const rated = (over: Partial<NonNullable<CitizenRatingView['rating']>> = {}, more: Partial<CitizenRatingView> = {}) =>
  view({ status: 'rated', rating: { level: 'very-dissatisfied', reasons: [], comment: null, at: T0, channel: 'phone', realName: true, ...over }, ...more });

describe('what the phone shows about its ticket’s rating', () => {
  it('nothing before 办结, the form while open, received once rated, closed when too late', () => {
    expect(ratingPhase(null)).toBe('hidden');
    expect(ratingPhase(view({ status: 'not-yet' }))).toBe('hidden');
    expect(ratingPhase(view())).toBe('form');
    expect(ratingPhase(rated())).toBe('received');
    expect(ratingPhase(view({ status: 'closed' }))).toBe('closed');
  });

  it('says how many hours are left to rate', () => {
    expect(hoursLeft(view(), T0)).toBe(72);
    expect(hoursLeft(view(), T0 + 71.5 * 3_600_000)).toBe(1);
    expect(hoursLeft(view({ closesAt: null }), T0)).toBeNull();
  });

  it('tells a rating made here from one made first at the window or on another channel', () => {
    expect(ratedElsewhere(rated({ channel: 'window' }), 't', false)).toBe(true);
    expect(ratedElsewhere(rated({ channel: 'phone' }), 't', false)).toBe(false);
    expect(ratedElsewhere(rated({ channel: 'slip-qr' }), 't', false)).toBe(false);
    expect(ratedElsewhere(rated({ channel: 'booking' }), 't', false)).toBe(true);
    expect(ratedElsewhere(rated({ channel: 'phone' }), 'b', false)).toBe(true);
    expect(ratedElsewhere(rated({ channel: 'window' }), 't', true)).toBe(false);
  });
});

describe('the rating form', () => {
  it('needs a level; reasons and the callback belong to the two low levels only', () => {
    let f = emptyRatingForm();
    expect(ratingProblems(f)).toEqual({ level: 'required' });
    f = chooseLevel(f, 'dissatisfied');
    f = toggleReason(toggleReason(toggleReason(f, '等候时间长'), '服务态度差'), '等候时间长');
    expect(f.reasons).toEqual(['服务态度差']);
    f = { ...f, callback: true, mobile: '138 0013 8000' };
    f = chooseLevel(f, 'very-dissatisfied');
    expect(f).toMatchObject({ reasons: ['服务态度差'], callback: true });
    const good = chooseLevel(f, 'satisfied');
    expect(good).toMatchObject({ reasons: [], callback: false, mobile: '' });
    expect(toggleReason(good, '等候时间长')).toBe(good);
  });

  it('checks the callback number only when a callback is asked for', () => {
    const f = { ...chooseLevel(emptyRatingForm(), 'very-dissatisfied'), callback: true };
    expect(ratingProblems(f)).toEqual({ mobile: 'empty' });
    expect(ratingProblems({ ...f, mobile: '1380013800' })).toEqual({ mobile: 'format' });
    expect(ratingProblems({ ...f, mobile: '138-0013-8000' })).toEqual({});
    expect(ratingProblems({ ...f, callback: false, mobile: 'x' })).toEqual({});
    expect(ratingProblems({ ...f, callback: false, comment: 'x'.repeat(201) })).toEqual({ comment: 'too-long' });
  });

  it('sends the level, reasons, comment and (real-name) the number as digits', () => {
    const f = { ...toggleReason(chooseLevel(emptyRatingForm(), 'very-dissatisfied'), '服务态度差'), comment: ' 态度生硬 ', callback: true, mobile: '138 0013 8000' };
    expect(ratingPayload(f, 't', 'tok_0123456789abcdef', 'r1')).toEqual({
      requestId: 'r1', via: 't', token: 'tok_0123456789abcdef', level: 'very-dissatisfied', reasons: ['服务态度差'], comment: '态度生硬', mobile: '13800138000',
    });
    expect(ratingPayload(chooseLevel(emptyRatingForm(), 'satisfied'), 'b', 'tok_0123456789abcdef', 'r2')).toEqual({ requestId: 'r2', via: 'b', token: 'tok_0123456789abcdef', level: 'satisfied' });
    expect(ratingPayload(emptyRatingForm(), 't', 'tok_0123456789abcdef', 'r3')).toBeNull();
    expect(ratingPayload({ ...f, mobile: '12' }, 't', 'tok_0123456789abcdef', 'r4')).toBeNull();
  });
});

describe('the case’s progress for a real-name bad rating', () => {
  it('maps the case’s state to the citizen’s four steps (an appeal is just 核实整改)', () => {
    const r = (state: NonNullable<CitizenRatingView['result']>['state']) => ({ state, rectification: null, answeredAt: null, closedAt: null, outcome: null });
    expect(resultStep(r('verifying'))).toBe('received');
    expect(resultStep(r('rectifying'))).toBe('handling');
    expect(resultStep(r('appealed'))).toBe('handling');
    expect(resultStep(r('answered'))).toBe('answered');
    expect(resultStep(r('reviewed'))).toBe('answered');
    expect(resultStep(r('closed'))).toBe('closed');
  });

  it('takes live changes for its own number only, and never goes back from rated', () => {
    const mine = rated();
    const moved = rated({}, { result: { state: 'answered', rectification: '已加开窗口', answeredAt: T0, closedAt: null, outcome: null } });
    expect(acceptChanged(mine, moved)).toBe(moved);
    expect(acceptChanged(mine, { ...moved, number: 'B001' })).toBe(mine);
    expect(acceptChanged(mine, view())).toBe(mine);
    expect(acceptChanged(view(), mine)).toBe(mine);
    expect(acceptChanged(null, mine)).toBeNull();
  });
});

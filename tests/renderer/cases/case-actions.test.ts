import { describe, expect, it } from 'vitest';
import { actionBody, emptyForm, requestIdFor, VERB_EVENTS } from '../../../src-renderer/cases/case-actions';
import { trapTarget } from '../../../src-renderer/shared/focus-trap';

const realName = { realName: true };
const anonymous = { realName: false };
const form = (over: Partial<ReturnType<typeof emptyForm>> = {}) => ({ ...emptyForm(), ...over });

describe('the action dialogs check what the hall checks', () => {
  it('核实 needs a note of at least 2 characters', () => {
    expect(actionBody('verify', form(), realName)).toEqual({ ok: false, problems: [{ field: 'note', key: 'required', params: {} }] });
    expect(actionBody('verify', form({ note: ' 属实 ' }), realName)).toEqual({ ok: true, action: { verb: 'verify', body: { note: '属实' } } });
  });

  it('申诉 needs a reason of at least 5 characters, sent as reason', () => {
    expect(actionBody('appeal', form({ note: '不属实' }), realName)).toMatchObject({ ok: false, problems: [{ field: 'note', key: 'tooShort', params: { min: 5 } }] });
    expect(actionBody('appeal', form({ note: '监控显示未超时' }), realName)).toEqual({ ok: true, action: { verb: 'appeal', body: { reason: '监控显示未超时' } } });
  });

  it('裁定申诉 and 复核 need a choice and a note', () => {
    expect(actionBody('decideAppeal', form({ note: '属实' }), realName)).toMatchObject({ ok: false, problems: [{ field: 'choice', key: 'choose' }] });
    expect(actionBody('decideAppeal', form({ note: '证据充分', choice: 'yes' }), realName)).toEqual({ ok: true, action: { verb: 'decideAppeal', body: { upheld: true, note: '证据充分' } } });
    expect(actionBody('review', form({ note: '整改到位', choice: 'no' }), realName)).toEqual({ ok: true, action: { verb: 'review', body: { approved: false, note: '整改到位' } } });
  });

  it('整改反馈 of a real-name case needs the callback’s answer; an anonymous one sends no callback', () => {
    const partial = actionBody('answer', form({ rectification: '已加开窗口' }), realName);
    expect(partial).toEqual({ ok: false, problems: [{ field: 'callbackAnswer', key: 'callbackAnswer', params: {} }] });
    expect(actionBody('answer', form({ rectification: '已加开窗口', callbackAnswer: 'basic', callbackNote: ' 群众表示理解 ' }), realName)).toEqual({
      ok: true,
      action: { verb: 'answer', body: { rectification: '已加开窗口', callback: { answer: 'basic', note: '群众表示理解' } } },
    });
    expect(actionBody('answer', form({ rectification: '已加开窗口', callbackAnswer: 'basic' }), anonymous)).toEqual({
      ok: true,
      action: { verb: 'answer', body: { rectification: '已加开窗口', callback: null } },
    });
    expect(actionBody('answer', form({ rectification: '短' }), anonymous)).toMatchObject({ ok: false, problems: [{ field: 'rectification', key: 'tooShort' }] });
  });

  it('关闭 takes an optional note; limits are counted after trimming', () => {
    expect(actionBody('close', form(), realName)).toEqual({ ok: true, action: { verb: 'close', body: { note: '' } } });
    expect(actionBody('close', form({ note: 'x'.repeat(501) }), realName)).toMatchObject({ ok: false, problems: [{ key: 'tooLong', params: { max: 500 } }] });
  });

  it('each verb has its event', () => {
    expect(VERB_EVENTS).toEqual({ verify: 'case:verify', appeal: 'case:appeal', decideAppeal: 'case:decideAppeal', answer: 'case:answer', review: 'case:review', close: 'case:close' });
  });

  it('a retry of the same form after a timeout reuses the request id; anything else gets a new one', () => {
    let n = 0;
    const fresh = () => `r${++n}`;
    const first = requestIdFor(null, 'A', null, fresh);
    expect(first).toEqual({ id: 'r1', form: 'A' });
    expect(requestIdFor(first, 'A', 'TIMEOUT', fresh)).toBe(first);
    expect(requestIdFor(first, 'A', 'OFFLINE', fresh)).toBe(first);
    expect(requestIdFor(first, 'B', 'TIMEOUT', fresh).id).toBe('r2');
    expect(requestIdFor(first, 'A', 'CASE_STATE', fresh).id).toBe('r3');
    expect(requestIdFor(first, 'A', null, fresh).id).toBe('r4');
  });
});

describe('the dialog keeps Tab inside', () => {
  it('wraps at both ends and starts at an end when nothing inside has the focus', () => {
    expect(trapTarget(3, 2, false)).toBe(0);
    expect(trapTarget(3, 0, true)).toBe(2);
    expect(trapTarget(3, 1, false)).toBe(2);
    expect(trapTarget(3, -1, false)).toBe(0);
    expect(trapTarget(3, -1, true)).toBe(2);
    expect(trapTarget(0, 0, false)).toBe(-1);
  });
});

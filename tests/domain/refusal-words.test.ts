import { describe, expect, it } from 'vitest';
import { REFUSALS, refuse, type RefusalCode } from '../../src-main/domain';

// Citizens and staff read refusals: the facts come in words in both languages, never as "(number: A999)".

const EVERY_FACT = { number: 'A999', window: 3, category: 'A', matter: 'm-1', priorityClass: 'elderly', state: 'finished', day: '2026-10-01', time: '17:05', from: '08:45', until: '10:30', cap: 200, share: 30, minutes: 30, seconds: 60, hours: 72, level: 'dissatisfied', reason: '态度差', case: 'c-7f3a9b', ticket: '01HZX3K' };
const KEY_VALUE = /\b(number|window|category|matter|priorityClass|state|day|time|from|until|cap|share|minutes|seconds|hours|level|reason|case|ticket)\s*[:：]/;

describe('refusals in words', () => {
  it('never print a fact as key: value, in either language, for any code and any facts', () => {
    const codes = Object.keys(REFUSALS) as RefusalCode[];
    const subsets = [{}, ...Object.entries(EVERY_FACT).map(([k, v]) => ({ [k]: v })), EVERY_FACT];
    for (const code of codes) {
      for (const details of subsets) {
        const r = refuse(code, details);
        expect(r.message, `${code} ${JSON.stringify(details)}`).not.toMatch(KEY_VALUE);
        expect(r.messageEn, `${code} ${JSON.stringify(details)}`).not.toMatch(KEY_VALUE);
        expect(r.message).toMatch(/[\u4e00-\u9fff]/);
        expect(r.details).toEqual(details);
      }
    }
  });

  it('says the facts citizens act on as sentences', () => {
    expect(refuse('NO_SUCH_TICKET', { number: 'A999' })).toMatchObject({ message: '今天没有 A999 这个号码', messageEn: 'There is no ticket A999 today' });
    expect(refuse('GRACE_EXPIRED', { number: 'A017', minutes: 30 }).message).toBe('A017 过号已超过 30 分钟，不能再激活，请重新取号');
    expect(refuse('CHECK_IN_TOO_EARLY', { from: '08:45' }).messageEn).toBe('Too early to check in: check-in opens at 08:45');
    expect(refuse('DAILY_CAP_REACHED', { category: 'C', cap: 200 }).message).toBe('业务类别 C 今日 200 个号已全部取完');
    expect(refuse('TICKET_NOT_WAITING', { number: 'B003', state: 'serving' }).messageEn).toBe('B003 is not waiting (it is being served)');
  });

  it('names other facts in a short phrase and leaves internal ids out', () => {
    expect(refuse('WINDOW_PAUSED', { window: 4 })).toMatchObject({ message: '窗口已暂停服务（4 号窗口）', messageEn: 'The window is paused (window 4)' });
    expect(refuse('NO_SUCH_TICKET', { ticket: '01HZX3K' })).toMatchObject({ message: '没有这个号码', messageEn: 'No such ticket' });
    expect(refuse('NO_SUCH_CASE', { case: 'c-7f3a9b' }).message).toBe('没有这个差评工单');
    expect(refuse('RATING_WRONG_WINDOW', { number: 'A1', window: '-' }).message).toBe('只能在办结该号码的窗口评价（号码 A1，未指明窗口）');
  });
});

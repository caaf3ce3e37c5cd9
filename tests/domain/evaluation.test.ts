import { describe, expect, it } from 'vitest';
import type { HallCommand } from '../../src-main/domain';
import { decide, REFUSALS, ticketAwaitingRating } from '../../src-main/domain';
import { MINUTE, TestHall, testRules } from './harness';

type Rate = Extract<HallCommand, { type: 'RateService' }>;

/** Window 1 called and finished A001 (served by staff-1); the clock stands at the moment of 办结. */
function finishedAtWindow1(h = new TestHall()): { h: TestHall; ticketId: string } {
  h.open(1);
  h.issue('A');
  const number = h.serveNext(1);
  return { h, ticketId: h.ticket(number).id };
}

const rate = (ticketId: string, extra: Partial<Rate> = {}): Rate => ({ type: 'RateService', windowId: 1, ticketId, level: 'satisfied', ...extra });

/** The refusal's code, checking it speaks both languages. */
function refusal(h: TestHall, cmd: Rate) {
  const d = decide(cmd, h.state, { now: h.now, rules: h.rules });
  if (d.ok) throw new Error(`expected a refusal, got ${d.events.map((e) => e.type).join(', ')}`);
  // Either the code's base words with the facts after them, or a sentence of its own about the ticket.
  expect(d.refusal.message).toMatch(/[\u4e00-\u9fff]/);
  expect(d.refusal.messageEn).toMatch(/^[A-Z]/);
  expect(REFUSALS[d.refusal.code]).toBeDefined();
  expect(h.refused(cmd)).toBe(d.refusal.code);
  return d.refusal;
}

describe('好差评: rating a finished service', () => {
  it('given a finished ticket, when its window rates it, then ServiceRated names the ticket, window and staff', () => {
    const { h, ticketId } = finishedAtWindow1();
    h.advance(30_000);
    const events = h.ok(rate(ticketId, { level: 'very-satisfied' }));
    expect(events).toEqual([
      {
        type: 'ServiceRated',
        at: h.now,
        ticketId,
        windowId: 1,
        staffId: 'staff-1',
        level: 'very-satisfied',
        reasons: [],
        comment: null,
        channel: 'window',
        realName: false,
        categoryId: 'A',
        matterId: expect.anything() as unknown,
      },
    ]);
    expect(h.state.tickets.get(ticketId)!.rating).toEqual({
      level: 'very-satisfied',
      channel: 'window',
      realName: false,
      reasons: [],
      comment: null,
      at: h.now,
      windowId: 1,
      staffId: 'staff-1',
    });
  });

  it('a low rating keeps the reasons from the list (once each) and a trimmed comment', () => {
    const { h, ticketId } = finishedAtWindow1();
    const events = h.ok(rate(ticketId, { level: 'very-dissatisfied', reasons: ['等候时间长', '服务态度差', '等候时间长'], comment: '  排队一个小时  ' }));
    expect(events[0]).toMatchObject({ level: 'very-dissatisfied', reasons: ['等候时间长', '服务态度差'], comment: '排队一个小时' });
  });

  it('a blank comment is stored as none', () => {
    const { h, ticketId } = finishedAtWindow1();
    expect(h.ok(rate(ticketId, { comment: '   ' }))[0]).toMatchObject({ comment: null });
  });

  it('is accepted up to the last millisecond of the limit and refused after it', () => {
    const { h, ticketId } = finishedAtWindow1();
    h.advance(10 * MINUTE + 1);
    const r = refusal(h, rate(ticketId));
    expect(r.code).toBe('RATING_EXPIRED');
    expect(r.details).toMatchObject({ seconds: 600 });

    const again = finishedAtWindow1();
    again.h.advance(10 * MINUTE);
    again.h.ok(rate(again.ticketId));
  });

  it('follows a configured limit', () => {
    const { h, ticketId } = finishedAtWindow1(new TestHall(testRules({ evaluation: { timeoutSeconds: 30, lowReasons: ['太慢'] } })));
    h.advance(31_000);
    expect(refusal(h, rate(ticketId)).code).toBe('RATING_EXPIRED');
  });

  it('refuses a second rating of the same ticket', () => {
    const { h, ticketId } = finishedAtWindow1();
    h.ok(rate(ticketId, { level: 'basic' }));
    expect(refusal(h, rate(ticketId, { level: 'very-dissatisfied' })).code).toBe('ALREADY_RATED');
    expect(h.state.tickets.get(ticketId)!.rating?.level).toBe('basic');
  });

  it('refuses a rating from another window', () => {
    const { h, ticketId } = finishedAtWindow1();
    h.open(2);
    expect(refusal(h, rate(ticketId, { windowId: 2 })).code).toBe('RATING_WRONG_WINDOW');
  });

  it('refuses a ticket that is not finished: waiting, called, serving or missed', () => {
    const h = new TestHall().open(1);
    const waiting = h.issue('A');
    expect(refusal(h, rate(waiting.id)).code).toBe('TICKET_NOT_FINISHED');
    h.callNext(1);
    expect(refusal(h, rate(waiting.id)).code).toBe('TICKET_NOT_FINISHED');
    h.ok({ type: 'StartService', windowId: 1 });
    expect(refusal(h, rate(waiting.id)).code).toBe('TICKET_NOT_FINISHED');
    h.ok({ type: 'FinishService', windowId: 1, matterId: 'A01' });
    const missed = h.issue('A');
    h.callNext(1);
    h.ok({ type: 'MarkNoShow', windowId: 1 });
    expect(refusal(h, rate(missed.id)).code).toBe('TICKET_NOT_FINISHED');
  });

  it('refuses an unknown ticket', () => {
    const { h } = finishedAtWindow1();
    expect(refusal(h, rate('2026-11-23/A999')).code).toBe('NO_SUCH_TICKET');
  });

  it('refuses reasons on a good rating and reasons not in the hall’s list', () => {
    const { h, ticketId } = finishedAtWindow1();
    expect(refusal(h, rate(ticketId, { level: 'satisfied', reasons: ['等候时间长'] })).code).toBe('RATING_REASONS_NOT_ALLOWED');
    const r = refusal(h, rate(ticketId, { level: 'dissatisfied', reasons: ['天气不好'] }));
    expect(r.code).toBe('RATING_REASON_INVALID');
    expect(r.message).toContain('天气不好');
  });
});

describe('which ticket a window’s evaluator offers', () => {
  it('the latest finished, unrated ticket of that window within the limit', () => {
    const h = new TestHall().open(1).open(2);
    h.issue('A');
    h.issue('A');
    h.issue('A');
    const first = h.serveNext(1);
    h.advance(MINUTE);
    const second = h.serveNext(1);
    h.serveNext(2);
    const ctx = { now: h.now, rules: h.rules };
    expect(ticketAwaitingRating(h.state, ctx, 1)?.number).toBe(second);
    h.ok(rate(h.ticket(second).id));
    expect(ticketAwaitingRating(h.state, ctx, 1)?.number).toBe(first);
    h.advance(10 * MINUTE);
    expect(ticketAwaitingRating(h.state, { now: h.now, rules: h.rules }, 1)).toBeNull();
    expect(ticketAwaitingRating(h.state, { now: h.now, rules: h.rules }, 3)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { categoryStats, estimateMinutes, positionOf, servingCapacity } from '../../src-main/domain';
import { MINUTE, TestHall } from './harness';

describe('estimated wait', () => {
  it('is unknown while no window serving the category is open', () => {
    const h = new TestHall();
    const t = h.issue('A');
    expect(positionOf(h.state, h.rules, t, h.now)).toEqual({ ahead: 0, estimatedMinutes: null });
  });

  it('uses the configured default until services are recorded, then the recent average', () => {
    const h = new TestHall().open(2); // serves A only: capacity 1
    for (let i = 0; i < 4; i++) h.issue('A');
    const last = h.ticket('A004');
    expect(positionOf(h.state, h.rules, last, h.now)).toEqual({ ahead: 3, estimatedMinutes: 30 });
    h.callNext(2);
    h.advance(4 * MINUTE);
    h.ok({ type: 'FinishService', windowId: 2, matterId: 'A01' });
    expect(positionOf(h.state, h.rules, last, h.now)).toEqual({ ahead: 2, estimatedMinutes: 8 });
  });

  it('divides by the open windows, a backup category counting half', () => {
    const h = new TestHall().open(1).open(2).open(3); // A: main at 1 and 2, backup at 3
    expect(servingCapacity(h.state, h.rules, 'A')).toBe(2.5);
    expect(estimateMinutes(h.state, h.rules, 'A', 5)).toBe(Math.ceil((5 * 10) / 2.5));
    h.ok({ type: 'PauseWindow', windowId: 2, reason: '休息' });
    expect(servingCapacity(h.state, h.rules, 'A')).toBe(1.5);
  });

  it('counts priority tickets ahead of a normal one', () => {
    const h = new TestHall().open(2);
    const normal = h.issue('A');
    h.issue('A', { priorityClass: 'elderly' });
    expect(positionOf(h.state, h.rules, normal, h.now)!.ahead).toBe(1);
  });

  it('summarises each category for screens', () => {
    const h = new TestHall().open(2);
    h.issue('A');
    h.advance(3 * MINUTE);
    h.issue('A', { priorityClass: 'elderly' });
    expect(categoryStats(h.state, h.rules, 'A', h.now)).toMatchObject({
      waiting: 2,
      priorityWaiting: 1,
      longestWaitMs: 3 * MINUTE,
      waitingNumbers: ['A002', 'A001'],
      openWindows: 1,
      issuedToday: 2,
      estimatedMinutes: 20,
    });
  });
});

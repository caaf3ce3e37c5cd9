import { describe, expect, it } from 'vitest';
import { MINUTE, TestHall, testRules } from './harness';

describe('call next', () => {
  it('calls the longest-waiting ticket across the window categories by default', () => {
    const h = new TestHall().open(1);
    h.issue('B');
    h.issue('A');
    expect(h.serveNext(1)).toBe('B001');
    expect(h.serveNext(1)).toBe('A001');
  });

  it('with category-order, empties its first category before its backups', () => {
    const h = new TestHall().open(3); // window 3 serves B then A
    h.issue('A');
    h.issue('A');
    h.issue('B');
    expect(h.serveNext(3)).toBe('B001');
    expect(h.serveNext(3)).toBe('A001');
  });

  it('never calls a category the window does not serve', () => {
    const h = new TestHall().open(2);
    h.issue('B');
    expect(h.refused({ type: 'CallNext', windowId: 2 })).toBe('NO_WAITING_TICKET');
  });

  it('puts priority tickets ahead, but at most 3 in a row while normal tickets wait', () => {
    const h = new TestHall().open(2);
    h.issue('A'); // A001 normal
    h.issue('A'); // A002 normal
    for (let i = 0; i < 5; i++) h.issue('A', { priorityClass: 'elderly' }); // A003..A007
    const order = Array.from({ length: 7 }, () => h.serveNext(2));
    expect(order).toEqual(['A003', 'A004', 'A005', 'A001', 'A006', 'A007', 'A002']);
  });

  it('the limit is a setting: 1 alternates', () => {
    const h = new TestHall(testRules({}, { maxPriorityInRow: 1 })).open(2);
    h.issue('A');
    h.issue('A');
    h.issue('A', { priorityClass: 'elderly' });
    h.issue('A', { priorityClass: 'elderly' });
    expect(Array.from({ length: 4 }, () => h.serveNext(2))).toEqual(['A003', 'A001', 'A004', 'A002']);
  });

  it('0 means strict arrival order', () => {
    const h = new TestHall(testRules({}, { maxPriorityInRow: 0 })).open(2);
    h.issue('A');
    h.issue('A', { priorityClass: 'elderly' });
    h.issue('A');
    expect(Array.from({ length: 3 }, () => h.serveNext(2))).toEqual(['A001', 'A002', 'A003']);
  });

  it('priority calls made while no normal ticket waited do not count toward the limit', () => {
    const h = new TestHall().open(2);
    for (let i = 0; i < 4; i++) h.issue('A', { priorityClass: 'elderly' });
    expect(h.serveNext(2)).toBe('A001');
    expect(h.state.windows.get(2)!.priorityStreak).toBe(0);
    h.issue('A'); // A005 normal arrives
    expect(Array.from({ length: 4 }, () => h.serveNext(2))).toEqual(['A002', 'A003', 'A004', 'A005']);
  });

  it('a checked-in appointment ranks with priority once its slot has begun, not before', () => {
    const h = new TestHall().open(2);
    const slotStart = h.now + 10 * MINUTE;
    h.issue('A');
    h.issue('A', {
      source: 'appointment',
      appointment: { bookingId: 'bk1', slotStart, slotEnd: slotStart + 30 * MINUTE, checkedInAt: h.now },
    });
    h.issue('A');
    expect(h.serveNext(2)).toBe('A001');
    h.advance(10 * MINUTE);
    expect(h.serveNext(2)).toBe('A002');
  });

  it('one active ticket per window', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.issue('A');
    h.callNext(1);
    expect(h.refused({ type: 'CallNext', windowId: 1 })).toBe('WINDOW_BUSY');
    expect(h.refused({ type: 'CallNumber', windowId: 1, number: 'A002' })).toBe('WINDOW_BUSY');
  });

  it('two windows never get the same ticket', () => {
    const h = new TestHall().open(1).open(2);
    h.issue('A');
    h.issue('A');
    expect(h.callNext(1)).toBe('A001');
    expect(h.callNext(2)).toBe('A002');
    expect(h.refused({ type: 'CallNumber', windowId: 2, number: 'A001' })).toBe('WINDOW_BUSY');
  });

  it('refuses on an empty queue, a closed, a paused and an unknown window', () => {
    const h = new TestHall().open(1);
    expect(h.refused({ type: 'CallNext', windowId: 1 })).toBe('NO_WAITING_TICKET');
    h.issue('A');
    expect(h.refused({ type: 'CallNext', windowId: 2 })).toBe('WINDOW_CLOSED');
    h.ok({ type: 'PauseWindow', windowId: 1, reason: '休息' });
    expect(h.refused({ type: 'CallNext', windowId: 1 })).toBe('WINDOW_PAUSED');
    expect(h.refused({ type: 'CallNext', windowId: 99 })).toBe('UNKNOWN_WINDOW');
  });
});

describe('call a specific number (特呼)', () => {
  it('calls a waiting ticket out of order', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.issue('A');
    h.ok({ type: 'CallNumber', windowId: 1, number: 'a002' });
    expect(h.ticket('A002')).toMatchObject({ state: 'called', windowId: 1 });
    expect(h.ticket('A001').state).toBe('waiting');
  });

  it('refuses numbers that are not waiting, unknown, or of a category the window does not serve', () => {
    const h = new TestHall().open(1).open(2);
    h.issue('A');
    h.issue('C');
    h.callNext(1);
    h.ok({ type: 'FinishService', windowId: 1, matterId: 'A01' });
    expect(h.refused({ type: 'CallNumber', windowId: 1, number: 'A001' })).toBe('TICKET_NOT_WAITING');
    expect(h.refused({ type: 'CallNumber', windowId: 1, number: 'A123' })).toBe('NO_SUCH_TICKET');
    expect(h.refused({ type: 'CallNumber', windowId: 2, number: 'C001' })).toBe('CATEGORY_NOT_SERVED');
  });

  it('can call back a missed number within the grace period, not after', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'MarkNoShow', windowId: 1 });
    h.advance(10 * MINUTE);
    h.ok({ type: 'CallNumber', windowId: 1, number: 'A001' });
    expect(h.ticket('A001')).toMatchObject({ state: 'called', missedAt: null });
    h.ok({ type: 'MarkNoShow', windowId: 1 });
    h.advance(31 * MINUTE);
    expect(h.refused({ type: 'CallNumber', windowId: 1, number: 'A001' })).toBe('GRACE_EXPIRED');
  });
});

describe('reactivating a missed number', () => {
  function missedWithQueue(waitingAfter: number) {
    const h = new TestHall().open(1);
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'MarkNoShow', windowId: 1 });
    for (let i = 0; i < waitingAfter; i++) h.issue('A');
    return h;
  }

  it('goes back behind the next 3 waiting tickets', () => {
    const h = missedWithQueue(5); // A002..A006 waiting
    h.advance(5 * MINUTE);
    h.ok({ type: 'Reactivate', number: 'A001' });
    expect(h.ticket('A001').state).toBe('waiting');
    expect(Array.from({ length: 6 }, () => h.serveNext(1))).toEqual(['A002', 'A003', 'A004', 'A001', 'A005', 'A006']);
  });

  it('goes to the end when fewer than 3 wait', () => {
    const h = missedWithQueue(2);
    h.ok({ type: 'Reactivate', number: 'A001' });
    h.issue('A'); // A004 comes after the reactivation
    expect(Array.from({ length: 4 }, () => h.serveNext(1))).toEqual(['A002', 'A003', 'A001', 'A004']);
  });

  it('many reactivations behind the same tickets keep a strict order', () => {
    const h = new TestHall().open(1);
    for (let i = 0; i < 8; i++) h.issue('A');
    const missed: string[] = [];
    for (let i = 0; i < 4; i++) {
      missed.push(h.callNext(1));
      h.ok({ type: 'MarkNoShow', windowId: 1 });
    }
    // A001..A004 missed; A005..A008 waiting. Reactivate in order A001..A004: each lands behind A005-A007.
    for (const n of missed) h.ok({ type: 'Reactivate', number: n });
    const order = Array.from({ length: 8 }, () => h.serveNext(1));
    expect(order.slice(0, 3)).toEqual(['A005', 'A006', 'A007']);
    expect(new Set(order).size).toBe(8);
  });

  it('refuses after the grace period, and for tickets that were not missed', () => {
    const h = missedWithQueue(1);
    expect(h.refused({ type: 'Reactivate', number: 'A002' })).toBe('TICKET_NOT_MISSED');
    h.advance(30 * MINUTE + 1);
    expect(h.refused({ type: 'Reactivate', number: 'A001' })).toBe('GRACE_EXPIRED');
    expect(h.refused({ type: 'Reactivate', number: 'B009' })).toBe('NO_SUCH_TICKET');
  });

  it('the grace period is a setting', () => {
    const h = new TestHall(testRules({}, { reactivationGraceMinutes: 5 })).open(1);
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'MarkNoShow', windowId: 1 });
    h.advance(6 * MINUTE);
    expect(h.refused({ type: 'Reactivate', number: 'A001' })).toBe('GRACE_EXPIRED');
  });
});

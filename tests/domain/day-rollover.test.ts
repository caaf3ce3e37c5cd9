import { describe, expect, it } from 'vitest';
import { localTime } from '../../src-main/domain';
import { HOUR, MINUTE, MONDAY_9AM, TestHall } from './harness';

describe('service day in the hall time zone', () => {
  it('computes the day, weekday and clock in Asia/Shanghai, not UTC', () => {
    // 2026-11-23 23:30 UTC is already Tuesday 07:30 in Beijing.
    expect(localTime(Date.UTC(2026, 10, 23, 23, 30), 'Asia/Shanghai')).toEqual({ day: '2026-11-24', weekday: 'tue', minutes: 450, clock: '07:30' });
    expect(localTime(Date.UTC(2026, 10, 23, 15, 59), 'Asia/Shanghai').day).toBe('2026-11-23');
    expect(localTime(Date.UTC(2026, 10, 23, 16, 0), 'Asia/Shanghai').day).toBe('2026-11-24');
  });

  it('numbers restart at local midnight (16:00 UTC), not at UTC midnight', () => {
    const h = new TestHall(undefined, MONDAY_9AM + 14 * HOUR + 50 * MINUTE); // Monday 23:50 Beijing
    expect(h.issue('A').number).toBe('A001');
    expect(h.issue('A').number).toBe('A002');
    h.advance(15 * MINUTE); // Tuesday 00:05 Beijing, still Monday in UTC
    const t = h.issue('A');
    expect(t).toMatchObject({ number: 'A001', serviceDay: '2026-11-24', id: '2026-11-24/A001' });
  });

  it('a day that is the same in UTC but not in Beijing still rolls over (the 5 pm bug)', () => {
    const h = new TestHall(undefined, MONDAY_9AM + 8 * HOUR); // 17:00 Beijing = 09:00 UTC Monday
    h.issue('A');
    h.advance(14 * HOUR + 59 * MINUTE); // 07:59 Tuesday Beijing = 23:59 UTC Monday
    expect(h.issue('A').number).toBe('A001');
  });

  it('closes the day: every ticket still open expires, windows are cleared, memory keeps only today', () => {
    const h = new TestHall(undefined, MONDAY_9AM + 14 * HOUR).open(1).open(3); // Monday 23:00
    h.issue('A'); // A001: at window 1 when the day ends
    h.issue('A'); // A002: still waiting
    h.issue('B'); // B001: finished
    expect(h.callNext(1)).toBe('A001');
    expect(h.serveNext(3)).toBe('B001');
    h.advance(2 * HOUR); // Tuesday 01:00
    const events = h.ok({ type: 'CloseDay' });
    expect(events).toMatchObject([
      { type: 'DayClosed', closedDay: '2026-11-23', newDay: '2026-11-24', expiredTicketIds: ['2026-11-23/A001', '2026-11-23/A002'], clearedWindowIds: [1] },
    ]);
    expect(h.state.windows.get(1)!.currentTicketId).toBeNull();
    expect(h.state.tickets.size).toBe(0);
    expect([...h.state.waiting.values()].every((s) => s.size === 0)).toBe(true);
    expect(h.ok({ type: 'CloseDay' })).toEqual([]);
    expect(h.issue('A').number).toBe('A001');
  });

  it('the first command of a new day closes the previous one on its own', () => {
    const h = new TestHall(undefined, MONDAY_9AM);
    h.issue('A');
    h.advance(24 * HOUR);
    h.issue('A');
    expect(h.log.map((e) => e.type)).toEqual(['DayClosed', 'TicketIssued', 'DayClosed', 'TicketIssued']);
  });
});

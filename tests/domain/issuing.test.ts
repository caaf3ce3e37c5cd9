import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, MONDAY_9AM, TestHall, testRules } from './harness';

const OFFICE = { periods: [['08:30', '12:00'], ['14:00', '17:30']] as Array<[string, string]>, lastTicket: '17:00' };
const CLOSED = { periods: [] as Array<[string, string]> };
const officeHours = () =>
  testRules({
    openingHours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: CLOSED, sun: CLOSED },
    closedDates: ['2026-11-24'],
  });

describe('issuing tickets', () => {
  it('numbers each category from 001 with its prefix', () => {
    const h = new TestHall();
    expect(h.issue('A').number).toBe('A001');
    expect(h.issue('A').number).toBe('A002');
    expect(h.issue('B').number).toBe('B001');
    expect(h.issue('A').number).toBe('A003');
  });

  it('gives each ticket the hall id, the service day and an id made of both', () => {
    const h = new TestHall();
    const t = h.issue('A');
    expect(t).toMatchObject({ hallId: 'test-hall', serviceDay: '2026-11-23', id: '2026-11-23/A001', state: 'waiting', callCount: 0 });
  });

  it('orders the unified queue by issue, across categories', () => {
    const h = new TestHall();
    const keys = [h.issue('A'), h.issue('B'), h.issue('A')].map((t) => t.queueKey);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(new Set(keys).size).toBe(3);
  });

  it('keeps the chosen matter, priority class and citizen mark', () => {
    const h = new TestHall();
    const citizen = { maskedName: '张*明', maskedId: '110101********123X', idHash: 'h1' };
    const t = h.issue('A', { matterId: 'A01', priorityClass: 'elderly', citizen });
    expect(t).toMatchObject({ matterId: 'A01', priorityClass: 'elderly', citizen });
  });

  it.each([
    ['outside opening hours (lunch break)', 12 * HOUR + 30 * MINUTE, 'OUTSIDE_HOURS'],
    ['before opening', 8 * HOUR, 'OUTSIDE_HOURS'],
    ['after the last-ticket time', 17 * HOUR + 10 * MINUTE, 'AFTER_LAST_TICKET'],
    ['on a closed weekday (Saturday)', 5 * 24 * HOUR + 10 * HOUR, 'OUTSIDE_HOURS'],
    ['on a configured closed date', 24 * HOUR + 10 * HOUR, 'HALL_CLOSED_TODAY'],
  ])('refuses %s', (_label, offsetFromMidnight, code) => {
    const midnightMonday = MONDAY_9AM - 9 * HOUR;
    const h = new TestHall(officeHours(), midnightMonday + offsetFromMidnight);
    expect(h.refused({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: 't' })).toBe(code);
  });

  it('issues inside opening hours, judged in the hall time zone (09:00 Beijing is 01:00 UTC)', () => {
    const h = new TestHall(officeHours(), MONDAY_9AM);
    expect(h.issue('A').number).toBe('A001');
  });

  it('refuses past the daily cap of the category only', () => {
    const rules = testRules();
    rules.categories[0]!.dailyCap = 2;
    const h = new TestHall(rules);
    h.issue('A');
    h.issue('A');
    expect(h.refused({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: 't' })).toBe('DAILY_CAP_REACHED');
    expect(h.issue('B').number).toBe('B001');
  });

  it('never goes past 999 numbers a day even with a higher cap', () => {
    const rules = testRules();
    rules.categories[0]!.dailyCap = 5000;
    const h = new TestHall(rules);
    for (let i = 0; i < 999; i++) h.issue('A');
    expect(h.ticket('A999').seq).toBe(999);
    expect(h.refused({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: 't' })).toBe('NUMBERS_EXHAUSTED');
  });

  it.each([
    [{ categoryId: 'Z' }, 'UNKNOWN_CATEGORY'],
    [{ categoryId: 'A', matterId: 'nope' }, 'UNKNOWN_MATTER'],
    [{ categoryId: 'A', matterId: 'B01' }, 'MATTER_NOT_IN_CATEGORY'],
    [{ categoryId: 'A', priorityClass: 'vip' }, 'UNKNOWN_PRIORITY_CLASS'],
  ])('refuses bad references %j with %s', (extra, code) => {
    const h = new TestHall();
    expect(h.refused({ type: 'IssueTicket', source: 'kiosk', token: 't', ...extra })).toBe(code);
  });

  it('refusals carry a Chinese and an English message', () => {
    const h = new TestHall();
    const d = h.run({ type: 'IssueTicket', categoryId: 'Z', source: 'kiosk', token: 't' });
    expect(d).toMatchObject({ ok: false, refusal: { code: 'UNKNOWN_CATEGORY' } });
    if (!d.ok) {
      expect(d.refusal.message).toMatch(/业务类别/);
      expect(d.refusal.messageEn).toMatch(/category/);
    }
  });
});

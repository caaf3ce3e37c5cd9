import { describe, expect, it } from 'vitest';
import type { BookingCommand, BookingRules } from '../../../src-main/domain/booking';
import {
  DEFAULT_BOOKING_RULES,
  banUntil,
  bookedCounts,
  decideBooking,
  emptyBookingBook,
  evolveBooking,
  matchCheckIn,
  nextFreeSlots,
  slotsOfDay,
  zonedEpoch,
} from '../../../src-main/domain/booking';
import type { DayHours } from '../../../src-main/domain';
import { compileRules, localTime } from '../../../src-main/domain';
import { testRules } from '../harness';

const DAY = 86_400_000;
const OFFICE: DayHours = { periods: [['09:00', '12:00'], ['14:00', '17:00']], lastTicket: '16:30' };
const CLOSED: DayHours = { periods: [] };
const bj = (day: string, clock: string) => zonedEpoch(day, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)), 'Asia/Shanghai');

function setup(booking: Partial<BookingRules> = {}, now = bj('2026-11-23', '08:00')) {
  const rules = compileRules(
    testRules({
      openingHours: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: CLOSED, sun: CLOSED },
      closedDates: ['2026-11-25'],
    }),
  );
  const ctx = { now, rules, booking: { ...DEFAULT_BOOKING_RULES, quotaPerSlot: 2, ...booking } };
  const book = emptyBookingBook();
  let n = 0;
  const run = (cmd: BookingCommand) => {
    const d = decideBooking(cmd, book, ctx);
    if (d.ok) for (const e of d.events) evolveBooking(book, e);
    return d;
  };
  const make = (slotStart: number, idHash = `hash-${++n}`, categoryId = 'A') =>
    run({
      type: 'MakeBooking',
      bookingId: `bk-${++n}`,
      code: String(100000 + n),
      token: `tok-${n}-xxxxxxxxxxxxxxxx`,
      categoryId,
      slotStart,
      citizen: { maskedName: '张*', maskedId: '110101********0011', idHash },
      mobile: '13800000000',
    });
  return { rules, ctx, book, run, make };
}

describe('slots', () => {
  it('converts local clock times in Asia/Shanghai to instants', () => {
    expect(bj('2026-11-23', '09:00')).toBe(Date.UTC(2026, 10, 23, 1, 0));
    expect(localTime(bj('2026-11-23', '00:00'), 'Asia/Shanghai')).toMatchObject({ day: '2026-11-23', minutes: 0 });
    expect(zonedEpoch('2026-07-01', 13 * 60, 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 17, 0));
  });

  it('cuts a day into slots from its opening hours, up to the last-ticket time', () => {
    const { rules, ctx } = setup();
    const slots = slotsOfDay(rules, ctx.booking, '2026-11-23', 'A', new Map());
    expect(slots.map((s) => s.label)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30']);
    expect(slots[0]).toMatchObject({ start: bj('2026-11-23', '09:00'), end: bj('2026-11-23', '09:30'), quota: 2, booked: 0 });
  });

  it('offers nothing on closed weekdays and holidays; special days have their own hours', () => {
    const { rules, ctx } = setup({ specialDays: { '2026-11-28': { periods: [['09:00', '10:00']] } } });
    expect(slotsOfDay(rules, ctx.booking, '2026-11-25', 'A', new Map())).toEqual([]); // closed date
    expect(slotsOfDay(rules, ctx.booking, '2026-11-29', 'A', new Map())).toEqual([]); // Sunday
    expect(slotsOfDay(rules, ctx.booking, '2026-11-28', 'A', new Map()).map((s) => s.label)).toEqual(['09:00', '09:30']); // working Saturday
  });

  it('a category can have its own quota and slot length', () => {
    const { rules, ctx } = setup({ quotaByCategory: { B: 5 }, slotMinutes: 60 });
    const slots = slotsOfDay(rules, ctx.booking, '2026-11-23', 'B', new Map());
    expect(slots.map((s) => s.label)).toEqual(['09:00', '10:00', '11:00', '14:00', '15:00', '16:00']);
    expect(slots.every((s) => s.quota === 5)).toBe(true);
  });
});

describe('booking', () => {
  it('books a free slot and counts it against the quota', () => {
    const { book, make } = setup();
    expect(make(bj('2026-11-23', '10:00')).ok).toBe(true);
    expect(bookedCounts(book.bookings.values(), 'A').get(bj('2026-11-23', '10:00'))).toBe(1);
    const b = [...book.bookings.values()][0]!;
    expect(b).toMatchObject({ state: 'booked', day: '2026-11-23', slotEnd: bj('2026-11-23', '10:30'), maskedId: '110101********0011' });
  });

  it('refuses a full slot; the next free slots are there to suggest', () => {
    const { book, ctx, rules, make } = setup();
    const ten = bj('2026-11-23', '10:00');
    make(ten);
    make(ten);
    expect(make(ten)).toMatchObject({ ok: false, refusal: { code: 'SLOT_FULL' } });
    const free = nextFreeSlots(rules, ctx.booking, '2026-11-23', 'A', bj('2026-11-23', '09:50'), bookedCounts(book.bookings.values(), 'A'), 3);
    expect(free.map((s) => s.label)).toEqual(['10:30', '11:00', '11:30']);
  });

  it('refuses slots that are not offered, already started, or beyond the booking window', () => {
    const { make } = setup({ daysAhead: 3 }, bj('2026-11-23', '10:10'));
    expect(make(bj('2026-11-23', '10:15'))).toMatchObject({ ok: false, refusal: { code: 'SLOT_NOT_OFFERED' } });
    expect(make(bj('2026-11-23', '10:00'))).toMatchObject({ ok: false, refusal: { code: 'SLOT_IN_PAST' } });
    expect(make(bj('2026-11-22', '10:00'))).toMatchObject({ ok: false, refusal: { code: 'SLOT_IN_PAST' } });
    expect(make(bj('2026-11-27', '10:00'))).toMatchObject({ ok: false, refusal: { code: 'BEYOND_BOOKING_WINDOW' } });
    expect(make(bj('2026-11-25', '10:00'))).toMatchObject({ ok: false, refusal: { code: 'SLOT_NOT_OFFERED' } }); // holiday
    expect(make(bj('2026-11-26', '09:00')).ok).toBe(true);
  });

  it('one open booking per ID per category per day', () => {
    const { make } = setup();
    expect(make(bj('2026-11-24', '09:00'), 'same-id').ok).toBe(true);
    expect(make(bj('2026-11-24', '15:00'), 'same-id')).toMatchObject({ ok: false, refusal: { code: 'ALREADY_BOOKED' } });
    expect(make(bj('2026-11-24', '15:00'), 'same-id', 'B').ok).toBe(true);
    expect(make(bj('2026-11-26', '15:00'), 'same-id').ok).toBe(true);
  });

  it('cancel frees the slot; reschedule moves it, keeping the one-per-day rule', () => {
    const { book, run, make } = setup({ quotaPerSlot: 1 });
    make(bj('2026-11-24', '09:00'), 'me');
    const id = [...book.bookings.keys()][0]!;
    expect(run({ type: 'RescheduleBooking', bookingId: id, slotStart: bj('2026-11-24', '09:30') }).ok).toBe(true);
    expect(book.bookings.get(id)).toMatchObject({ slotStart: bj('2026-11-24', '09:30') });
    expect(make(bj('2026-11-24', '09:00')).ok).toBe(true); // freed by the move
    expect(run({ type: 'CancelBooking', bookingId: id }).ok).toBe(true);
    expect(run({ type: 'CancelBooking', bookingId: id })).toMatchObject({ ok: false, refusal: { code: 'BOOKING_NOT_OPEN' } });
    expect(make(bj('2026-11-24', '09:30')).ok).toBe(true); // freed by the cancel
    expect(run({ type: 'CancelBooking', bookingId: 'nope' })).toMatchObject({ ok: false, refusal: { code: 'NO_SUCH_BOOKING' } });
  });
});

describe('no-shows, strikes and bans', () => {
  it('a slot that ends without a check-in is a no-show; 3 in 90 days suspend booking for 30 days', () => {
    const s = setup();
    for (const day of ['2026-11-23', '2026-11-24', '2026-11-26']) s.make(bj(day, '09:00'), 'careless');
    s.ctx.now = bj('2026-11-26', '10:00');
    const sweep = s.run({ type: 'SweepBookings' });
    expect(sweep.ok && sweep.events.filter((e) => e.type === 'BookingMissed')).toHaveLength(3);
    expect(banUntil(s.book, s.ctx, 'careless')).toBe(bj('2026-11-26', '09:00') + 30 * DAY);
    const refused = s.make(bj('2026-11-27', '09:00'), 'careless');
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'BOOKING_BANNED', details: { until: '2026-12-26' } } });
    expect(refused.ok === false && refused.refusal.message).toMatch(/暂停预约/);
    s.ctx.now = bj('2026-12-27', '08:00');
    expect(banUntil(s.book, s.ctx, 'careless')).toBeNull();
  });

  it('strikes older than the window do not count', () => {
    const s = setup({ strikes: { limit: 2, windowDays: 1, banDays: 30 } });
    s.make(bj('2026-11-23', '09:00'), 'x');
    s.make(bj('2026-11-26', '09:00'), 'x');
    s.ctx.now = bj('2026-11-26', '10:00');
    s.run({ type: 'SweepBookings' });
    expect(banUntil(s.book, s.ctx, 'x')).toBeNull();
  });

  it('reminds once, a reminderMinutes before the slot', () => {
    const s = setup({ reminderMinutes: 60 });
    s.make(bj('2026-11-23', '10:00'));
    s.ctx.now = bj('2026-11-23', '08:59');
    expect(s.run({ type: 'SweepBookings' })).toEqual({ ok: true, events: [] });
    s.ctx.now = bj('2026-11-23', '09:00');
    expect(s.run({ type: 'SweepBookings' })).toMatchObject({ ok: true, events: [{ type: 'BookingReminded' }] });
    expect(s.run({ type: 'SweepBookings' })).toEqual({ ok: true, events: [] });
  });
});

describe('check-in window', () => {
  function booked(extra: Partial<BookingRules> = {}) {
    const s = setup(extra);
    s.make(bj('2026-11-23', '10:00'), 'card-hash');
    const code = [...s.book.byCode.keys()][0]!;
    return { ...s, code };
  }

  it('opens 30 minutes before the slot and closes at its end', () => {
    const s = booked();
    s.ctx.now = bj('2026-11-23', '09:29');
    expect(matchCheckIn(s.book, s.ctx, { code: s.code })).toMatchObject({ ok: false, refusal: { code: 'CHECK_IN_TOO_EARLY', details: { from: '09:30' } } });
    s.ctx.now = bj('2026-11-23', '09:30');
    expect(matchCheckIn(s.book, s.ctx, { code: s.code })).toMatchObject({ ok: true, late: false });
    s.ctx.now = bj('2026-11-23', '10:30');
    expect(matchCheckIn(s.book, s.ctx, { idHash: 'card-hash' })).toMatchObject({ ok: true, late: false });
  });

  it('late: a normal ticket, or a refusal, by config', () => {
    const normal = booked();
    normal.ctx.now = bj('2026-11-23', '10:31');
    expect(matchCheckIn(normal.book, normal.ctx, { code: normal.code })).toMatchObject({ ok: true, late: true });
    const strict = booked({ lateCheckIn: 'refuse' });
    strict.ctx.now = bj('2026-11-23', '10:31');
    expect(matchCheckIn(strict.book, strict.ctx, { code: strict.code })).toMatchObject({ ok: false, refusal: { code: 'CHECK_IN_TOO_LATE' } });
  });

  it('a code for a later day is too early (with the day); a used code is no longer open', () => {
    const s = booked();
    s.make(bj('2026-11-24', '10:00'), 'someone-else');
    const tomorrowCode = [...s.book.byCode.keys()].find((c) => c !== s.code)!;
    s.ctx.now = bj('2026-11-23', '09:45');
    expect(matchCheckIn(s.book, s.ctx, { code: tomorrowCode })).toMatchObject({ ok: false, refusal: { code: 'CHECK_IN_TOO_EARLY', details: { day: '2026-11-24', from: '09:30' } } });
    const id = s.book.byCode.get(s.code)!;
    evolveBooking(s.book, { type: 'BookingCheckedIn', at: s.ctx.now, bookingId: id, ticketId: 't', late: false });
    expect(matchCheckIn(s.book, s.ctx, { code: s.code })).toMatchObject({ ok: false, refusal: { code: 'BOOKING_NOT_OPEN' } });
  });

  it('only today, only open bookings, unknown codes refused', () => {
    const s = setup();
    s.make(bj('2026-11-24', '10:00'), 'tomorrow');
    s.ctx.now = bj('2026-11-23', '10:00');
    expect(matchCheckIn(s.book, s.ctx, { idHash: 'tomorrow' })).toMatchObject({ ok: false, refusal: { code: 'NO_SUCH_BOOKING' } });
    expect(matchCheckIn(s.book, s.ctx, { code: '999999' })).toMatchObject({ ok: false, refusal: { code: 'NO_SUCH_BOOKING' } });
  });
});

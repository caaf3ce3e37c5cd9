import { describe, expect, it } from 'vitest';
import type { HallCommand } from '../../../src-main/domain';
import { DEFAULT_BOOKING_RULES, zonedEpoch } from '../../../src-main/domain';
import { MINUTE, TestHall, testRules } from '../harness';

const bj = (day: string, clock: string) => zonedEpoch(day, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)), 'Asia/Shanghai');

function hallWithBooking(booking: Partial<typeof DEFAULT_BOOKING_RULES> = {}) {
  const h = new TestHall(testRules({ booking: { ...DEFAULT_BOOKING_RULES, ...booking } }), bj('2026-11-23', '08:00'));
  h.ok({
    type: 'MakeBooking',
    bookingId: 'bk-1',
    code: '123456',
    token: 'booking-token-aaaaaaaaaaaa',
    categoryId: 'A',
    matterId: 'A01',
    slotStart: bj('2026-11-23', '10:00'),
    citizen: { maskedName: '李*', maskedId: '110101********0011', idHash: 'card-hash' },
    mobile: '13900000000',
  });
  return h;
}

const checkIn = (by: { code: string } | { idHash: string }): HallCommand => ({ type: 'CheckInBooking', by, token: 'ticket-token-bbbbbbbbbbbb' });

describe('checking in a booking at the kiosk', () => {
  it('closes the booking and issues an appointment ticket in one decision', () => {
    const h = hallWithBooking();
    h.now = bj('2026-11-23', '09:40');
    const events = h.ok(checkIn({ code: '123456' }));
    expect(events.map((e) => e.type)).toEqual(['BookingCheckedIn', 'TicketIssued']);
    const t = h.ticket('A001');
    expect(t).toMatchObject({
      source: 'appointment',
      matterId: 'A01',
      appointment: { bookingId: 'bk-1', slotStart: bj('2026-11-23', '10:00'), checkedInAt: bj('2026-11-23', '09:40') },
      citizen: { maskedName: '李*', idHash: 'card-hash' },
      contactMobile: '13900000000',
    });
    expect(h.state.book.bookings.get('bk-1')).toMatchObject({ state: 'checked-in', ticketId: t.id });
    expect(h.refused(checkIn({ code: '123456' }))).toBe('BOOKING_NOT_OPEN');
  });

  it('the appointment ranks with priority once its slot begins, not before', () => {
    const h = hallWithBooking().open(2);
    h.now = bj('2026-11-23', '09:40');
    h.issue('A'); // A001 normal, issued first
    h.ok(checkIn({ idHash: 'card-hash' })); // A002 appointment
    h.issue('A'); // A003
    expect(h.serveNext(2)).toBe('A001'); // 09:40: slot not begun
    h.now = bj('2026-11-23', '10:00');
    expect(h.serveNext(2)).toBe('A002');
  });

  it('is not turned away by the daily cap: the slot was reserved', () => {
    const rules = testRules({ booking: DEFAULT_BOOKING_RULES });
    rules.categories[0]!.dailyCap = 1;
    const h = new TestHall(rules, bj('2026-11-23', '08:00'));
    h.ok({ type: 'MakeBooking', bookingId: 'b', code: '654321', token: 'tok-xxxxxxxxxxxxxxxxxx', categoryId: 'A', slotStart: bj('2026-11-23', '10:00'), citizen: { maskedName: '王*', maskedId: '1101**********0022', idHash: 'h2' }, mobile: '13700000000' });
    h.now = bj('2026-11-23', '09:45');
    h.issue('A');
    expect(h.refused({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: 't' })).toBe('DAILY_CAP_REACHED');
    h.ok(checkIn({ code: '654321' }));
    expect(h.ticket('A002').source).toBe('appointment');
  });

  it('late: a normal ticket by default, a refusal when the hall says so', () => {
    const lenient = hallWithBooking();
    lenient.now = bj('2026-11-23', '10:45');
    lenient.ok(checkIn({ code: '123456' }));
    expect(lenient.ticket('A001')).toMatchObject({ source: 'kiosk', appointment: null });
    expect(lenient.state.book.bookings.get('bk-1')!.state).toBe('checked-in');
    const strict = hallWithBooking({ lateCheckIn: 'refuse' });
    strict.now = bj('2026-11-23', '10:45');
    expect(strict.refused(checkIn({ code: '123456' }))).toBe('CHECK_IN_TOO_LATE');
  });

  it('the day closes: a booking never checked in is swept as a no-show first, then memory forgets settled ones', () => {
    const h = hallWithBooking();
    h.now = bj('2026-11-23', '11:00');
    h.ok({ type: 'SweepBookings' });
    expect(h.state.book.bookings.get('bk-1')!.state).toBe('no-show');
    expect(h.state.book.strikes.get('card-hash')).toEqual([bj('2026-11-23', '10:00')]);
    h.now = bj('2026-11-24', '09:00');
    h.ok({ type: 'CloseDay' });
    expect(h.state.book.bookings.size).toBe(0);
    expect(h.state.book.strikes.get('card-hash')).toHaveLength(1);
  });
});

describe('remote tickets', () => {
  it('take at most their share of the daily cap', () => {
    const rules = testRules({ booking: { ...DEFAULT_BOOKING_RULES, remoteShare: 0.5 } });
    rules.categories[0]!.dailyCap = 4;
    const h = new TestHall(rules);
    h.issue('A', { source: 'remote' });
    h.issue('A', { source: 'remote' });
    expect(h.refused({ type: 'IssueTicket', categoryId: 'A', source: 'remote', token: 't' })).toBe('REMOTE_SHARE_REACHED');
    expect(h.issue('A').number).toBe('A003');
    expect(h.issue('B', { source: 'remote' }).number).toBe('B001');
  });

  it('that need check-in hold their place but join the queue only when checked in', () => {
    const h = new TestHall(testRules({ booking: { ...DEFAULT_BOOKING_RULES, remoteNeedsCheckIn: true } })).open(2);
    const remote = h.issue('A', { source: 'remote', contactMobile: '13600000000' });
    expect(remote.state).toBe('pending');
    h.issue('A'); // A002 at the hall
    expect(h.serveNext(2)).toBe('A002');
    h.issue('A'); // A003
    h.advance(5 * MINUTE);
    h.ok({ type: 'CheckInTicket', number: 'A001' });
    expect(h.serveNext(2)).toBe('A001'); // its place is its time of taking the number
    expect(h.refused({ type: 'CheckInTicket', number: 'A003' })).toBe('TICKET_NOT_PENDING');
  });

  it('a pending ticket can be cancelled, and expires with the day', () => {
    const h = new TestHall(testRules({ booking: { ...DEFAULT_BOOKING_RULES, remoteNeedsCheckIn: true } }));
    h.issue('A', { source: 'remote' });
    h.issue('A', { source: 'remote' });
    h.ok({ type: 'CancelTicket', number: 'A001' });
    expect(h.ticket('A001').state).toBe('cancelled');
    h.advance(24 * 60 * MINUTE);
    const events = h.ok({ type: 'CloseDay' });
    expect(events).toMatchObject([{ type: 'DayClosed', expiredTicketIds: ['2026-11-23/A002'] }]);
  });
});

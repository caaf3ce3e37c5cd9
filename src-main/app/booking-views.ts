import type { BookingView, DaySlotsView } from '../contracts';
import type { Booking, CompiledRules, HallState } from '../domain';
import { bookableDays, bookedCounts, localTime, maskMobile, slotsOfDay } from '../domain';
import { citizenLink } from './views';

export function bookingView(state: HallState, rules: CompiledRules, b: Booking, baseUrl: string): BookingView {
  const ticket = b.ticketId ? state.tickets.get(b.ticketId) : undefined;
  return {
    code: b.code,
    token: b.token,
    pageUrl: citizenLink(baseUrl, 'b', b.token, b.hallId),
    state: b.state,
    categoryId: b.categoryId,
    categoryName: rules.category.get(b.categoryId)?.name ?? b.categoryId,
    matterId: b.matterId,
    matterName: b.matterId ? (rules.matter.get(b.matterId)?.name ?? null) : null,
    day: b.day,
    slotStart: b.slotStart,
    slotEnd: b.slotEnd,
    slotLabel: `${localTime(b.slotStart, rules.timeZone).clock}–${localTime(b.slotEnd, rules.timeZone).clock}`,
    checkInFrom: b.slotStart - rules.booking.checkInEarlyMinutes * 60_000,
    maskedName: b.maskedName,
    maskedId: b.maskedId,
    maskedMobile: maskMobile(b.mobile),
    ticketToken: ticket?.token ?? null,
    ticketNumber: ticket?.number ?? null,
  };
}

/** Today's remaining slots and the bookable days ahead, with what is still free in each. */
export function daySlots(state: HallState, rules: CompiledRules, categoryId: string, now: number): DaySlotsView[] {
  return slotsAfter(bookableDaySlots(state, rules, categoryId, localTime(now, rules.timeZone).day), now);
}

/**
 * Every slot of `today` and the bookable days after it, past ones included, with what is free in each: the
 * part of daySlots that needs the time-zone arithmetic (public-reads.ts keeps it per category).
 */
export function bookableDaySlots(state: HallState, rules: CompiledRules, categoryId: string, today: string): DaySlotsView[] {
  const counts = bookedCounts(state.book.bookings.values(), categoryId);
  return bookableDays(today, rules.booking).map((day) => ({
    day,
    slots: slotsOfDay(rules, rules.booking, day, categoryId, counts).map((s) => ({ start: s.start, end: s.end, label: s.label, free: Math.max(0, s.quota - s.booked) })),
  }));
}

/** The slots that start after `now`, days left without any dropped: cheap, no time-zone arithmetic. */
export function slotsAfter(days: readonly DaySlotsView[], now: number): DaySlotsView[] {
  return days.map((d) => ({ day: d.day, slots: d.slots.filter((s) => s.start > now) })).filter((d) => d.slots.length > 0);
}

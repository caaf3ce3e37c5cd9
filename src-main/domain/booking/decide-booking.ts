import type { CompiledRules } from '../rules';
import { localTime } from '../local-time';
import type { Booking, BookingRules } from './booking';
import type { BookingBook } from './booking-book';
import type { BookingCommand, BookingEvent } from './booking-events';
import type { Refusal, RefusalCode } from '../refusals';
import { refuse } from '../refusals';
import { bookableDays, bookedCounts, slotsOfDay, type Slot } from './slots';

const DAY_MS = 86_400_000;

export interface BookingContext {
  now: number;
  rules: CompiledRules;
  booking: BookingRules;
}

export type BookingDecision = { ok: true; events: BookingEvent[] } | { ok: false; refusal: Refusal };

const no = (code: RefusalCode, details?: Record<string, string | number>): BookingDecision => ({ ok: false, refusal: refuse(code, details) });
const yes = (...events: BookingEvent[]): BookingDecision => ({ ok: true, events });

/** The slot that starts at `slotStart` in a bookable day, or why there is none. */
function findSlot(book: BookingBook, ctx: BookingContext, categoryId: string, slotStart: number, ignoreBookingId?: string): Slot | BookingDecision {
  const today = localTime(ctx.now, ctx.rules.timeZone).day;
  const day = localTime(slotStart, ctx.rules.timeZone).day;
  if (!bookableDays(today, ctx.booking).includes(day)) return day < today ? no('SLOT_IN_PAST') : no('BEYOND_BOOKING_WINDOW', { day, days: ctx.booking.daysAhead });
  const others = [...book.bookings.values()].filter((b) => b.id !== ignoreBookingId);
  const slot = slotsOfDay(ctx.rules, ctx.booking, day, categoryId, bookedCounts(others, categoryId)).find((s) => s.start === slotStart);
  if (!slot) return no('SLOT_NOT_OFFERED', { day });
  if (slot.start <= ctx.now) return no('SLOT_IN_PAST', { slot: slot.label });
  if (slot.booked >= slot.quota) return no('SLOT_FULL', { day, slot: slot.label });
  return slot;
}

/** A ban holds while `limit` no-shows fall within `windowDays`, until `banDays` after the last of them. */
export function banUntil(book: BookingBook, ctx: BookingContext, idHash: string): number | null {
  const { limit, windowDays, banDays } = ctx.booking.strikes;
  if (limit <= 0) return null;
  const recent = (book.strikes.get(idHash) ?? []).filter((t) => t > ctx.now - windowDays * DAY_MS);
  if (recent.length < limit) return null;
  const until = recent.at(-1)! + banDays * DAY_MS;
  return until > ctx.now ? until : null;
}

function openBookingFor(book: BookingBook, idHash: string, categoryId: string, day: string, except?: string): Booking | undefined {
  for (const b of book.bookings.values()) {
    if (b.id !== except && b.idHash === idHash && b.categoryId === categoryId && b.day === day && (b.state === 'booked' || b.state === 'checked-in')) return b;
  }
  return undefined;
}

export function decideBooking(cmd: BookingCommand, book: BookingBook, ctx: BookingContext): BookingDecision {
  switch (cmd.type) {
    case 'MakeBooking': {
      const category = ctx.rules.category.get(cmd.categoryId);
      if (!category) return no('SLOT_NOT_OFFERED', { category: cmd.categoryId });
      if (cmd.matterId && ctx.rules.matter.get(cmd.matterId)?.categoryId !== category.id) return no('SLOT_NOT_OFFERED', { matter: cmd.matterId });
      if (book.byCode.has(cmd.code)) return no('BOOKING_CODE_TAKEN');
      const until = banUntil(book, ctx, cmd.citizen.idHash);
      if (until !== null) return no('BOOKING_BANNED', { until: localTime(until, ctx.rules.timeZone).day });
      const slot = findSlot(book, ctx, category.id, cmd.slotStart);
      if ('ok' in slot) return slot;
      if (openBookingFor(book, cmd.citizen.idHash, category.id, slot.day)) return no('ALREADY_BOOKED', { day: slot.day });
      const booking: Booking = {
        hallId: ctx.rules.hallId,
        id: cmd.bookingId,
        code: cmd.code,
        token: cmd.token,
        categoryId: category.id,
        matterId: cmd.matterId ?? null,
        day: slot.day,
        slotStart: slot.start,
        slotEnd: slot.end,
        maskedName: cmd.citizen.maskedName,
        maskedId: cmd.citizen.maskedId,
        idHash: cmd.citizen.idHash,
        mobile: cmd.mobile,
        state: 'booked',
        createdAt: ctx.now,
        checkedInAt: null,
        ticketId: null,
        remindedAt: null,
        closedAt: null,
      };
      return yes({ type: 'BookingMade', at: ctx.now, booking });
    }
    case 'CancelBooking': {
      const b = book.bookings.get(cmd.bookingId);
      if (!b) return no('NO_SUCH_BOOKING');
      if (b.state !== 'booked') return no('BOOKING_NOT_OPEN', { state: b.state });
      return yes({ type: 'BookingCancelled', at: ctx.now, bookingId: b.id });
    }
    case 'RescheduleBooking': {
      const b = book.bookings.get(cmd.bookingId);
      if (!b) return no('NO_SUCH_BOOKING');
      if (b.state !== 'booked') return no('BOOKING_NOT_OPEN', { state: b.state });
      const slot = findSlot(book, ctx, b.categoryId, cmd.slotStart, b.id);
      if ('ok' in slot) return slot;
      if (openBookingFor(book, b.idHash, b.categoryId, slot.day, b.id)) return no('ALREADY_BOOKED', { day: slot.day });
      return yes({ type: 'BookingRescheduled', at: ctx.now, bookingId: b.id, day: slot.day, slotStart: slot.start, slotEnd: slot.end });
    }
    case 'SweepBookings': {
      // Slots over without a check-in are no-shows (a strike); bookings about to start get their reminder.
      const events: BookingEvent[] = [];
      for (const b of book.bookings.values()) {
        if (b.state !== 'booked') continue;
        if (b.slotEnd <= ctx.now) events.push({ type: 'BookingMissed', at: ctx.now, bookingId: b.id });
        else if (b.remindedAt === null && b.slotStart - ctx.booking.reminderMinutes * 60_000 <= ctx.now) events.push({ type: 'BookingReminded', at: ctx.now, bookingId: b.id });
      }
      return yes(...events);
    }
    default: {
      const never: never = cmd;
      throw new Error(`unhandled booking command ${JSON.stringify(never)}`);
    }
  }
}

export type CheckInMatch =
  | { ok: true; booking: Booking; late: boolean }
  | { ok: false; refusal: Refusal };

/**
 * Which booking a kiosk check-in (by code, or by the ID card's hash) applies to, and whether it is late.
 * From checkInEarlyMinutes before the slot until its end; after it, a normal ticket or a refusal by config.
 */
export function matchCheckIn(book: BookingBook, ctx: BookingContext, by: { code: string } | { idHash: string }): CheckInMatch {
  const today = localTime(ctx.now, ctx.rules.timeZone).day;
  let candidates: Booking[];
  if ('code' in by) {
    const id = book.byCode.get(by.code);
    const open = id ? book.bookings.get(id) : undefined;
    // A code names one booking: say why it cannot be used rather than that it does not exist.
    if (open && open.day > today) return { ok: false, refusal: refuse('CHECK_IN_TOO_EARLY', { day: open.day, from: localTime(open.slotStart - ctx.booking.checkInEarlyMinutes * 60_000, ctx.rules.timeZone).clock }) };
    if (!open) {
      const used = [...book.bookings.values()].find((x) => x.code === by.code && x.day === today);
      if (used) return { ok: false, refusal: refuse('BOOKING_NOT_OPEN', { state: used.state }) };
    }
    candidates = open ? [open] : [];
  } else {
    candidates = [...book.bookings.values()].filter((b) => b.idHash === by.idHash && b.state === 'booked' && b.day === today);
  }
  candidates = candidates.filter((b) => b.day === today).sort((a, b) => a.slotStart - b.slotStart);
  const b = candidates[0];
  if (!b) return { ok: false, refusal: refuse('NO_SUCH_BOOKING') };
  if (b.state !== 'booked') return { ok: false, refusal: refuse('BOOKING_NOT_OPEN', { state: b.state }) };
  const opens = b.slotStart - ctx.booking.checkInEarlyMinutes * 60_000;
  if (ctx.now < opens) return { ok: false, refusal: refuse('CHECK_IN_TOO_EARLY', { from: localTime(opens, ctx.rules.timeZone).clock }) };
  if (ctx.now > b.slotEnd) {
    if (ctx.booking.lateCheckIn === 'refuse') return { ok: false, refusal: refuse('CHECK_IN_TOO_LATE', { until: localTime(b.slotEnd, ctx.rules.timeZone).clock }) };
    return { ok: true, booking: b, late: true };
  }
  return { ok: true, booking: b, late: false };
}

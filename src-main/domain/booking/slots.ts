import { clockToMinutes } from '../local-time';
import type { CompiledRules, DayHours } from '../rules';
import type { Booking, BookingRules } from './booking';
import { OPEN_BOOKING } from './booking';
import { nextDay, weekdayOf, zonedEpoch } from './zoned-time';

export interface Slot {
  day: string;
  start: number;
  end: number;
  /** Local HH:MM of the start, for screens. */
  label: string;
  quota: number;
  booked: number;
}

function hoursOf(rules: CompiledRules, booking: BookingRules, day: string): DayHours | null {
  if (rules.closed.has(day)) return null;
  return booking.specialDays[day] ?? rules.openingHours[weekdayOf(day)];
}

export function quotaOf(booking: BookingRules, categoryId: string): number {
  return booking.quotaByCategory[categoryId] ?? booking.quotaPerSlot;
}

/** Open bookings per slot start for a category: what the quota is counted against. */
export function bookedCounts(bookings: Iterable<Booking>, categoryId: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const b of bookings) {
    if (b.categoryId !== categoryId || (b.state !== 'checked-in' && !OPEN_BOOKING.has(b.state))) continue;
    counts.set(b.slotStart, (counts.get(b.slotStart) ?? 0) + 1);
  }
  return counts;
}

const DAY_MS = 86_400_000;

/**
 * Local clock minutes of `day` → instants. A day of exactly 24 hours has one UTC offset throughout, so two
 * zone look-ups serve all its slots; a day with a clock change asks the zone for every minute.
 */
function dayClock(day: string, timeZone: string): (minutes: number) => number {
  const midnight = zonedEpoch(day, 0, timeZone);
  if (zonedEpoch(nextDay(day), 0, timeZone) - midnight === DAY_MS) return (m) => midnight + m * 60_000;
  return (m) => zonedEpoch(day, m, timeZone);
}

/** The slots of a day for a category, cut from the opening hours; none before the last-ticket time passes. */
export function slotsOfDay(rules: CompiledRules, booking: BookingRules, day: string, categoryId: string, counts: Map<number, number>): Slot[] {
  const hours = hoursOf(rules, booking, day);
  if (!hours) return [];
  const lastTicket = hours.lastTicket ? clockToMinutes(hours.lastTicket) : Number.POSITIVE_INFINITY;
  const slots: Slot[] = [];
  const quota = quotaOf(booking, categoryId);
  const at = dayClock(day, rules.timeZone);
  for (const [from, to] of hours.periods) {
    const a = clockToMinutes(from);
    const b = clockToMinutes(to);
    for (let m = a; m + booking.slotMinutes <= b && m <= lastTicket; m += booking.slotMinutes) {
      const start = at(m);
      slots.push({
        day,
        start,
        end: at(m + booking.slotMinutes),
        label: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
        quota,
        booked: counts.get(start) ?? 0,
      });
    }
  }
  return slots;
}

/** Bookable days from `today`: today and the next daysAhead days. */
export function bookableDays(today: string, booking: BookingRules): string[] {
  const days = [today];
  for (let i = 0; i < booking.daysAhead; i++) days.push(nextDay(days.at(-1)!));
  return days;
}

/** The next free slots from now on, soonest first: what a refused booking suggests instead. */
export function nextFreeSlots(rules: CompiledRules, booking: BookingRules, today: string, categoryId: string, now: number, counts: Map<number, number>, limit: number): Slot[] {
  const out: Slot[] = [];
  for (const day of bookableDays(today, booking)) {
    for (const s of slotsOfDay(rules, booking, day, categoryId, counts)) {
      if (s.start > now && s.booked < s.quota) out.push(s);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

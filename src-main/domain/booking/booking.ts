import type { DayHours } from '../rules';

export type BookingState = 'booked' | 'checked-in' | 'cancelled' | 'no-show';

export interface Booking {
  hallId: string;
  id: string;
  /** Six digits typed at the kiosk to check in. */
  code: string;
  /** Unguessable token for the citizen's own booking page (cancel, reschedule). */
  token: string;
  categoryId: string;
  matterId: string | null;
  /** Service day of the slot. */
  day: string;
  slotStart: number;
  slotEnd: number;
  maskedName: string;
  maskedId: string;
  /** Keyed hash of the ID number: matches a card swiped at the kiosk and counts strikes. */
  idHash: string;
  mobile: string;
  state: BookingState;
  createdAt: number;
  checkedInAt: number | null;
  ticketId: string | null;
  /** When the reminder before the slot was sent, so it is sent once. */
  remindedAt: number | null;
  closedAt: number | null;
}

export interface BookingRules {
  slotMinutes: number;
  /** Bookings per slot per category, unless the category has its own. */
  quotaPerSlot: number;
  quotaByCategory: Record<string, number>;
  /** Slots can be booked from today up to this many days ahead. */
  daysAhead: number;
  checkInEarlyMinutes: number;
  /** After the slot has ended: issue a normal ticket instead, or refuse. */
  lateCheckIn: 'normal-ticket' | 'refuse';
  strikes: { limit: number; windowDays: number; banDays: number };
  /** Share of each category's daily cap that remote tickets may take. */
  remoteShare: number;
  /** Remote tickets wait in the queue only after the citizen checks in at a kiosk. */
  remoteNeedsCheckIn: boolean;
  reminderMinutes: number;
  /** Dates with other hours than their weekday (e.g. a working weekend before a holiday). */
  specialDays: Record<string, DayHours>;
}

export const DEFAULT_BOOKING_RULES: BookingRules = {
  slotMinutes: 30,
  quotaPerSlot: 4,
  quotaByCategory: {},
  daysAhead: 7,
  checkInEarlyMinutes: 30,
  lateCheckIn: 'normal-ticket',
  strikes: { limit: 3, windowDays: 90, banDays: 30 },
  remoteShare: 0.3,
  remoteNeedsCheckIn: false,
  reminderMinutes: 60,
  specialDays: {},
};

export const OPEN_BOOKING: ReadonlySet<BookingState> = new Set(['booked']);

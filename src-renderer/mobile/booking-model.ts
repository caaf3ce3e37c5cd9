import type { BookingView } from '../../src-main/contracts';

// A booking's page: where it stands now (before its check-in window, within it, past it, or closed) and
// what the citizen may still do with it.

export type BookingPhase = 'upcoming' | 'check-in-open' | 'slot-over' | 'checked-in' | 'cancelled' | 'no-show';

export function bookingPhase(b: Pick<BookingView, 'state' | 'checkInFrom' | 'slotEnd'>, now: number): BookingPhase {
  if (b.state !== 'booked') return b.state;
  if (now < b.checkInFrom) return 'upcoming';
  return now <= b.slotEnd ? 'check-in-open' : 'slot-over';
}

/** Reschedule and cancel: only an open booking whose slot has not begun. */
export function canChange(b: Pick<BookingView, 'state' | 'slotStart'>, now: number): boolean {
  return b.state === 'booked' && now < b.slotStart;
}

/** The page asks the hall again this often while a check-in could happen at a kiosk any moment. */
export const CHECK_IN_POLL_MS = 5000;

export function shouldPoll(phase: BookingPhase): boolean {
  return phase === 'check-in-open';
}

import type { BookingBook } from './booking-book';
import { indexBooking } from './booking-book';
import type { BookingEvent } from './booking-events';

/** Applies a booking event in place; returns the booking it changed, for storage. */
export function evolveBooking(book: BookingBook, e: BookingEvent): string {
  if (e.type === 'BookingMade') {
    indexBooking(book, { ...e.booking });
    return e.booking.id;
  }
  const b = book.bookings.get(e.bookingId);
  if (!b) throw new Error(`evolveBooking: unknown booking ${e.bookingId}`);
  switch (e.type) {
    case 'BookingCancelled':
      b.state = 'cancelled';
      b.closedAt = e.at;
      break;
    case 'BookingRescheduled':
      b.day = e.day;
      b.slotStart = e.slotStart;
      b.slotEnd = e.slotEnd;
      b.remindedAt = null;
      break;
    case 'BookingCheckedIn':
      b.state = 'checked-in';
      b.checkedInAt = e.at;
      b.ticketId = e.ticketId;
      b.closedAt = e.at;
      break;
    case 'BookingMissed':
      b.state = 'no-show';
      b.closedAt = e.at;
      break;
    case 'BookingReminded':
      b.remindedAt = e.at;
      break;
  }
  indexBooking(book, b);
  return b.id;
}

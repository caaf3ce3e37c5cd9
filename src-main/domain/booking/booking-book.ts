import type { Booking } from './booking';

/** Bookings the hall keeps in memory: today's and future ones, and recent no-shows for strikes. */
export interface BookingBook {
  bookings: Map<string, Booking>;
  /** Open bookings by check-in code. */
  byCode: Map<string, string>;
  byToken: Map<string, string>;
  /** Slot starts of no-shows per ID hash, oldest first. */
  strikes: Map<string, number[]>;
}

export function emptyBookingBook(): BookingBook {
  return { bookings: new Map(), byCode: new Map(), byToken: new Map(), strikes: new Map() };
}

export function restoreBookingBook(bookings: Booking[]): BookingBook {
  const book = emptyBookingBook();
  for (const b of bookings) indexBooking(book, { ...b });
  return book;
}

export function indexBooking(book: BookingBook, b: Booking): void {
  book.bookings.set(b.id, b);
  book.byToken.set(b.token, b.id);
  if (b.state === 'booked') book.byCode.set(b.code, b.id);
  else if (book.byCode.get(b.code) === b.id) book.byCode.delete(b.code);
  if (b.state === 'no-show') {
    const list = book.strikes.get(b.idHash) ?? [];
    if (!list.includes(b.slotStart)) list.push(b.slotStart);
    list.sort((x, y) => x - y);
    book.strikes.set(b.idHash, list);
  }
}

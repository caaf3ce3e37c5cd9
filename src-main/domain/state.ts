import type { Booking } from './booking/booking';
import type { BookingBook } from './booking/booking-book';
import { emptyBookingBook, restoreBookingBook } from './booking/booking-book';
import type { CompiledRules } from './rules';
import type { RatingCase } from './rating-case';
import type { Ticket } from './ticket';
import type { WindowState } from './window';
import { closedWindow } from './window';

export interface HallState {
  hallId: string;
  /** The service day the counters belong to; null before the first command. */
  serviceDay: string | null;
  /** Today's tickets and any still-open ones from earlier days (until the day is closed). */
  tickets: Map<string, Ticket>;
  windows: Map<number, WindowState>;
  /** Last sequence number per category for serviceDay: also the count issued, as numbers are never reused. */
  lastSeq: Map<string, number>;
  lastQueueKey: number;
  /** Waiting ticket ids per category, so calling never scans finished tickets. */
  waiting: Map<string, Set<string>>;
  /** Most recent service durations per category, newest last. */
  recentServiceMs: Map<string, number[]>;
  /** How many service durations per category the estimate keeps. */
  serviceSamples: number;
  /** Appointments (预约): slots taken, check-ins, no-shows. */
  book: BookingBook;
  /** Services finished today per window and their total time: window screens and consoles show them. */
  servedToday: Map<number, { count: number; serviceMs: number }>;
  /**
   * Finished, unrated tickets of earlier days that may still be rated (evaluation.acceptHours): the phone
   * and the slip's QR code rate them after the day closed. Today's are in `tickets`.
   */
  rateable: Map<string, Ticket>;
  /** Bad-rating cases (差评整改) not closed yet, and those closed today. */
  cases: Map<string, RatingCase>;
}

export function emptyState(rules: CompiledRules): HallState {
  const windows = new Map<number, WindowState>();
  for (const w of rules.windows) windows.set(w.id, closedWindow(rules.hallId, w.id));
  return {
    hallId: rules.hallId,
    serviceDay: null,
    tickets: new Map(),
    windows,
    lastSeq: new Map(),
    lastQueueKey: 0,
    waiting: new Map(),
    recentServiceMs: new Map(),
    serviceSamples: rules.queue.serviceSamples,
    book: emptyBookingBook(),
    servedToday: new Map(),
    rateable: new Map(),
    cases: new Map(),
  };
}

export interface RestoredHall {
  serviceDay: string | null;
  tickets: Ticket[];
  windows: WindowState[];
  /** Recent service durations per category, oldest first. */
  recentServiceMs: Record<string, number[]>;
  /** Open and future bookings, and recent no-shows (strikes). */
  bookings?: Booking[] | undefined;
  /** Earlier days' finished, unrated tickets still within evaluation.acceptHours. */
  rateable?: Ticket[] | undefined;
  /** Cases not closed. */
  cases?: RatingCase[] | undefined;
}

/** Rebuilds the in-memory state from what storage kept, including the indexes. */
export function restoreState(rules: CompiledRules, saved: RestoredHall): HallState {
  const state = emptyState(rules);
  state.serviceDay = saved.serviceDay;
  for (const w of saved.windows) {
    // A window removed from the config keeps no state; a new one starts closed.
    if (state.windows.has(w.id)) state.windows.set(w.id, { ...w });
  }
  for (const t of saved.tickets) {
    state.tickets.set(t.id, { ...t });
    if (t.serviceDay === saved.serviceDay) {
      const prev = state.lastSeq.get(t.issuedCategoryId) ?? 0;
      if (t.seq > prev) state.lastSeq.set(t.issuedCategoryId, t.seq);
      if (t.queueKey > state.lastQueueKey) state.lastQueueKey = Math.ceil(t.queueKey);
    }
    if (t.state === 'waiting') waitingSet(state, t.categoryId).add(t.id);
    if (t.state === 'finished' && t.windowId !== null && t.serviceDay === saved.serviceDay && t.finishedAt !== null) {
      countService(state, t.windowId, t.finishedAt - (t.servingAt ?? t.calledAt ?? t.finishedAt));
    }
  }
  for (const [c, list] of Object.entries(saved.recentServiceMs)) {
    state.recentServiceMs.set(c, list.slice(-rules.queue.serviceSamples));
  }
  state.book = restoreBookingBook(saved.bookings ?? []);
  for (const t of saved.rateable ?? []) if (!state.tickets.has(t.id)) state.rateable.set(t.id, { ...t });
  for (const c of saved.cases ?? []) state.cases.set(c.id, structuredClone(c));
  return state;
}

export function countService(state: HallState, windowId: number, serviceMs: number): void {
  const served = state.servedToday.get(windowId) ?? { count: 0, serviceMs: 0 };
  served.count++;
  served.serviceMs += serviceMs;
  state.servedToday.set(windowId, served);
}

export function waitingSet(state: HallState, categoryId: string): Set<string> {
  let set = state.waiting.get(categoryId);
  if (!set) {
    set = new Set();
    state.waiting.set(categoryId, set);
  }
  return set;
}

export function findTicketByNumber(state: HallState, number: string): Ticket | undefined {
  if (!state.serviceDay) return undefined;
  return state.tickets.get(`${state.serviceDay}/${number.toUpperCase()}`);
}

/** A ticket by id among today's and the earlier ones still open for rating. */
export function ticketForRating(state: HallState, id: string): Ticket | undefined {
  return state.tickets.get(id) ?? state.rateable.get(id);
}

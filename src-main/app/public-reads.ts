import type { BookingView, DaySlotsView, PublicTicketView } from '../contracts';
import type { Booking, CompiledRules, HallEvent, HallState, Ticket } from '../domain';
import { localTime, nextDay, touchedBy, zonedEpoch } from '../domain';
import { bookableDaySlots, bookingView, slotsAfter } from './booking-views';
import type { Committed } from './hall-service';
import { LruMap } from './rate-limiter';
import { shareAnswer } from './shared-answers';
import { publicTicketView, waitingPublicViews } from './views';

/** What the public reads need of a hall's service (HallService has it). */
export interface PublicReadSource {
  /** Replaced, never mutated, when the hall is reconfigured. */
  readonly rules: CompiledRules;
  /** Replaced when memory is rebuilt from disk. */
  readonly state: HallState;
  readonly seq: number;
  onCommit(listener: (c: Committed) => void): () => void;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Booking views kept: the phones looking at their booking right now. */
const MAX_BOOKING_VIEWS = 4096;

interface SlotsEntry {
  rules: CompiledRules;
  state: HallState;
  generation: number;
  categoryGeneration: number;
  today: string;
  /** [dayFrom, dayUntil): where localTime(now).day is `today`, when that could be proven (else both 0). */
  dayFrom: number;
  dayUntil: number;
  /** All slots of the bookable days, past ones included. */
  all: DaySlotsView[];
  /** slotsAfter(all, t), the same for every t in [from, until). */
  answer: DaySlotsView[];
  from: number;
  until: number;
}

interface WaitingEntry {
  rules: CompiledRules;
  state: HallState;
  seq: number;
  views: Map<string, PublicTicketView>;
  /** The order holds while no waiting appointment's slot start is crossed: [from, until). */
  from: number;
  until: number;
}

interface BookingEntry {
  rules: CompiledRules;
  state: HallState;
  generation: number;
  categoryGeneration: number;
  baseUrl: string;
  view: BookingView;
}

/**
 * The reads anonymous phones make, answered from memory that changes only when the hall does: free slots
 * per category (rebuilt after a booking event of that category, a day close, a reconfigure or a reload from
 * disk; past slots are cut out of the
 * kept day list as the clock passes their start, with no time-zone arithmetic), the waiting positions per
 * category (rebuilt after any commit), booking views by token. Every answer equals what the plain function
 * (daySlots, publicTicketView, bookingView) computes at that moment; tests/app/public-reads.test.ts holds
 * that.
 *
 * Read it only between commands, never from a command's `present` (the state is ahead of the last commit
 * there).
 */
export class PublicReads {
  /** Bumped by a committed day close: every category, every booking. */
  private generation = 0;
  /** Bumped by a committed booking event of the category. */
  private readonly categoryGenerations = new Map<string, number>();
  private readonly slots = new Map<string, SlotsEntry>();
  private readonly waiting = new Map<string, WaitingEntry>();
  private readonly bookingViews = new LruMap<string, BookingEntry>(MAX_BOOKING_VIEWS);
  private readonly unsubscribe: () => void;
  /** How often each read was computed rather than answered from memory (for tests and profiles). */
  readonly misses = { slotDays: 0, slotCuts: 0, waiting: 0, bookingViews: 0 };

  constructor(private readonly source: PublicReadSource) {
    this.unsubscribe = source.onCommit((c) => {
      for (const s of c.events) this.note(s.event);
    });
  }

  private note(e: HallEvent): void {
    if (e.type === 'DayClosed') {
      this.generation++;
      return;
    }
    for (const id of touchedBy(e).bookingIds ?? []) {
      const categoryId = e.type === 'BookingMade' ? e.booking.categoryId : this.source.state.book.bookings.get(id)?.categoryId;
      if (categoryId === undefined) this.generation++;
      else this.categoryGenerations.set(categoryId, this.categoryGeneration(categoryId) + 1);
    }
  }

  private categoryGeneration(categoryId: string): number {
    return this.categoryGenerations.get(categoryId) ?? 0;
  }

  stop(): void {
    this.unsubscribe();
  }

  /** = daySlots(state, rules, categoryId, now). */
  daySlots(categoryId: string, now: number): DaySlotsView[] {
    const { rules, state } = this.source;
    let e = this.slots.get(categoryId);
    if (
      !e ||
      e.rules !== rules ||
      e.state !== state ||
      e.generation !== this.generation ||
      e.categoryGeneration !== this.categoryGeneration(categoryId) ||
      !this.sameDay(e, now)
    ) {
      e = this.buildDays(categoryId, now);
      this.slots.set(categoryId, e);
    } else if (now < e.from || now >= e.until) {
      this.cut(e, now);
    }
    return e.answer;
  }

  /** The next free slots from now on, soonest first (what a refused booking suggests). */
  freeSlots(categoryId: string, now: number, limit: number): Array<{ start: number; end: number; label: string; free: number }> {
    const out = [];
    for (const d of this.daySlots(categoryId, now)) {
      for (const s of d.slots) {
        if (s.free > 0) out.push(s);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** = publicTicketView(state, rules, ticket, now, seq): positions from one sort per category and commit. */
  ticketView(ticket: Ticket, now: number): PublicTicketView {
    const { rules, state, seq } = this.source;
    if (ticket.state !== 'waiting') return publicTicketView(state, rules, ticket, now, seq);
    let e = this.waiting.get(ticket.categoryId);
    if (!e || e.rules !== rules || e.state !== state || e.seq !== seq || now < e.from || now >= e.until) {
      e = this.buildWaiting(ticket.categoryId, now);
      this.waiting.set(ticket.categoryId, e);
    }
    return e.views.get(ticket.id) ?? publicTicketView(state, rules, ticket, now, seq);
  }

  /** The booking behind a phone's token (an index, not a scan). */
  bookingByToken(token: string): Booking | undefined {
    const id = this.source.state.book.byToken.get(token);
    const b = id === undefined ? undefined : this.source.state.book.bookings.get(id);
    return b && b.token === token ? b : undefined;
  }

  /** = bookingView(state, rules, booking, baseUrl). */
  bookingView(b: Booking, baseUrl: string): BookingView {
    const { rules, state } = this.source;
    const e = this.bookingViews.get(b.id);
    const categoryGeneration = this.categoryGeneration(b.categoryId);
    if (e && e.rules === rules && e.state === state && e.generation === this.generation && e.categoryGeneration === categoryGeneration && e.baseUrl === baseUrl) return e.view;
    this.misses.bookingViews++;
    const view = bookingView(state, rules, b, baseUrl);
    this.bookingViews.set(b.id, { rules, state, generation: this.generation, categoryGeneration, baseUrl, view });
    return view;
  }

  private sameDay(e: SlotsEntry, now: number): boolean {
    if (now >= e.dayFrom && now < e.dayUntil) return true;
    // Bounds not proven (a day with a daylight-saving change) or outside them: ask the clock's own rule.
    return localTime(now, e.rules.timeZone).day === e.today;
  }

  private buildDays(categoryId: string, now: number): SlotsEntry {
    this.misses.slotDays++;
    const { rules, state } = this.source;
    const today = localTime(now, rules.timeZone).day;
    const all = bookableDaySlots(state, rules, categoryId, today);
    const [dayFrom, dayUntil] = dayBounds(today, rules.timeZone);
    const e: SlotsEntry = {
      rules,
      state,
      generation: this.generation,
      categoryGeneration: this.categoryGeneration(categoryId),
      today,
      dayFrom,
      dayUntil,
      all,
      answer: [],
      from: 0,
      until: 0,
    };
    this.cut(e, now);
    return e;
  }

  /** The answer for `now` from the kept day list, and the span of time it holds for. */
  private cut(e: SlotsEntry, now: number): void {
    this.misses.slotCuts++;
    e.answer = shareAnswer(slotsAfter(e.all, now));
    // A slot is offered while now < start: the answer changes only when now crosses a start.
    let from = Number.NEGATIVE_INFINITY;
    let until = Number.POSITIVE_INFINITY;
    for (const d of e.all) {
      for (const s of d.slots) {
        if (s.start <= now) from = Math.max(from, s.start);
        else until = Math.min(until, s.start);
      }
    }
    e.from = from;
    e.until = until;
  }

  private buildWaiting(categoryId: string, now: number): WaitingEntry {
    this.misses.waiting++;
    const { rules, state, seq } = this.source;
    // An appointment ranks as priority once its slot has begun: the order holds until the next such start.
    let from = Number.NEGATIVE_INFINITY;
    let until = Number.POSITIVE_INFINITY;
    for (const id of state.waiting.get(categoryId) ?? []) {
      const start = state.tickets.get(id)?.appointment?.slotStart;
      if (start === undefined) continue;
      if (start <= now) from = Math.max(from, start);
      else until = Math.min(until, start);
    }
    return { rules, state, seq, views: waitingPublicViews(state, rules, categoryId, now, seq), from, until };
  }
}

/**
 * The span [from, until) of instants whose local day is `day`, when it is a plain 24-hour day that
 * localTime agrees with at both ends; [0, 0) otherwise (the caller then asks localTime every time).
 */
export function dayBounds(day: string, timeZone: string): [number, number] {
  const from = zonedEpoch(day, 0, timeZone);
  const until = zonedEpoch(nextDay(day), 0, timeZone);
  const proven =
    until - from === DAY &&
    from % MINUTE === 0 &&
    localTime(from, timeZone).day === day &&
    localTime(until - 1, timeZone).day === day &&
    localTime(from - 1, timeZone).day !== day &&
    localTime(until, timeZone).day !== day;
  return proven ? [from, until] : [0, 0];
}

import { localTime, waitingInOrder } from '../domain';
import type { Committed, HallService } from './hall-service';
import type { Notice, Notifier } from './notifier';
import { citizenLink } from './views';

/**
 * Decides which notices a commit deserves: booked, reminder before the slot, turn near, called, missed.
 * Ids are stable (hall, subject, kind), so a receiver can drop the duplicate of a retry or a restart.
 */
export class NotificationPlanner {
  /** Tickets already told their turn is near (a restart may tell them once more; the id dedupes). */
  private near = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly service: HallService,
    private readonly notifier: Notifier,
    private readonly baseUrl: () => string,
  ) {
    this.unsubscribe = service.onCommit((c) => this.onCommit(c));
  }

  stop(): void {
    this.unsubscribe();
  }

  private base(kind: Notice['kind'], subject: string, at: number, mobile: string | null): Notice {
    const config = this.service.config;
    return { id: `${config.id}:${subject}:${kind}`, kind, hallId: config.id, hallName: config.name, at, mobile };
  }

  private onCommit(c: Committed): void {
    const { state, rules } = this.service;
    const categoryName = (id: string) => rules.category.get(id)?.name ?? id;
    for (const { event: e } of c.events) {
      if (e.type === 'BookingMade' || e.type === 'BookingReminded') {
        const b = state.book.bookings.get(e.type === 'BookingMade' ? e.booking.id : e.bookingId);
        if (!b) continue;
        this.notifier.send({
          ...this.base(e.type === 'BookingMade' ? 'booked' : 'reminder', b.id, e.at, b.mobile || null),
          bookingCode: b.code,
          slotStart: b.slotStart,
          categoryName: `${categoryName(b.categoryId)} ${b.day} ${localTime(b.slotStart, rules.timeZone).clock}`,
          liveUrl: citizenLink(this.baseUrl(), 'b', b.token, b.hallId),
        });
      } else if (e.type === 'TicketCalled' || e.type === 'TicketMissed') {
        const t = state.tickets.get(e.ticketId);
        if (!t?.contactMobile) continue;
        const windowId = e.windowId;
        this.notifier.send({
          ...this.base(e.type === 'TicketCalled' ? 'called' : 'missed', e.type === 'TicketCalled' ? `${t.id}:${t.callCount}` : t.id, e.at, t.contactMobile),
          number: t.number,
          windowId,
          windowName: rules.window.get(windowId)?.name,
          categoryName: categoryName(t.categoryId),
          liveUrl: citizenLink(this.baseUrl(), 't', t.token, t.hallId),
        });
      }
    }
    // Positions move only in the queues this commit touched.
    const categories = new Set<string>();
    for (const id of c.ticketIds) {
      const t = state.tickets.get(id);
      if (t) categories.add(t.categoryId);
    }
    this.turnNear(categories, c.events.at(-1)?.at ?? this.service.clock.now());
  }

  private turnNear(categories: ReadonlySet<string>, at: number): void {
    const { state, rules, config } = this.service;
    const limit = config.notifications.turnNearAhead;
    for (const category of rules.categories) {
      if (!categories.has(category.id) || !this.hasContact(category.id)) continue;
      waitingInOrder(state, category.id, at).forEach((t, ahead) => {
        if (!t.contactMobile || ahead > limit || this.near.has(t.id)) return;
        this.near.add(t.id);
        this.notifier.send({
          ...this.base('turn-near', t.id, at, t.contactMobile),
          number: t.number,
          ahead,
          categoryName: category.name,
          liveUrl: citizenLink(this.baseUrl(), 't', t.token, t.hallId),
        });
      });
    }
    if (this.near.size > 5000) for (const id of this.near) if (!state.tickets.has(id)) this.near.delete(id);
  }

  /** Most halls' queues are kiosk tickets with nobody to notify: then there is nothing to sort. */
  private hasContact(categoryId: string): boolean {
    const { state } = this.service;
    for (const id of state.waiting.get(categoryId) ?? []) {
      const t = state.tickets.get(id);
      if (t?.contactMobile && !this.near.has(t.id)) return true;
    }
    return false;
  }
}

import type { Committed } from '../app/hall-service';
import { callView, publicTicketView, queueViews, ticketView, windowView } from '../app/views';
import type { CategoryQueueView } from '../contracts';
import type { HallRuntime } from './hall-runtime';
import { rooms } from './rooms';
import type { HallIo, HallSocket } from './socket-types';
import { snapshotFor } from './handlers/snapshot';

/** Queue summaries are coalesced: screens need them within a second, not once per event. */
const QUEUE_INTERVAL_MS = 200;

/**
 * Turns committed events into room broadcasts. Calls go out first and unthrottled: they are what a
 * citizen waits for. Every message carries the hall sequence number of the commit it reflects.
 */
export class Broadcaster {
  private lastQueueEmit = 0;
  private queueTimer: NodeJS.Timeout | null = null;
  private lastQueues = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly io: HallIo,
    private readonly hall: HallRuntime,
  ) {
    this.unsubscribe = hall.service.onCommit((c) => this.onCommit(c));
  }

  stop(): void {
    this.unsubscribe();
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = null;
  }

  /** Periodic: close the service day when it is over, and refresh summaries that change with time alone. */
  async tick(): Promise<void> {
    await this.hall.service.rolloverIfDue();
    this.scheduleQueues();
  }

  private onCommit(c: Committed): void {
    const { service } = this.hall;
    const h = c.hallId;
    if (c.events.some((s) => s.event.type === 'DayClosed')) void this.resyncAll();
    for (const s of c.events) {
      if (s.event.type !== 'TicketCalled' && s.event.type !== 'TicketRecalled') continue;
      const call = callView(service.state, service.rules, {
        seq: s.seq,
        ticketId: s.event.ticketId,
        windowId: s.event.windowId,
        callCount: s.event.callCount,
        recall: s.event.type === 'TicketRecalled',
        at: s.at,
      });
      this.io.to([rooms.displays(h), rooms.window(h, s.event.windowId), rooms.ticket(h, s.event.ticketId), rooms.admins(h)]).emit('ticket:called', call);
    }
    const now = service.clock.now();
    for (const id of c.ticketIds) {
      const t = service.state.tickets.get(id);
      if (!t) continue;
      this.io.to([rooms.counters(h), rooms.admins(h)]).emit('ticket:changed', { seq: c.seq, ticket: ticketView(t) });
      this.io.to(rooms.ticket(h, id)).emit('ticket:status', { seq: c.seq, ticket: publicTicketView(service.state, service.rules, t, now, c.seq) });
    }
    for (const id of c.windowIds) {
      const w = service.state.windows.get(id);
      if (!w) continue;
      const window = windowView(service.state, service.rules, service.labels, w);
      this.io.to([rooms.displays(h), rooms.counters(h), rooms.admins(h), rooms.window(h, id)]).emit('window:changed', { seq: c.seq, window });
    }
    this.scheduleQueues();
  }

  /** After the day closes every client starts again from a snapshot: yesterday's tickets are gone. */
  private async resyncAll(): Promise<void> {
    const h = this.hall.config.id;
    const sockets = await this.io.in([rooms.displays(h), rooms.counters(h), rooms.kiosks(h), rooms.admins(h)]).fetchSockets();
    for (const s of sockets) s.emit('hall:snapshot', snapshotFor(this.hall, s as unknown as HallSocket));
  }

  private scheduleQueues(): void {
    if (this.queueTimer) return;
    const wait = Math.max(0, this.lastQueueEmit + QUEUE_INTERVAL_MS - Date.now());
    if (wait === 0) {
      this.emitQueues();
      return;
    }
    this.queueTimer = setTimeout(() => {
      this.queueTimer = null;
      this.emitQueues();
    }, wait);
  }

  private emitQueues(): void {
    this.lastQueueEmit = Date.now();
    const { service } = this.hall;
    const h = this.hall.config.id;
    const queues = queueViews(service.state, service.rules, service.clock.now());
    const changed: CategoryQueueView[] = [];
    for (const q of queues) {
      const key = JSON.stringify(q);
      if (this.lastQueues.get(q.categoryId) !== key) changed.push(q);
      this.lastQueues.set(q.categoryId, key);
    }
    if (changed.length === 0) return;
    const seq = service.seq;
    this.io.to([rooms.displays(h), rooms.counters(h), rooms.kiosks(h), rooms.admins(h)]).emit('queue:changed', { seq, queues });
    // A phone only hears about the category of the ticket it watches.
    for (const q of changed) this.io.to(rooms.category(h, q.categoryId)).emit('queue:changed', { seq, queues: [q] });
  }
}

import type { Committed } from '../app/hall-service';
import { callView, publicTicketView, queueViews, ticketView, waitingPublicViews, windowView } from '../app/views';
import type { PublicTicketView } from '../contracts';
import { snapshotFor } from './handlers/snapshot';
import { broadcastEvaluations } from './evaluation-broadcast';
import type { HallRuntime } from './hall-runtime';
import { rooms } from './rooms';
import type { HallIo, HallSocket } from './socket-types';
import { Throttle } from './throttle';

/** Screens and consoles want queue summaries within a second of a change. */
const SCREEN_QUEUE_MS = 200;
/** Phones move up the queue once a second at most: thousands of them must not slow a call down. */
const PHONE_REFRESH_MS = 1000;
const PHONE_SLICE = 25;

/**
 * Turns committed events into room broadcasts. Calls go out first and unthrottled: they are what a
 * citizen waits for. Every message carries the hall sequence number of the commit it reflects.
 */
export class Broadcaster {
  private readonly screens: Throttle;
  private readonly phones: Throttle;
  private lastScreenQueues = '';
  private lastCategoryQueues = new Map<string, string>();
  /** What each watched ticket's phone last heard, so unchanged positions are not resent. */
  private lastStatus = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly io: HallIo,
    private readonly hall: HallRuntime,
  ) {
    this.screens = new Throttle(SCREEN_QUEUE_MS, () => this.emitScreenQueues());
    this.phones = new Throttle(PHONE_REFRESH_MS, () => this.refreshPhones());
    this.unsubscribe = hall.service.onCommit((c) => this.onCommit(c));
  }

  stop(): void {
    this.unsubscribe();
    this.screens.stop();
    this.phones.stop();
  }

  /** Periodic: close the service day when it is over, and refresh summaries that change with time alone. */
  async tick(): Promise<void> {
    await this.hall.service.rolloverIfDue();
    this.screens.request();
    this.phones.request();
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
      // Staff hear about tickets at (or sent to) their own window; admins hear about all of them.
      const to = [rooms.admins(h)];
      if (t.windowId !== null) to.push(rooms.window(h, t.windowId));
      if (t.targetWindowId !== null) to.push(rooms.window(h, t.targetWindowId));
      for (const s of c.events) if (s.event.type === 'TicketTransferred' && s.event.ticketId === id) to.push(rooms.window(h, s.event.fromWindowId));
      this.io.to(to).emit('ticket:changed', { seq: c.seq, ticket: ticketView(t) });
      if (this.watched(id)) {
        const view = publicTicketView(service.state, service.rules, t, now, c.seq);
        this.lastStatus.set(id, statusKey(view));
        this.io.to(rooms.ticket(h, id)).emit('ticket:status', { seq: c.seq, ticket: view });
      }
    }
    for (const id of c.windowIds) {
      const w = service.state.windows.get(id);
      if (!w) continue;
      const window = windowView(service.state, service.rules, service.labels, w);
      this.io.to([rooms.displays(h), rooms.admins(h), rooms.window(h, id)]).emit('window:changed', { seq: c.seq, window });
    }
    broadcastEvaluations(this.io, this.hall, c);
    this.screens.request();
    this.phones.request();
  }

  private watched(ticketId: string): boolean {
    return this.io.of('/').adapter.rooms.has(rooms.ticket(this.hall.config.id, ticketId));
  }

  /** After the day closes every client starts again from a snapshot: yesterday's tickets are gone. */
  private async resyncAll(): Promise<void> {
    const h = this.hall.config.id;
    this.lastStatus.clear();
    const sockets = await this.io.in([rooms.displays(h), rooms.counters(h), rooms.kiosks(h), rooms.admins(h)]).fetchSockets();
    for (const s of sockets) s.emit('hall:snapshot', snapshotFor(this.hall, s as unknown as HallSocket));
  }

  /** Screens, kiosks and admins get every category; a console only the categories its window serves. */
  private emitScreenQueues(): void {
    const { service } = this.hall;
    const h = this.hall.config.id;
    const queues = queueViews(service.state, service.rules, service.clock.now());
    const key = JSON.stringify(queues);
    if (key === this.lastScreenQueues) return;
    this.lastScreenQueues = key;
    const seq = service.seq;
    this.io.to([rooms.displays(h), rooms.kiosks(h), rooms.admins(h)]).emit('queue:changed', { seq, queues });
    // Each category's consoles on their own turn of the event loop: a call is never stuck behind all of them.
    const changed = queues.filter((q) => {
      const qKey = JSON.stringify(q);
      if (this.lastCategoryQueues.get(q.categoryId) === qKey) return false;
      this.lastCategoryQueues.set(q.categoryId, qKey);
      return true;
    });
    const next = () => {
      const q = changed.shift();
      if (!q) return;
      this.io.to(rooms.category(h, q.categoryId)).emit('queue:changed', { seq, queues: [q] });
      setImmediate(next);
    };
    next();
  }

  /**
   * A phone hears its own ticket's new position, at most once a second. Only watched tickets are looked at,
   * and the updates go out in slices with a turn of the event loop between them, so a call pressed
   * meanwhile is not held up behind thousands of phones.
   */
  private refreshPhones(): void {
    const { service } = this.hall;
    const prefix = rooms.ticket(this.hall.config.id, '');
    const watchers = new Map<string, ReadonlySet<string>>();
    for (const [room, sockets] of this.io.of('/').adapter.rooms) {
      if (room.startsWith(prefix)) watchers.set(room.slice(prefix.length), sockets);
    }
    for (const id of this.lastStatus.keys()) if (!watchers.has(id)) this.lastStatus.delete(id);
    const categories = new Set<string>();
    for (const id of watchers.keys()) {
      const t = service.state.tickets.get(id);
      if (t?.state === 'waiting') categories.add(t.categoryId);
    }
    // One queue per turn of the event loop, and its updates in small slices: a call pressed meanwhile
    // waits for at most one slice, never for the whole hall's phones.
    const all = this.io.of('/').sockets;
    const queue = [...categories];
    const nextCategory = () => {
      const categoryId = queue.shift();
      if (categoryId === undefined) return;
      const updates: Array<{ view: PublicTicketView; sockets: ReadonlySet<string> }> = [];
      for (const [id, view] of waitingPublicViews(service.state, service.rules, categoryId, service.clock.now(), service.seq)) {
        const sockets = watchers.get(id);
        if (!sockets) continue;
        const key = statusKey(view);
        if (this.lastStatus.get(id) === key) continue;
        this.lastStatus.set(id, key);
        updates.push({ view, sockets });
      }
      const send = (from: number) => {
        for (const { view, sockets } of updates.slice(from, from + PHONE_SLICE)) {
          for (const sid of sockets) all.get(sid)?.emit('ticket:status', { seq: view.seq, ticket: view });
        }
        setImmediate(from + PHONE_SLICE < updates.length ? () => send(from + PHONE_SLICE) : nextCategory);
      };
      send(0);
    };
    nextCategory();
  }
}

function statusKey(v: { state: string; ahead: number | null; estimatedMinutes: number | null; windowId: number | null; callCount: number }): string {
  return `${v.state}|${v.ahead}|${v.estimatedMinutes}|${v.windowId}|${v.callCount}`;
}

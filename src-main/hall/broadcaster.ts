import type { Committed } from '../app/hall-service';
import { callView, publicTicketView, queueViews, ticketView, waitingPublicViews, windowView } from '../app/views';
import type { PublicTicketView } from '../contracts';
import { snapshotFor } from './handlers/snapshot';
import { broadcastCases } from './case-broadcast';
import { broadcastEvaluations } from './evaluation-broadcast';
import type { HallRuntime } from './hall-runtime';
import { rooms } from './rooms';
import type { HallIo, HallSocket } from './socket-types';
import type { TurnQueue } from './throttle';
import { backstage, Throttle } from './throttle';

/** Screens and consoles want queue summaries within a second of a change. */
const SCREEN_QUEUE_MS = 200;
/** Phones move up the queue once a second at most: thousands of them must not slow a call down. */
const PHONE_REFRESH_MS = 1000;
const PHONE_SLICE = 25;
/** Snapshots after the day closes, this many sockets per turn of the event loop. */
const RESYNC_SLICE = 10;

/**
 * Turns committed events into room broadcasts. Calls go out first and unthrottled: they are what a
 * citizen waits for. Every message carries the hall sequence number of the commit it reflects.
 */
export class Broadcaster {
  private readonly screens: Throttle;
  private readonly phones: Throttle;
  /** A summary already waiting for its turn covers every later request: it reads the state when it runs. */
  private screensQueued = false;
  private phonesQueued = false;
  private stopped = false;
  private lastScreenQueues = '';
  private lastCategoryQueues = new Map<string, string>();
  /** What each watched ticket's phone last heard, so unchanged positions are not resent. */
  private lastStatus = new Map<string, string>();
  private readonly watchedTickets: ReadonlySet<string>;
  private readonly unsubscribe: () => void;

  /**
   * Summaries and refreshes are not made inside the commit (before its answers go out) but as pieces of
   * `turns`, the queue every hall of the process shares: with many halls, one piece per turn of the loop.
   */
  constructor(
    private readonly io: HallIo,
    private readonly hall: HallRuntime,
    private readonly turns: TurnQueue = backstage,
  ) {
    this.screens = new Throttle(SCREEN_QUEUE_MS, () => this.queueScreens());
    this.phones = new Throttle(PHONE_REFRESH_MS, () => this.queuePhones());
    this.watchedTickets = WatchedTickets.of(io).of(hall.config.id);
    this.unsubscribe = hall.service.onCommit((c) => this.onCommit(c));
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.screens.stop();
    this.phones.stop();
  }

  /**
   * Periodic: close the service day when it is over, and refresh summaries that change with time alone.
   * Every hall's tick falls due at once; each takes its own turn of the loop.
   */
  tick(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.turns.push(() => {
        if (this.stopped) return resolve();
        this.hall.service.rolloverIfDue().then(() => {
          this.screens.request();
          this.phones.request();
          resolve();
        }, reject);
      });
    });
  }

  private queueScreens(): void {
    if (this.screensQueued || this.stopped) return;
    this.screensQueued = true;
    this.turns.push(() => {
      this.screensQueued = false;
      if (!this.stopped) this.emitScreenQueues();
    });
  }

  private queuePhones(): void {
    if (this.phonesQueued || this.stopped) return;
    this.phonesQueued = true;
    this.turns.push(() => {
      this.phonesQueued = false;
      if (!this.stopped) this.refreshPhones();
    });
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
    broadcastCases(this.io, this.hall, c);
    this.screens.request();
    this.phones.request();
  }

  private watched(ticketId: string): boolean {
    return this.watchedTickets.has(ticketId);
  }

  /**
   * After the day closes every client starts again from a snapshot: yesterday's tickets are gone. Every
   * hall of a time zone closes its day at the same midnight: a few sockets per turn of the loop.
   */
  private async resyncAll(): Promise<void> {
    const h = this.hall.config.id;
    this.lastStatus.clear();
    const sockets = await this.io.in([rooms.displays(h), rooms.counters(h), rooms.kiosks(h), rooms.admins(h)]).fetchSockets();
    const send = (from: number) => {
      for (const s of sockets.slice(from, from + RESYNC_SLICE)) s.emit('hall:snapshot', snapshotFor(this.hall, s as unknown as HallSocket));
      if (from + RESYNC_SLICE < sockets.length) this.turns.push(() => send(from + RESYNC_SLICE));
    };
    send(0);
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
    for (const q of changed) this.turns.push(() => this.io.to(rooms.category(h, q.categoryId)).emit('queue:changed', { seq, queues: [q] }));
  }

  /**
   * A phone hears its own ticket's new position, at most once a second. Only watched tickets are looked at,
   * and the updates go out in slices with a turn of the event loop between them, so a call pressed
   * meanwhile is not held up behind thousands of phones.
   */
  private refreshPhones(): void {
    const { service } = this.hall;
    const h = this.hall.config.id;
    // The hall's watched tickets come from an index kept as rooms come and go: no walk over every room
    // (every socket and ticket of every hall of the process) on each refresh.
    const adapterRooms = this.io.of('/').adapter.rooms;
    const watchers = new Map<string, ReadonlySet<string>>();
    for (const id of this.watchedTickets) {
      const sockets = adapterRooms.get(rooms.ticket(h, id));
      if (sockets) watchers.set(id, sockets);
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
      if (categoryId === undefined || this.stopped) return;
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
        this.turns.push(from + PHONE_SLICE < updates.length ? () => send(from + PHONE_SLICE) : nextCategory);
      };
      send(0);
    };
    nextCategory();
  }
}

/**
 * Which tickets have a live page watching them (a room `h:<hall>:t:<ticket>`), by hall, for every hall of
 * one server: kept up to date from the adapter's room events, once per process rather than once per hall.
 */
class WatchedTickets {
  private static readonly byAdapter = new WeakMap<object, WatchedTickets>();
  private readonly byHall = new Map<string, Set<string>>();

  static of(io: HallIo): WatchedTickets {
    const adapter = io.of('/').adapter;
    let index = WatchedTickets.byAdapter.get(adapter);
    if (!index) {
      index = new WatchedTickets();
      for (const room of adapter.rooms.keys()) index.created(room);
      adapter.on('create-room', (room: string) => index!.created(room));
      adapter.on('delete-room', (room: string) => index!.deleted(room));
      WatchedTickets.byAdapter.set(adapter, index);
    }
    return index;
  }

  /** The hall's watched ticket ids: a live set. */
  of(hallId: string): ReadonlySet<string> {
    let set = this.byHall.get(hallId);
    if (!set) this.byHall.set(hallId, (set = new Set()));
    return set;
  }

  private created(room: string): void {
    const t = parseTicketRoom(room);
    if (t) (this.of(t.hallId) as Set<string>).add(t.ticketId);
  }

  private deleted(room: string): void {
    const t = parseTicketRoom(room);
    if (t) this.byHall.get(t.hallId)?.delete(t.ticketId);
  }
}

/** `h:<hall>:t:<ticket>` (see rooms.ticket; hall ids have no colon) → its parts. */
function parseTicketRoom(room: string): { hallId: string; ticketId: string } | null {
  if (!room.startsWith('h:')) return null;
  const end = room.indexOf(':', 2);
  if (end < 0 || !room.startsWith(':t:', end)) return null;
  return { hallId: room.slice(2, end), ticketId: room.slice(end + 3) };
}

function statusKey(v: { state: string; ahead: number | null; estimatedMinutes: number | null; windowId: number | null; callCount: number }): string {
  return `${v.state}|${v.ahead}|${v.estimatedMinutes}|${v.windowId}|${v.callCount}`;
}

import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import type { SessionsEnded } from '../app/auth-service';
import type { Clock } from '../app/ports';
import type { CityAck, CityClientToServer, CityFloorView, CityServerToClient, SessionEndReason } from '../contracts';
import { cityWatchInput, sessionEndedWords } from '../contracts';
import type { Logger } from '../hall/logger';
import { HandshakeError } from '../hall/socket-auth';
import type { HallIo } from '../hall/socket-types';
import type { CityAccounts } from './city-accounts';
import type { CityHub } from './city-hub';

// The `/city` socket.io namespace: the city page's live view. A connection is a city account's session
// (auth { token } from POST /api/city/login). It gets the overview on connecting and then `city:overview`
// whenever something changed (at most once a second, and every 15 s anyway: waits grow, halls fall
// silent); `city:watch` drills into one hall and pushes its `city:floor` while watched (at most twice a
// second). The overview and each floor are made once per push for every client.

export interface CitySocketData {
  username: string;
  displayName: string;
  role: 'supervisor' | 'admin';
  tokenHash: string;
  expiresAt: number;
  ended?: SessionEndReason | undefined;
  watching: string | null;
}

type CityNamespace = Namespace<CityClientToServer, CityServerToClient, Record<string, never>, CitySocketData>;
type CitySocket = Socket<CityClientToServer, CityServerToClient, Record<string, never>, CitySocketData>;

export const OVERVIEW_MIN_MS = 1000;
export const OVERVIEW_REFRESH_MS = 15_000;
export const FLOOR_MIN_MS = 500;
/** How long an ended connection may still hear `session:ended` before it is closed. */
const ENDED_GRACE_MS = 2000;
const MAX_INPUT_BYTES = 1024;

const overviewInput = z.union([z.undefined(), z.null(), z.object({}).strict()]);
const handshake = z.object({ token: z.string().min(16).max(200) });

const room = (hallId: string) => `floor:${hallId}`;
/** Every live session's connection (an ended one leaves it at once). */
const OVERVIEW_ROOM = 'overview';

function error<T>(code: string, message: string, messageEn: string): CityAck<T> {
  return { ok: false, error: { code, message, messageEn } };
}

export interface CityNamespaceDeps {
  hub: CityHub;
  accounts: CityAccounts;
  clock: Clock;
  log: Logger;
  /** A city on several servers: the floor of a hall another server runs, asked of that server. */
  fetchFloor?: ((hallId: string) => Promise<CityFloorView | null>) | undefined;
}

export class CityLive {
  private ns: CityNamespace | null = null;
  private readonly floorsDue = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private stops: Array<() => void> = [];
  private sinceRefresh = 0;

  constructor(private readonly deps: CityNamespaceDeps) {}

  get connections(): number {
    return this.ns?.sockets.size ?? 0;
  }

  /** The halls someone on this server is watching (city:watch). */
  watched(): string[] {
    const ns = this.ns;
    if (!ns) return [];
    const ids: string[] = [];
    for (const [r, members] of ns.adapter.rooms) if (r.startsWith('floor:') && members.size > 0) ids.push(r.slice('floor:'.length));
    return ids;
  }

  attach(io: HallIo): void {
    const ns = io.of('/city') as unknown as CityNamespace;
    this.ns = ns;
    ns.use((socket, next) => void this.authenticate(socket as CitySocket, next));
    ns.on('connection', (socket) => this.connected(socket as CitySocket));
    this.stops.push(this.deps.hub.onChange((hallId) => this.floorsDue.add(hallId)));
    this.stops.push(this.deps.accounts.auth.onSessionsEnded((ended) => this.sessionsEnded(ended)));
    const overview = setInterval(() => this.tick(), OVERVIEW_MIN_MS);
    const floors = setInterval(() => this.pushFloors(), FLOOR_MIN_MS);
    overview.unref();
    floors.unref();
    this.timers.push(overview, floors);
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const s of this.stops) s();
    this.stops = [];
  }

  private async authenticate(socket: CitySocket, next: (err?: Error) => void): Promise<void> {
    try {
      const parsed = handshake.safeParse(socket.handshake.auth);
      if (!parsed.success) throw new HandshakeError('AUTH_INVALID', '连接认证信息格式错误', 'Handshake auth must be { token } from POST /api/city/login');
      const { accounts } = this.deps;
      const session = await accounts.auth.resolveLiveSession(accounts.hallId, parsed.data.token);
      if (!session) throw new HandshakeError('SESSION_INVALID', '登录已失效，请重新登录', 'Session expired or unknown; log in again');
      socket.data = {
        username: session.account.username,
        displayName: session.account.displayName,
        role: session.account.role === 'admin' ? 'admin' : 'supervisor',
        tokenHash: session.tokenHash,
        expiresAt: session.expiresAt,
        watching: null,
      };
      next();
    } catch (err) {
      if (err instanceof HandshakeError) return next(err);
      this.deps.log.error({ err }, 'city: socket handshake failed');
      next(new HandshakeError('INTERNAL_ERROR', '服务器内部错误', 'Internal server error'));
    }
  }

  private connected(socket: CitySocket): void {
    const { hub, log } = this.deps;
    socket.use(([event, ...args], next) => {
      const reason = this.check(socket);
      if (!reason) return next();
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (a: CityAck<never>) => void)(error('SESSION_ENDED', sessionEndedWords(reason).message, sessionEndedWords(reason).messageEn));
      log.debug({ event }, 'city: event after the session ended refused');
    });
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event === 'city:overview' || event === 'city:watch') return;
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (a: CityAck<never>) => void)(error('UNKNOWN_EVENT', `未知的请求：${event.slice(0, 60)}`, `Unknown event "${event.slice(0, 60)}"`));
    });

    socket.on('city:overview', (input, ack) => {
      if (typeof ack !== 'function') return;
      if (!small(input) || !overviewInput.safeParse(input).success) return ack(error('INVALID_PAYLOAD', '请求数据无效', 'city:overview takes {}'));
      ack({ ok: true, data: hub.overview() });
    });

    socket.on('city:watch', async (input, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = small(input) ? cityWatchInput.safeParse(input) : null;
      if (!parsed?.success) return ack(error('INVALID_PAYLOAD', '请求数据无效', 'city:watch takes { hallId: string | null }'));
      const hallId = parsed.data.hallId;
      if (socket.data.watching) void socket.leave(room(socket.data.watching));
      socket.data.watching = null;
      if (hallId === null) return ack({ ok: true, data: null });
      let floor: CityFloorView | null;
      try {
        floor = hub.floor(hallId);
        // Run by another server of the city: asked of it now, then about once a second while watched.
        if (floor === null && this.deps.fetchFloor && !hub.runsHere(hallId)) floor = await this.deps.fetchFloor(hallId);
      } catch (err) {
        log.error({ err, hall: hallId }, 'city: floor view failed');
        return ack(error('INTERNAL_ERROR', '服务器内部错误', 'Internal server error'));
      }
      if (floor === null) {
        return hub.overview().halls.some((h) => h.id === hallId)
          ? ack(error('NO_DATA', '市平台尚无该大厅的数据', 'The city has nothing of this hall yet (it has not said hello, or is not running here)'))
          : ack(error('UNKNOWN_HALL', '没有这个大厅', `No member hall "${hallId}"`));
      }
      socket.data.watching = hallId;
      void socket.join(room(hallId));
      ack({ ok: true, data: floor });
    });

    // A (re)connected page starts from the whole picture; pushes go to the live sessions' room only.
    void socket.join(OVERVIEW_ROOM);
    socket.emit('city:overview', hub.overview());
    log.debug({ socket: socket.id, username: socket.data.username }, 'city: page connected');
  }

  /** Why this connection may no longer act (ending it if its session has just expired); null while it may. */
  private check(socket: CitySocket): SessionEndReason | null {
    if (!socket.data.ended && socket.data.expiresAt <= this.deps.clock.now()) this.end(socket, 'expired');
    return socket.data.ended ?? null;
  }

  private sessionsEnded(ended: SessionsEnded): void {
    if (ended.hallId !== this.deps.accounts.hallId || !this.ns) return;
    for (const socket of this.ns.sockets.values()) {
      if ('tokenHash' in ended ? socket.data.tokenHash === ended.tokenHash : socket.data.username === ended.username) this.end(socket, ended.reason);
    }
  }

  private end(socket: CitySocket, reason: SessionEndReason): void {
    if (socket.data.ended) return;
    socket.data.ended = reason;
    socket.data.watching = null;
    for (const r of socket.rooms) if (r !== socket.id) void socket.leave(r);
    socket.emit('session:ended', { code: 'SESSION_ENDED', reason, ...sessionEndedWords(reason) });
    const timer = setTimeout(() => socket.disconnect(true), ENDED_GRACE_MS);
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
  }

  /** Once a second: the overview if anything changed (every 15 s anyway), and sessions that expired. */
  private tick(): void {
    const ns = this.ns;
    if (!ns) return;
    try {
      this.deps.hub.syncLocal();
      // A hall that just went silent (or came back) is shown at once, not at the next 15 s refresh.
      this.deps.hub.checkLinks();
      for (const socket of ns.sockets.values()) this.check(socket);
      this.sinceRefresh += OVERVIEW_MIN_MS;
      const refresh = this.sinceRefresh >= OVERVIEW_REFRESH_MS;
      if (refresh) {
        this.sinceRefresh = 0;
        this.deps.hub.changedAll();
        // Waits on the floors grow too.
        for (const r of ns.adapter.rooms.keys()) if (r.startsWith('floor:')) this.floorsDue.add(r.slice('floor:'.length));
      }
      if (ns.sockets.size === 0 || !(refresh || this.deps.hub.stale)) return;
      ns.to(OVERVIEW_ROOM).emit('city:overview', this.deps.hub.overview());
    } catch (err) {
      this.deps.log.error({ err }, 'city: overview push failed');
    }
  }

  /** Twice a second at most: each watched hall that changed gets one new floor for all its watchers. */
  private pushFloors(): void {
    const ns = this.ns;
    if (!ns || this.floorsDue.size === 0) return;
    const due = [...this.floorsDue];
    this.floorsDue.clear();
    for (const hallId of due) {
      const watchers = ns.adapter.rooms.get(room(hallId));
      if (!watchers || watchers.size === 0) continue;
      try {
        const floor = this.deps.hub.floor(hallId);
        if (floor) ns.to(room(hallId)).emit('city:floor', floor);
      } catch (err) {
        this.deps.log.error({ err, hall: hallId }, 'city: floor push failed');
      }
    }
  }
}

function small(input: unknown): boolean {
  try {
    return input === undefined || JSON.stringify(input).length <= MAX_INPUT_BYTES;
  } catch {
    return false;
  }
}

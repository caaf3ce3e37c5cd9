import type { SessionsEnded } from '../app/auth-service';
import type { Clock } from '../app/ports';
import { LruMap } from '../app/rate-limiter';
import type { ErrorAck, SessionEndReason, SessionEndedNotice } from '../contracts';
import { sessionEndedWords } from '../contracts';
import type { Logger } from './logger';
import type { HallSocket } from './socket-types';

/** How long an ended connection stays open answering SESSION_ENDED to what it still sends, before it is closed. */
export const ENDED_GRACE_MS = 2_000;
/** Sessions (and accounts) whose end is remembered for connections still in their handshake. */
const REMEMBERED_ENDS = 10_000;

/** What a staff, supervisor or admin connection keeps of its session (never the token). */
export interface LiveSession {
  tokenHash: string;
  expiresAt: number;
  /** LiveSessions.mark() before the session was looked up: an end after it reaches this connection too. */
  mark: number;
  ended?: SessionEndReason | undefined;
}

export function sessionEndedAck(reason: SessionEndReason): ErrorAck {
  return { ok: false, code: 'SESSION_ENDED', ...sessionEndedWords(reason), details: { reason } };
}

/**
 * Every live connection of a staff, supervisor or admin session, so that the session's end ends them:
 * logout, a password reset, a role change, a disabled or removed account (told by AuthService), and expiry
 * (checked at each event and at every tick, with the server's clock). An ended connection is sent
 * `session:ended`, leaves every room at once (no more broadcasts), answers anything it still sends with
 * SESSION_ENDED and is closed ENDED_GRACE_MS later (at once if the client closes it first).
 */
export class LiveSessions {
  private readonly byHall = new Map<string, Set<HallSocket>>();
  private generation = 0;
  private readonly endedTokens = new LruMap<string, { mark: number; reason: SessionEndReason }>(REMEMBERED_ENDS);
  private readonly endedAccounts = new LruMap<string, { mark: number; reason: SessionEndReason }>(REMEMBERED_ENDS);

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly graceMs = ENDED_GRACE_MS,
  ) {}

  /** Taken before a handshake looks its session up: ends after it apply to that connection. */
  mark(): number {
    return this.generation;
  }

  /** How many live session connections (tests, health). */
  get size(): number {
    let n = 0;
    for (const set of this.byHall.values()) n += set.size;
    return n;
  }

  /** AuthService's listener. */
  readonly onEnded = (ended: SessionsEnded): void => {
    const mark = ++this.generation;
    if ('tokenHash' in ended) this.endedTokens.set(`${ended.hallId} ${ended.tokenHash}`, { mark, reason: ended.reason });
    else this.endedAccounts.set(`${ended.hallId} ${ended.username}`, { mark, reason: ended.reason });
    for (const socket of this.byHall.get(ended.hallId) ?? []) {
      const s = socket.data.session!;
      if ('tokenHash' in ended ? s.tokenHash === ended.tokenHash : socket.data.username === ended.username) this.end(socket, ended.reason);
    }
  };

  /**
   * Called on connection, before any handler: registers the connection, ends it at once if its session ended
   * during the handshake, and refuses every event once it has ended or expired.
   */
  attach(socket: HallSocket): void {
    const session = socket.data.session;
    if (!session) return;
    const hallId = socket.data.hallId;
    let set = this.byHall.get(hallId);
    if (!set) this.byHall.set(hallId, (set = new Set()));
    set.add(socket);
    socket.once('disconnect', () => set.delete(socket));
    socket.use(([, ...args], next) => {
      const reason = this.check(socket);
      if (!reason) return next();
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (a: ErrorAck) => void)(sessionEndedAck(reason));
    });
    const raced = this.endedTokens.peek(`${hallId} ${session.tokenHash}`) ?? this.endedAccounts.peek(`${hallId} ${socket.data.username}`);
    if (raced && raced.mark > session.mark) this.end(socket, raced.reason);
  }

  /** Why this connection may no longer act, ending it if its session has just expired; null while it may. */
  check(socket: HallSocket): SessionEndReason | null {
    const session = socket.data.session;
    if (!session) return null;
    if (!session.ended && session.expiresAt <= this.clock.now()) this.expire(socket.data.hallId, session.tokenHash);
    return session.ended ?? null;
  }

  /** The periodic tick: ends every connection whose session has expired, without waiting for it to send. */
  sweep(): void {
    const now = this.clock.now();
    for (const [hallId, set] of this.byHall) {
      for (const socket of [...set]) {
        const s = socket.data.session!;
        if (!s.ended && s.expiresAt <= now) this.expire(hallId, s.tokenHash);
      }
    }
  }

  private expire(hallId: string, tokenHash: string): void {
    for (const socket of [...(this.byHall.get(hallId) ?? [])]) {
      if (socket.data.session!.tokenHash === tokenHash) this.end(socket, 'expired');
    }
  }

  private end(socket: HallSocket, reason: SessionEndReason): void {
    const session = socket.data.session!;
    if (session.ended) return;
    session.ended = reason;
    for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
    const notice: SessionEndedNotice = { code: 'SESSION_ENDED', reason, ...sessionEndedWords(reason), at: this.clock.now() };
    socket.emit('session:ended', notice);
    this.log.info({ socket: socket.id, actor: socket.data.actor.id, hall: socket.data.hallId, reason }, 'session ended: connection closing');
    const timer = setTimeout(() => socket.disconnect(true), this.graceMs);
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
  }
}

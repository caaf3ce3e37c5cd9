import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import type { Ack, HallLinkState, HallSnapshot, KioskClientEvents, KioskProblem, QueueUpdate, ServerEvents } from '../contracts';
import { kioskProblem } from './kiosk-problems';

export interface HallLinkOptions {
  /** The hall server, e.g. http://10.0.0.2:8080. */
  url: string;
  hallId: string;
  deviceId: string;
  deviceKey: string;
  /** The CA (PEM) of an https:// hall whose certificate is not from a public CA (wss:// is checked against it). */
  ca?: string | null | undefined;
  /** How long to wait for an acknowledgement. */
  requestTimeoutMs?: number;
  /** After the hall refused the device key, try again this much later (someone may fix the config). */
  refusedRetryMs?: number;
}

export interface HallLinkEvents {
  state: [state: HallLinkState];
  snapshot: [snapshot: HallSnapshot];
}

type KioskSocket = Socket<ServerEvents, KioskClientEvents>;
type AckOf<E extends keyof KioskClientEvents> = Parameters<KioskClientEvents[E]>[1] extends (ack: infer A) => void ? A : never;
type PayloadOf<E extends keyof KioskClientEvents> = Parameters<KioskClientEvents[E]>[0];

export const DEFAULT_REQUEST_TIMEOUT_MS = 6000;

/**
 * The kiosk's one connection to the hall, as a device with its key. Keeps the latest snapshot (categories,
 * queues, priority classes, time zone) current, reconnects for ever, and never queues a request while
 * off line: a ticket must not appear later when the citizen has walked away.
 */
export class HallLink extends EventEmitter<HallLinkEvents> {
  private readonly socket: KioskSocket;
  private current: HallLinkState = 'connecting';
  private latest: HallSnapshot | null = null;
  private lastProblem: KioskProblem | null = null;
  private lastReason: string | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: HallLinkOptions) {
    super();
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.socket = io(options.url, {
      auth: { hallId: options.hallId, deviceId: options.deviceId, deviceKey: options.deviceKey },
      transports: ['websocket'],
      ...(options.ca ? { ca: options.ca } : {}),
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      timeout: 5000,
    });
    this.socket.on('connect', () => this.setState('connected', null, null));
    this.socket.on('disconnect', (reason) => this.setState('unreachable', kioskProblem('HALL_UNREACHABLE'), `disconnected: ${reason}`));
    this.socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string; messageEn?: string } }) => {
      const data = error.data;
      // The hall refused us (wrong key, unknown hall): say why; socket.io does not retry those by itself.
      const problem = data?.code && data.message && data.messageEn ? { code: data.code, message: data.message, messageEn: data.messageEn } : kioskProblem('HALL_UNREACHABLE');
      this.setState('unreachable', problem, error.message);
      if (!this.socket.active && !this.closed) {
        clearTimeout(this.retry);
        // A hall between two servers (failover) is back within seconds; a refusal is retried slowly.
        const wait = data?.code === 'HALL_UNAVAILABLE' ? 2000 : (options.refusedRetryMs ?? 10_000);
        this.retry = setTimeout(() => this.socket.connect(), wait);
      }
    });
    this.socket.on('hall:snapshot', (snapshot) => {
      this.latest = snapshot;
      this.emit('snapshot', snapshot);
    });
    this.socket.on('queue:changed', (update) => this.applyQueues(update));
  }

  get state(): HallLinkState {
    return this.current;
  }

  get problem(): KioskProblem | null {
    return this.lastProblem;
  }

  /** The technical cause of the last failure (socket.io's words), for logs, not for citizens. */
  get reason(): string | null {
    return this.lastReason;
  }

  get snapshot(): HallSnapshot | null {
    return this.latest;
  }

  get url(): string {
    return this.options.url;
  }

  /** Resolves true once connected with a snapshot, false after `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean> {
    if (this.current === 'connected' && this.latest) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.off('snapshot', onSnapshot);
        resolve(value);
      };
      const onSnapshot = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.on('snapshot', onSnapshot);
    });
  }

  /**
   * Sends one event and waits for its acknowledgement. Never rejects: off line gives HALL_UNREACHABLE at
   * once (nothing sent), no answer in time gives HALL_NO_ANSWER (the hall may or may not have acted; a
   * retry with the same request id settles it).
   */
  async request<E extends keyof KioskClientEvents>(event: E, payload: PayloadOf<E>, timeoutMs = this.requestTimeoutMs): Promise<AckOf<E>> {
    if (!this.socket.connected) return { ok: false, ...(this.lastProblem ?? kioskProblem('HALL_UNREACHABLE')) } as AckOf<E>;
    const emitter = this.socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<Ack<unknown>> };
    try {
      return (await emitter.emitWithAck(event, payload)) as AckOf<E>;
    } catch {
      return { ok: false, ...kioskProblem('HALL_NO_ANSWER') } as AckOf<E>;
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.socket.close();
    this.setState('unreachable', kioskProblem('HALL_UNREACHABLE'), 'closed');
  }

  private applyQueues(update: QueueUpdate): void {
    const snapshot = this.latest;
    // A summary older than the snapshot would roll the kiosk's numbers back.
    if (!snapshot || update.seq < snapshot.seq) return;
    const byId = new Map(update.queues.map((q) => [q.categoryId, q]));
    this.latest = { ...snapshot, seq: update.seq, queues: snapshot.queues.map((q) => byId.get(q.categoryId) ?? q) };
  }

  private setState(state: HallLinkState, problem: KioskProblem | null, reason: string | null): void {
    const changed = state !== this.current || problem?.code !== this.lastProblem?.code;
    this.current = state;
    this.lastProblem = problem;
    this.lastReason = reason;
    if (changed) this.emit('state', state);
  }
}

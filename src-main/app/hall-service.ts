import type { HallConfig } from '../contracts';
import type { CompiledRules, HallCommand, HallEvent, HallState, Refusal, Ticket } from '../domain';
import { compileRules, decide, evolve, needsRollover, restoreState, touchedBy } from '../domain';
import { rulesFromConfig } from './config-rules';
import type { Actor, CallRecord, Clock, CommitBatch, HallStore, StoredEvent } from './ports';
import { SYSTEM } from './ports';
import type { HallLabels } from './views';

const RECENT_CALLS = 30;

export interface Failure {
  code: string;
  message: string;
  messageEn: string;
  details?: Record<string, string | number> | undefined;
}

export type Outcome<T> = { ok: true; data: T; replayed: boolean } | { ok: false; failure: Failure };

export interface Committed {
  hallId: string;
  /** Sequence number of the last event in this commit. */
  seq: number;
  events: StoredEvent[];
  ticketIds: string[];
  windowIds: number[];
}

export interface PresentInput {
  events: readonly HallEvent[];
  now: number;
}

export interface ExecuteOptions<T> {
  /** Client request id: a retry with the same id (from the same actor) returns the first result. */
  requestId?: string | undefined;
  /** Builds the acknowledgement from the state after the command; stored with the request id. */
  present: (input: PresentInput) => T;
}

export class StorageFailure extends Error {
  constructor(override readonly cause: unknown) {
    super(`storage failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export function failureOf(refusal: Refusal): Failure {
  return { code: refusal.code, message: refusal.message, messageEn: refusal.messageEn, details: refusal.details };
}

export const STORAGE_FAILED: Failure = {
  code: 'STORAGE_FAILED',
  message: '系统存储故障，操作未生效，请重试',
  messageEn: 'Storage failed; nothing was changed, please retry',
};

/**
 * One hall's queue: load → decide → evolve → persist → publish, one command at a time. Commands run
 * strictly in sequence, so two windows calling at the same instant can never get the same ticket, and a
 * result is acknowledged only after its transaction is durable.
 */
export class HallService {
  readonly rules: CompiledRules;
  readonly labels: HallLabels;
  state: HallState;
  seq: number;
  recentCalls: CallRecord[];
  private tail: Promise<unknown> = Promise.resolve();
  private byToken = new Map<string, string>();
  private listeners = new Set<(c: Committed) => void>();

  private constructor(
    readonly config: HallConfig,
    private readonly store: HallStore,
    readonly clock: Clock,
    staffNames: ReadonlyMap<string, string>,
    rules: CompiledRules,
    state: HallState,
    seq: number,
    recentCalls: CallRecord[],
  ) {
    this.rules = rules;
    this.labels = { config, staffNames };
    this.state = state;
    this.seq = seq;
    this.recentCalls = recentCalls;
    this.indexTokens();
  }

  private indexTokens(): void {
    this.byToken.clear();
    for (const t of this.state.tickets.values()) this.byToken.set(t.token, t.id);
  }

  /** The ticket behind a live-page token, if it is still in today's queue. */
  findByToken(token: string): Ticket | undefined {
    const id = this.byToken.get(token);
    const t = id ? this.state.tickets.get(id) : undefined;
    if (id && !t) this.byToken.delete(token);
    return t;
  }

  get hallId(): string {
    return this.config.id;
  }

  static async open(config: HallConfig, store: HallStore, clock: Clock, staffNames: ReadonlyMap<string, string> = new Map()): Promise<HallService> {
    const rules = compileRules(rulesFromConfig(config));
    const loaded = await store.loadHall(config.id, rules.queue.serviceSamples);
    const state = restoreState(rules, loaded);
    const service = new HallService(config, store, clock, staffNames, rules, state, loaded.lastSeq, loaded.recentCalls);
    await service.rolloverIfDue();
    return service;
  }

  onCommit(listener: (c: Committed) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the previous service day if the clock has moved past it (called by a timer and before commands). */
  rolloverIfDue(): Promise<void> {
    return this.serial(async () => {
      await this.rolloverInside(this.clock.now());
    });
  }

  execute<T>(cmd: HallCommand, actor: Actor, options: ExecuteOptions<T>): Promise<Outcome<T>> {
    return this.serial(async (): Promise<Outcome<T>> => {
      const actorKey = `${actor.kind}:${actor.id}`;
      if (options.requestId) {
        const previous = await this.store.findRequestResult(this.hallId, actorKey, options.requestId);
        if (previous !== undefined && previous !== null) return { ok: true, data: previous as T, replayed: true };
      }
      const now = this.clock.now();
      if (cmd.type !== 'CloseDay') await this.rolloverInside(now);
      const decision = decide(cmd, this.state, { now, rules: this.rules });
      if (!decision.ok) return { ok: false, failure: failureOf(decision.refusal) };
      let data: T | undefined;
      const ok = await this.apply(decision.events, actor, options.requestId ?? null, (events) => {
        data = options.present({ events, now });
        return options.requestId ? { actorKey, requestId: options.requestId, result: data } : null;
      });
      if (!ok) return { ok: false, failure: STORAGE_FAILED };
      return { ok: true, data: data as T, replayed: false };
    });
  }

  private async rolloverInside(now: number): Promise<void> {
    const ctx = { now, rules: this.rules };
    if (!needsRollover(this.state, ctx)) return;
    const decision = decide({ type: 'CloseDay' }, this.state, ctx);
    if (decision.ok && decision.events.length > 0) {
      const ok = await this.apply(decision.events, SYSTEM, null, () => null);
      if (!ok) throw new StorageFailure('day rollover could not be stored');
    }
  }

  /** Evolves, then commits the touched rows and the events in one transaction; reloads on failure. */
  private async apply(
    events: readonly HallEvent[],
    actor: Actor,
    requestId: string | null,
    request: (events: readonly HallEvent[]) => CommitBatch['request'],
  ): Promise<boolean> {
    if (events.length === 0) {
      // Nothing changed (e.g. signing in again at one's own window): still keep the answer for retries.
      const req = request(events);
      if (req) await this.commitOrReload({ hallId: this.hallId, at: this.clock.now(), serviceDay: this.state.serviceDay, events: [], tickets: [], windows: [], request: req });
      return true;
    }
    const stored: StoredEvent[] = [];
    const ticketIds = new Set<string>();
    const windowIds = new Set<number>();
    let seq = this.seq;
    for (const event of events) {
      const touched = touchedBy(event);
      touched.ticketIds.forEach((id) => ticketIds.add(id));
      touched.windowIds.forEach((id) => windowIds.add(id));
      stored.push({ hallId: this.hallId, seq: ++seq, at: event.at, actor, requestId, event });
    }
    // Rows are read before evolve for tickets a DayClosed drops from memory.
    const expiring = new Map(events.flatMap((e) => (e.type === 'DayClosed' ? e.expiredTicketIds : [])).map((id) => [id, this.state.tickets.get(id)]));
    for (const event of events) evolve(this.state, event);
    const tickets = [...ticketIds].map((id) => this.state.tickets.get(id) ?? expiring.get(id)).filter((t) => t !== undefined);
    const windows = [...windowIds].map((id) => this.state.windows.get(id)).filter((w) => w !== undefined);
    const ok = await this.commitOrReload({
      hallId: this.hallId,
      at: events.at(-1)?.at ?? this.clock.now(),
      serviceDay: this.state.serviceDay,
      events: stored,
      tickets,
      windows,
      request: request(events),
    });
    if (!ok) return false;
    this.seq = seq;
    for (const s of stored) {
      if (s.event.type === 'DayClosed') this.recentCalls = [];
      if (s.event.type === 'TicketIssued') this.byToken.set(s.event.ticket.token, s.event.ticket.id);
      if (s.event.type === 'TicketCalled' || s.event.type === 'TicketRecalled') {
        this.recentCalls.unshift({
          seq: s.seq,
          ticketId: s.event.ticketId,
          windowId: s.event.windowId,
          callCount: s.event.callCount,
          recall: s.event.type === 'TicketRecalled',
          at: s.at,
        });
      }
    }
    if (this.recentCalls.length > RECENT_CALLS) this.recentCalls.length = RECENT_CALLS;
    const committed: Committed = { hallId: this.hallId, seq, events: stored, ticketIds: [...ticketIds], windowIds: [...windowIds] };
    for (const listener of this.listeners) listener(committed);
    return true;
  }

  private async commitOrReload(batch: CommitBatch): Promise<boolean> {
    try {
      await this.store.commit(batch);
      return true;
    } catch (err) {
      // Memory may be ahead of disk now: disk is the truth, so rebuild from it.
      const loaded = await this.store.loadHall(this.hallId, this.rules.queue.serviceSamples);
      this.state = restoreState(this.rules, loaded);
      this.seq = loaded.lastSeq;
      this.recentCalls = loaded.recentCalls;
      this.indexTokens();
      this.lastError = err;
      return false;
    }
  }

  /** The last storage error, for logs. */
  lastError: unknown = null;

  /** Resolves once every command accepted so far has finished. */
  async drain(): Promise<void> {
    await this.tail;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

import type { HallConfig } from '../contracts';
import type { Booking, CompiledRules, HallCommand, HallEvent, HallState, RatingCase, Refusal, Ticket } from '../domain';
import { CLOSED_CASE_KEPT_MS, compileRules, decide, evolve, localTime, needsRollover, restoreState, ticketForRating, touchedBy } from '../domain';
import { rulesFromConfig } from './config-rules';
import { adoptRules, reconfigureRefusal } from './reconfigure';
import type { Actor, CallRecord, Clock, HallStore, LoadedHall, StoredEvent } from './ports';
import { isHallMoved } from './hall-moved';
import { REQUEST_MEMORY_MS, SYSTEM } from './ports';

export { REQUEST_MEMORY_MS };
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
  /**
   * Who may see the first result again, when not the actor: a citizen's actor is new for every booking or
   * ticket (the log must not link a citizen's requests), so a retry is matched by its ID hash instead.
   */
  requestScope?: string | undefined;
  /** Builds the acknowledgement from the state after the command; stored with the request id. */
  present: (input: PresentInput) => T;
}

export function failureOf(refusal: Refusal): Failure {
  return { code: refusal.code, message: refusal.message, messageEn: refusal.messageEn, details: refusal.details };
}

export const REQUEST_ID_REUSED: Failure = {
  code: 'REQUEST_ID_REUSED',
  message: '请求编号已用于另一项操作，操作未执行',
  messageEn: 'This requestId was already used for another action; nothing was done (use a new id for each action)',
};

interface RememberedRequest {
  at: number;
  result: unknown;
  command: string;
}

export const STORAGE_FAILED: Failure = {
  code: 'STORAGE_FAILED',
  message: '系统存储故障，操作未生效，请重试',
  messageEn: 'Storage failed; nothing was changed, please retry',
};

/** This server no longer runs the hall (another took it over): the client reconnects and retries. */
export const MIRROR_ONLY: Failure = {
  code: 'MIRROR_ONLY',
  message: '该大厅由其所在的服务器运行，此处只能查看',
  messageEn: 'This hall is run by its own server; here it can only be watched',
};

/** What became of a batch of events uploaded by a linked hall (appendMirrored). */
export type MirrorOutcome =
  | { ok: true; lastSeq: number }
  | { ok: false; code: 'GAP'; expected: number }
  | { ok: false; code: 'STORAGE_FAILED' | 'INVALID_EVENT'; message: string };

export const HALL_MOVED: Failure = {
  code: 'HALL_MOVED',
  message: '本大厅已转由另一台服务器运行，操作未生效，请重试',
  messageEn: 'This hall is now run by another server; nothing was changed, please retry',
};

/**
 * One hall's queue: load → decide → evolve → persist → publish. Commands are decided strictly one after
 * another against the latest state, so two windows calling at the same instant can never get the same
 * ticket. Commands that arrive together are written in one durable transaction (group commit) and
 * acknowledged only after it is on disk; a failed write fails them all and memory is rebuilt from disk.
 */
export class HallService {
  /** Replaced (never mutated) by reconfigure(). */
  rules: CompiledRules;
  labels: HallLabels;
  state: HallState;
  seq: number;
  recentCalls: CallRecord[];
  /** The last storage error, for logs. */
  lastError: unknown = null;
  /** Set once a commit found the hall taken over by another server: every later command is refused. */
  retired = false;
  /** Memory is ahead of the store and could not be reloaded yet (the store was unreachable). */
  private stale = false;
  /**
   * A linked hall's copy at the city (openMirror): its events come from the hall's uploads, in the hall's
   * own sequence, and nothing here decides anything (no commands, no day rollover).
   */
  mirror = false;
  private retiredListeners = new Set<() => void>();
  private queue: Job[] = [];
  private running: Promise<void> | null = null;
  private listeners = new Set<(c: Committed) => void>();
  private byToken = new Map<string, string>();
  /** A rated ticket's page token → its case, for the citizen's page after the ticket left memory. */
  private caseByToken = new Map<string, string>();
  /** Durable request results of the last REQUEST_MEMORY_MS, by "actor requestId", oldest first. */
  private requests = new Map<string, RememberedRequest>();

  private constructor(
    public config: HallConfig,
    private readonly store: HallStore,
    readonly clock: Clock,
    staffNames: ReadonlyMap<string, string>,
    rules: CompiledRules,
    loaded: LoadedHall,
  ) {
    this.rules = rules;
    this.labels = { config, staffNames };
    this.state = restoreState(rules, loaded);
    this.seq = loaded.lastSeq;
    this.recentCalls = loaded.recentCalls;
    this.indexTokens();
  }

  /** Whether this actor's request id has an answer kept here (six hours): other keepers of answers refuse to reuse it. */
  answeredRequest(actorKey: string, requestId: string): boolean {
    return this.requests.has(`${actorKey} ${requestId}`);
  }

  get hallId(): string {
    return this.config.id;
  }

  static async open(config: HallConfig, store: HallStore, clock: Clock, staffNames: ReadonlyMap<string, string> = new Map()): Promise<HallService> {
    const rules = compileRules(rulesFromConfig(config));
    const loaded = await store.loadHall(config.id, rules.queue.serviceSamples, bookingsSince(rules, clock.now()), rateableSince(rules, clock.now()), clock.now() - CLOSED_CASE_KEPT_MS);
    const service = new HallService(config, store, clock, staffNames, rules, loaded);
    await service.loadRequests();
    await service.rolloverIfDue();
    return service;
  }

  /**
   * A linked hall as the city keeps it: the state is the hall's own, folded from its uploaded events by the
   * same evolve and written through the same store, so statistics and views are those of the hall.
   */
  static async openMirror(config: HallConfig, store: HallStore, clock: Clock, staffNames: ReadonlyMap<string, string> = new Map()): Promise<HallService> {
    const rules = compileRules(rulesFromConfig(config));
    const loaded = await store.loadHall(config.id, rules.queue.serviceSamples, bookingsSince(rules, clock.now()), rateableSince(rules, clock.now()), clock.now() - CLOSED_CASE_KEPT_MS);
    const service = new HallService(config, store, clock, staffNames, rules, loaded);
    service.mirror = true;
    return service;
  }

  /**
   * Appends events the linked hall uploaded, in its sequence: those already stored are skipped (a resent
   * batch changes nothing), a batch that would leave a gap is refused with the sequence expected.
   */
  appendMirrored(events: readonly StoredEvent[]): Promise<MirrorOutcome> {
    if (!this.mirror) throw new Error('appendMirrored is for a mirror hall (HallService.openMirror)');
    return new Promise((resolve) => this.enqueue({ kind: 'mirror', events, done: resolve }));
  }

  /** Called once when a commit finds that another server took the hall over. */
  onRetired(listener: () => void): () => void {
    this.retiredListeners.add(listener);
    return () => this.retiredListeners.delete(listener);
  }

  onCommit(listener: (c: Committed) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The ticket behind a live-page token, if it is still in today's queue or may still be rated. */
  findByToken(token: string): Ticket | undefined {
    const id = this.byToken.get(token);
    const t = id ? ticketForRating(this.state, id) : undefined;
    if (id && !t) this.byToken.delete(token);
    return t;
  }

  /** The case of a rated ticket by the ticket's page token, while the case is in memory (open, or closed lately). */
  findCaseByToken(token: string): RatingCase | undefined {
    const id = this.caseByToken.get(token);
    const c = id ? this.state.cases.get(id) : undefined;
    if (id && !c) this.caseByToken.delete(token);
    return c;
  }

  /** Closes the previous service day if the clock has moved past it (called by a timer and before commands). */
  rolloverIfDue(): Promise<void> {
    if (this.mirror) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.enqueue({ kind: 'rollover', done: (ok) => (ok ? resolve() : reject(new Error(`day rollover could not be stored: ${String(this.lastError)}`))) });
    });
  }

  execute<T>(cmd: HallCommand, actor: Actor, options: ExecuteOptions<T>): Promise<Outcome<T>> {
    if (this.mirror) return Promise.resolve({ ok: false, failure: MIRROR_ONLY });
    return new Promise((resolve) => {
      this.enqueue({ kind: 'command', cmd, actor, options: options as ExecuteOptions<unknown>, done: resolve as (o: Outcome<unknown>) => void });
    });
  }

  /**
   * Takes a changed hall config without a restart: the rules are recompiled, the queue (tickets, windows,
   * numbering) is kept. Refused, changing nothing, if an open window or a category with open tickets would
   * disappear. Runs between batches, so no command is ever decided half under the old rules.
   */
  async reconfigure(config: HallConfig, staffNames: ReadonlyMap<string, string>): Promise<Failure | null> {
    if (config.id !== this.config.id) {
      return { code: 'HALL_ID_CHANGED', message: '大厅编号不能在运行中修改', messageEn: `The hall id cannot change while running (${this.config.id} → ${config.id})` };
    }
    const rules = compileRules(rulesFromConfig(config));
    await this.drain();
    const refusal = reconfigureRefusal(this.state, rules);
    if (refusal) return refusal;
    adoptRules(this.state, rules);
    this.config = config;
    this.rules = rules;
    this.labels = { config, staffNames };
    return null;
  }

  /** Resolves once every command accepted so far has been written and answered. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private enqueue(job: Job): void {
    this.queue.push(job);
    this.startRunner();
  }

  private startRunner(): void {
    // setImmediate lets every message already read from the network join this batch.
    this.running ??= new Promise<void>((resolve) => setImmediate(() => void this.runQueue().finally(resolve)));
  }

  private async runQueue(): Promise<void> {
    while (this.queue.length > 0) await this.runBatch(this.queue.splice(0, MAX_BATCH));
    this.running = null;
  }

  private async runBatch(jobs: Job[]): Promise<void> {
    // A hall given up answers nothing but HALL_MOVED; memory that could not be reloaded is reloaded first.
    if (this.retired || (this.stale && !(await this.tryReload()))) {
      const failure = this.retired ? HALL_MOVED : STORAGE_FAILED;
      for (const job of jobs) {
        if (job.kind === 'rollover') job.done(false);
        else if (job.kind === 'mirror') job.done({ ok: false, code: 'STORAGE_FAILED', message: failure.messageEn });
        else job.done({ ok: false, failure });
      }
      return;
    }
    const batch = new PendingBatch(this.hallId, this.seq);
    const outcomes: Array<Outcome<unknown> | MirrorOutcome | boolean> = [];
    try {
      for (const job of jobs) {
        const now = this.clock.now();
        if (job.kind === 'rollover') {
          this.rollover(batch, now);
          this.sweepBookings(batch, now);
          outcomes.push(true);
        } else if (job.kind === 'mirror') {
          outcomes.push(this.applyUploaded(batch, job.events));
        } else {
          const decided: Outcome<unknown> = await this.decideOne(job, batch, now);
          outcomes.push(decided);
        }
      }
      if (!batch.isEmpty()) await this.commit(batch);
    } catch (err) {
      // A bug while deciding or presenting (or an uploaded event evolve cannot take): nothing of this batch
      // is written, memory comes back from disk.
      batch.failed = true;
      this.lastError = err;
      await this.tryReload();
    }
    const failure = this.retired ? HALL_MOVED : STORAGE_FAILED;
    jobs.forEach((job, i) => {
      const outcome = outcomes[i];
      if (job.kind === 'rollover') {
        job.done(!batch.failed);
      } else if (job.kind === 'mirror') {
        const written = outcome as MirrorOutcome | undefined;
        if (!batch.failed && written) job.done(written);
        else if (written === undefined) job.done({ ok: false, code: 'INVALID_EVENT', message: `the events could not be applied: ${String(this.lastError)}` });
        else job.done({ ok: false, code: 'STORAGE_FAILED', message: `the events could not be stored: ${String(this.lastError)}` });
      } else if (batch.failed && !(typeof outcome === 'object' && outcome.ok && batch.durableReplays.has(outcome as Outcome<unknown>))) {
        job.done({ ok: false, failure });
      } else {
        job.done(outcome as Outcome<unknown>);
      }
    });
  }

  private async decideOne(job: CommandJob, batch: PendingBatch, now: number): Promise<Outcome<unknown>> {
    const { cmd, actor, options } = job;
    const actorKey = options.requestScope ?? `${actor.kind}:${actor.id}`;
    if (options.requestId) {
      const key = `${actorKey} ${options.requestId}`;
      const inBatch = batch.requests.get(key);
      if (inBatch) return inBatch.command === cmd.type ? { ok: true, data: inBatch.result, replayed: true } : { ok: false, failure: REQUEST_ID_REUSED };
      const previous = this.requests.get(key);
      if (previous) {
        // The same id for another command is a client bug: answering the old result would say "done" to it.
        if (previous.command !== '' && previous.command !== cmd.type) return { ok: false, failure: REQUEST_ID_REUSED };
        const replay: Outcome<unknown> = { ok: true, data: previous.result, replayed: true };
        batch.durableReplays.add(replay);
        return replay;
      }
    }
    if (cmd.type !== 'CloseDay') this.rollover(batch, now);
    const decision = decide(cmd, this.state, { now, rules: this.rules });
    if (!decision.ok) return { ok: false, failure: failureOf(decision.refusal) };
    this.applyEvents(batch, decision.events, actor, options.requestId ?? null, options.requestScope);
    const data = options.present({ events: decision.events, now });
    if (options.requestId) {
      batch.requests.set(`${actorKey} ${options.requestId}`, { result: data, at: now, command: cmd.type });
      // Stored with the command's last event; a command that changed nothing has nothing to store.
      const last = batch.events.at(-1);
      if (decision.events.length > 0 && last) {
        last.result = data;
        last.command = cmd.type;
      }
    }
    return { ok: true, data, replayed: false };
  }

  /** A mirror's batch: events after the stored ones, applied as the hall applied them. */
  private applyUploaded(batch: PendingBatch, events: readonly StoredEvent[]): MirrorOutcome {
    const fresh = events.filter((e) => e.seq > batch.seq);
    const first = fresh[0];
    if (!first) return { ok: true, lastSeq: batch.seq };
    if (first.seq !== batch.seq + 1) return { ok: false, code: 'GAP', expected: batch.seq + 1 };
    for (const stored of fresh) {
      if (stored.seq !== batch.seq + 1) return { ok: false, code: 'GAP', expected: batch.seq + 1 };
      this.applyEvent(batch, stored.event, { hallId: this.hallId, seq: stored.seq, at: stored.at, actor: stored.actor, requestId: null, event: stored.event });
    }
    return { ok: true, lastSeq: batch.seq };
  }

  private rollover(batch: PendingBatch, now: number): void {
    const ctx = { now, rules: this.rules };
    if (!needsRollover(this.state, ctx)) return;
    // Yesterday's unkept bookings become no-shows before the day closes and memory lets go of it.
    this.sweepBookings(batch, now);
    const decision = decide({ type: 'CloseDay' }, this.state, ctx);
    if (decision.ok) this.applyEvents(batch, decision.events, SYSTEM, null);
  }

  /** Bookings whose slot ended without a check-in become no-shows; those about to start get a reminder. */
  private sweepBookings(batch: PendingBatch, now: number): void {
    const decision = decide({ type: 'SweepBookings' }, this.state, { now, rules: this.rules });
    if (decision.ok && decision.events.length > 0) this.applyEvents(batch, decision.events, SYSTEM, null);
  }

  private applyEvents(batch: PendingBatch, events: readonly HallEvent[], actor: Actor, requestId: string | null, requestScope?: string): void {
    for (const event of events) {
      this.applyEvent(batch, event, { hallId: this.hallId, seq: batch.seq + 1, at: event.at, actor, requestId, ...(requestScope ? { requestScope } : {}), event });
    }
  }

  private applyEvent(batch: PendingBatch, event: HallEvent, stored: StoredEvent): void {
    const touched = touchedBy(event);
    for (const id of touched.ticketIds) {
      // Keep the object itself: a closed day drops expired tickets from the map but they must be written.
      const t = ticketForRating(this.state, id);
      if (t) batch.tickets.set(id, t);
    }
    evolve(this.state, event);
    for (const id of touched.caseIds ?? []) {
      // After evolve: CaseOpened creates the case. Closed cases stay in the map until the day closes.
      const c = this.state.cases.get(id);
      if (c) batch.cases.set(id, c);
    }
    if (event.type === 'TicketIssued') {
      batch.tickets.set(event.ticket.id, this.state.tickets.get(event.ticket.id)!);
      batch.newTicketIds.add(event.ticket.id);
    }
    for (const id of touched.windowIds) batch.windows.add(id);
    for (const id of touched.bookingIds ?? []) {
      const b = this.state.book.bookings.get(id);
      if (b) batch.bookings.set(id, b);
    }
    batch.seq = stored.seq;
    batch.events.push(stored);
  }

  private async commit(batch: PendingBatch): Promise<void> {
    try {
      await this.store.commit({
        hallId: this.hallId,
        at: batch.events.at(-1)?.at ?? this.clock.now(),
        serviceDay: this.state.serviceDay,
        events: batch.events,
        tickets: [...batch.tickets.values()],
        cases: [...batch.cases.values()],
        newTicketIds: batch.newTicketIds,
        bookings: [...batch.bookings.values()],
        windows: [...batch.windows].map((id) => this.state.windows.get(id)!).filter(Boolean),
      });
    } catch (err) {
      batch.failed = true;
      this.lastError = err;
      if (isHallMoved(err)) {
        // Another server holds the hall now: its store is the truth and this memory must never be written.
        this.retire();
        return;
      }
      // Memory is ahead of disk now; disk is the truth, so rebuild from it.
      await this.tryReload();
      return;
    }
    this.seq = batch.seq;
    for (const [key, r] of batch.requests) this.requests.set(key, r);
    this.forgetOldRequests(this.clock.now());
    this.remember(batch.events);
    if (batch.events.length === 0) return;
    const committed: Committed = {
      hallId: this.hallId,
      seq: batch.seq,
      events: batch.events,
      ticketIds: [...batch.tickets.keys()],
      windowIds: [...batch.windows],
    };
    for (const listener of this.listeners) listener(committed);
  }

  private remember(events: readonly StoredEvent[]): void {
    for (const s of events) {
      const e = s.event;
      if (e.type === 'DayClosed') this.recentCalls = [];
      if (e.type === 'TicketIssued') this.byToken.set(e.ticket.token, e.ticket.id);
      if (e.type === 'CaseOpened' && e.case.token) this.caseByToken.set(e.case.token, e.case.id);
      if (e.type === 'TicketCalled' || e.type === 'TicketRecalled') {
        this.recentCalls.unshift({ seq: s.seq, ticketId: e.ticketId, windowId: e.windowId, callCount: e.callCount, recall: e.type === 'TicketRecalled', at: s.at });
      }
    }
    if (this.recentCalls.length > RECENT_CALLS) this.recentCalls.length = RECENT_CALLS;
  }

  private async loadRequests(): Promise<void> {
    this.requests.clear();
    for (const r of await this.store.loadRecentRequests(this.hallId, this.clock.now() - REQUEST_MEMORY_MS)) {
      this.requests.set(`${r.actorKey} ${r.requestId}`, { at: r.at, result: r.result, command: r.command });
    }
  }

  /** Forgets request results older than the retry window; Map order is insertion (= time) order. */
  private forgetOldRequests(now: number): void {
    for (const [key, r] of this.requests) {
      if (r.at >= now - REQUEST_MEMORY_MS) break;
      this.requests.delete(key);
    }
  }

  private retire(): void {
    if (this.retired) return;
    this.retired = true;
    for (const listener of this.retiredListeners) listener();
  }

  /** Reloads from the store; if the store cannot be read either, the next batch tries again first. */
  private async tryReload(): Promise<boolean> {
    try {
      await this.reload();
      this.stale = false;
      return true;
    } catch (err) {
      this.lastError = err;
      this.stale = true;
      return false;
    }
  }

  private async reload(): Promise<void> {
    const loaded = await this.store.loadHall(this.hallId, this.rules.queue.serviceSamples, bookingsSince(this.rules, this.clock.now()), rateableSince(this.rules, this.clock.now()), this.clock.now() - CLOSED_CASE_KEPT_MS);
    this.state = restoreState(this.rules, loaded);
    this.seq = loaded.lastSeq;
    this.recentCalls = loaded.recentCalls;
    this.indexTokens();
    await this.loadRequests();
  }

  private indexTokens(): void {
    this.byToken.clear();
    for (const t of this.state.tickets.values()) this.byToken.set(t.token, t.id);
    for (const t of this.state.rateable.values()) this.byToken.set(t.token, t.id);
    this.caseByToken.clear();
    for (const c of this.state.cases.values()) if (c.token) this.caseByToken.set(c.token, c.id);
  }
}

const MAX_BATCH = 512;

/** Bookings are loaded back as far as no-shows still count as strikes. */
function bookingsSince(rules: CompiledRules, now: number): string {
  return localTime(now - rules.booking.strikes.windowDays * 86_400_000, rules.timeZone).day;
}

/** Finished tickets are loaded back as far as a rating is still accepted. */
function rateableSince(rules: CompiledRules, now: number): string {
  return localTime(now - rules.evaluation.acceptHours * 3_600_000, rules.timeZone).day;
}

interface CommandJob {
  kind: 'command';
  cmd: HallCommand;
  actor: Actor;
  options: ExecuteOptions<unknown>;
  done: (outcome: Outcome<unknown>) => void;
}

type Job = CommandJob | { kind: 'rollover'; done: (ok: boolean) => void } | { kind: 'mirror'; events: readonly StoredEvent[]; done: (outcome: MirrorOutcome) => void };

/** Everything a batch of commands changed, written together. */
class PendingBatch {
  events: StoredEvent[] = [];
  tickets = new Map<string, Ticket>();
  windows = new Set<number>();
  bookings = new Map<string, Booking>();
  cases = new Map<string, RatingCase>();
  newTicketIds = new Set<string>();
  requests = new Map<string, RememberedRequest>();
  failed = false;
  /** Answers read back from disk: true even if this batch fails. */
  durableReplays = new Set<Outcome<unknown>>();

  constructor(
    readonly hallId: string,
    public seq: number,
  ) {}

  isEmpty(): boolean {
    return this.events.length === 0;
  }
}

import { z } from 'zod';
import type { UplinkState, UplinkStateStore } from '../app/link-ports';
import { Backoff } from '../app/outbox/backoff';
import { OutboxLoop } from '../app/outbox/outbox-loop';
import { PositionSaver } from '../app/outbox/position-saver';
import type { Actor, Clock, HallStore } from '../app/ports';
import type { CatalogueState, PublishedCatalogue, StatusBody } from '../contracts';
import { catalogueSchema, LINK_BATCH_EVENTS, LINK_MAX_BODY_BYTES } from '../contracts';
import type { HallRegistry, HallRuntime } from '../hall/hall-runtime';
import type { Logger } from '../hall/logger';
import type { LinkClient } from './link-client';
import { LinkFailure } from './link-client';
import { hallProfile, wireEvent } from './profile';

// One township hall's link to its city. The hall's event log is the outbox: batches go in sequence order
// from the city's last stored sequence number (told by every answer), one batch in flight, so the city's
// copy is the hall's log with no gap and no duplicate. It wakes when the hall commits (what committed in
// the last COALESCE_MS goes in one batch), says hello again when the hall's config changes, sends its status
// every statusEveryMs and takes the city's catalogue when a newer one is published. The hall never waits
// for it: when the city cannot be reached it retries with backoff and the hall works as before.

/** Commits within this long of the first go in one batch when the link is caught up. */
export const COALESCE_MS = 100;
export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;
/** How long stop() lets the request in flight finish before aborting it. */
export const STOP_GRACE_MS = 2000;
/** The upload position is written at most this often (the city's answer is the truth; this is for health). */
const SAVE_EVERY_MS = 2000;
/** How often to look again for a hall this server does not run (yet). */
const HALL_POLL_MS = 1000;
const SOFTWARE = 'hall-queue';
/** Who applies the city's catalogue, in the config versions and the audit log. */
export const CITY_ACTOR: Actor = { kind: 'system', id: 'city' };

const seqNumber = z.number().int().nonnegative();
const catalogueVersion = z.number().int().positive().nullable();
const helloAnswerSchema = z.object({
  cityId: z.string().max(100),
  cityName: z.string().max(200),
  cityNameEn: z.string().max(400),
  lastSeq: seqNumber,
  catalogueVersion,
  statusEveryMs: z.number().positive(),
});
const eventsAnswerSchema = z.object({ lastSeq: seqNumber, catalogueVersion: catalogueVersion.optional() });
const statusAnswerSchema = z.object({ lastSeq: seqNumber, catalogueVersion });
const gapSchema = z.object({ error: z.object({ code: z.literal('GAP'), expected: z.number().int().positive() }) });
const publishedSchema = z.object({ version: z.number().int().positive(), publishedAt: z.number(), publishedBy: z.string().max(200), catalogue: catalogueSchema });

export interface UplinkHealth {
  /** Whether this server runs the hall now (a PostgreSQL cluster moves halls between servers). */
  running: boolean;
  /** The last exchange with the city succeeded (and the city proved it holds the key). */
  connected: boolean;
  ackedSeq: number;
  /** Events the city has not acknowledged yet. */
  backlog: number;
  lastContactAt: number | null;
  lastError: string | null;
  catalogue: CatalogueState;
  city: { id: string; name: string } | null;
}

export interface UplinkDepsOne {
  hallId: string;
  client: LinkClient;
  halls: HallRegistry;
  hallStore: Pick<HallStore, 'readEvents'>;
  stateStore: UplinkStateStore;
  clock: Clock;
  log: Logger;
  /** For tests: Math.random by default. */
  random?: () => number;
}

const apiPath = (hallId: string, what: string) => `/api/halls/${encodeURIComponent(hallId)}/uplink/${what}`;

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export class Uplink {
  private readonly log: Logger;
  private hall: HallRuntime | null = null;
  private detach: Array<() => void> = [];
  private state: UplinkState | null = null;
  private readonly saver: PositionSaver<UplinkState>;

  private needHello = true;
  /** The next sequence number the city expects (its last stored + 1); null before a hello. */
  private sendFrom: number | null = null;
  private batchLimit = LINK_BATCH_EVENTS;
  private gapsInRow = 0;
  private statusEveryMs = 60_000;
  /** When the next status is due (performance.now(): timers run on real time, whatever the hall's clock says). */
  private nextStatusAt = 0;
  private cityCatalogue: number | null = null;
  /** The hall's config changed since a catalogue was refused: that version may apply now. */
  private retryRefused = false;
  private city: { id: string; name: string } | null = null;

  private connected = false;
  private lastContactAt: number | null = null;
  private lastError: string | null = null;
  /** 1 s, 2 s, 4 s … 30 s after failures in a row, each between 50 % and 100 % of that (jitter), so halls do not return in step. */
  private readonly backoff: Backoff;

  /** Started once, stopped with STOP_GRACE_MS for the request in flight; a commit (after COALESCE_MS) or a config change may end a wait when caught up. */
  private readonly loop = new OutboxLoop(COALESCE_MS, STOP_GRACE_MS);

  constructor(private readonly deps: UplinkDepsOne) {
    this.log = deps.log.child({ uplink: deps.hallId });
    this.backoff = new Backoff({ minMs: BACKOFF_MIN_MS, maxMs: BACKOFF_MAX_MS, floorMs: BACKOFF_MIN_MS / 2 }, deps.random ?? Math.random);
    this.saver = new PositionSaver({
      everyMs: SAVE_EVERY_MS,
      current: () => this.state,
      write: (state) => deps.stateStore.save({ ...state, catalogue: { ...state.catalogue }, updatedAt: deps.clock.now() }),
      writeFailed: (err) => this.log.warn({ err }, 'cannot store the uplink state'),
    });
  }

  get hallId(): string {
    return this.deps.hallId;
  }

  start(): void {
    this.loop.start(() => this.run());
  }

  /** Ends the timers; the request in flight may finish for STOP_GRACE_MS, then it is aborted. */
  async stop(): Promise<void> {
    if (await this.loop.stop(() => this.setHall(null))) await this.saver.save(true).catch(() => undefined);
  }

  health(): UplinkHealth {
    const acked = this.state?.ackedSeq ?? 0;
    const seq = this.hall?.service.seq ?? acked;
    return {
      running: this.hall !== null,
      connected: this.connected,
      ackedSeq: acked,
      backlog: Math.max(0, seq - acked),
      lastContactAt: this.lastContactAt,
      lastError: this.lastError,
      catalogue: this.state ? { ...this.state.catalogue } : { version: null, refused: null },
      city: this.city,
    };
  }

  // ---- the loop -------------------------------------------------------------------------------------

  private async run(): Promise<void> {
    while (!this.loop.stopped) {
      const hall = this.deps.halls.get(this.hallId) ?? null;
      if (hall !== this.hall) {
        this.setHall(hall);
        if (hall) {
          // Another server may have run the link meanwhile (PostgreSQL): its position counts.
          this.state = null;
          this.needHello = true;
        }
      }
      if (!hall) {
        this.connected = false;
        await this.loop.waker.idle(HALL_POLL_MS, false);
        continue;
      }
      try {
        const hello = this.needHello;
        await this.step(hall);
        // A hello alone is no sign of health: a batch the city keeps refusing would retry every second.
        if (!hello) this.backoff.succeeded();
      } catch (err) {
        if (this.loop.stopped) break;
        this.failed(err);
        await this.loop.waker.idle(this.backoff.delay(), false);
      }
    }
  }

  /** One thing to do: hello, catalogue, the status, a batch, or wait for a commit or the status time. */
  private async step(hall: HallRuntime): Promise<void> {
    this.state ??= await this.loadState();
    if (this.needHello) return this.hello(hall);
    if (this.catalogueDue()) return this.pullCatalogue(hall);
    // The status goes on time even while a long backlog is being sent.
    if (performance.now() >= this.nextStatusAt) return this.sendStatus(hall);
    if (this.sendFrom !== null && hall.service.seq >= this.sendFrom) return this.sendBatch(hall);
    await this.saver.save(false);
    // Something committed or changed while the state was written: go round again.
    if (this.needHello || hall.service.seq >= this.sendFrom!) return;
    // Caught up: a commit wakes the link (after COALESCE_MS), a config change, stop, or the status time.
    await this.loop.waker.idle(Math.max(0, this.nextStatusAt - performance.now()), true);
  }

  private async hello(hall: HallRuntime): Promise<void> {
    const body = { profile: hallProfile(hall.settings.config, hall.service.labels.staffNames), software: SOFTWARE };
    const answer = helloAnswerSchema.safeParse((await this.call('POST', 'hello', body)).body);
    if (!answer.success) throw new LinkFailure('invalid', `the city's hello answer is not what the link protocol says: ${answer.error.issues[0]?.message ?? ''}`);
    const a = answer.data;
    this.city = { id: a.cityId, name: a.cityName };
    this.statusEveryMs = Math.min(3_600_000, Math.max(1000, a.statusEveryMs));
    this.nextStatusAt = performance.now();
    this.needHello = false;
    this.acknowledged(a.lastSeq, hall);
    this.cityCatalogue = a.catalogueVersion;
    this.log.info({ city: a.cityId, lastSeq: a.lastSeq, seq: hall.service.seq }, 'linked to the city');
  }

  private async sendBatch(hall: HallRuntime): Promise<void> {
    const from = this.sendFrom!;
    const stored = await this.deps.hallStore.readEvents(this.hallId, from - 1, this.batchLimit);
    const events = [];
    for (const e of stored) {
      if (e.seq !== from + events.length) break;
      events.push(wireEvent(e));
    }
    if (events.length === 0) {
      throw new LinkFailure('invalid', `event ${from} is not in this hall's log (it ends at ${stored[0] ? stored[0].seq - 1 : hall.service.seq}): the city cannot be brought up to date`);
    }
    let payload = Buffer.byteLength(JSON.stringify({ fromSeq: from, events }));
    while (payload > LINK_MAX_BODY_BYTES && events.length > 1) {
      events.length = Math.ceil(events.length / 2);
      payload = Buffer.byteLength(JSON.stringify({ fromSeq: from, events }));
    }
    let answer;
    try {
      answer = await this.call('POST', 'events', { fromSeq: from, events });
    } catch (err) {
      if (err instanceof LinkFailure && err.status === 409 && err.kind === 'refused') {
        const gap = gapSchema.safeParse(err.body);
        if (gap.success) return this.gap(gap.data.error.expected, from, hall);
      }
      // 413 from the city or a proxy in front of it (whose page is not signed): smaller batches from now on.
      if (err instanceof LinkFailure && err.status === 413 && events.length > 1) this.batchLimit = Math.max(1, Math.floor(events.length / 2));
      throw err;
    }
    const a = eventsAnswerSchema.safeParse(answer.body);
    if (!a.success) throw new LinkFailure('invalid', `the city's events answer is not what the link protocol says: ${a.error.issues[0]?.message ?? ''}`);
    this.gapsInRow = 0;
    this.acknowledged(a.data.lastSeq, hall);
    if (a.data.catalogueVersion !== undefined) this.cityCatalogue = a.data.catalogueVersion;
  }

  /** The city stores up to expected − 1: send from there (a lost answer, a restored city, another server). */
  private gap(expected: number, sentFrom: number, hall: HallRuntime): void {
    this.gapsInRow++;
    this.log.info({ expected, sentFrom }, 'the city expects other events: resending from there');
    if (this.gapsInRow > 3) throw new LinkFailure('invalid', `the city keeps asking for event ${expected} (sent from ${sentFrom})`);
    this.acknowledged(expected - 1, hall);
  }

  private async sendStatus(hall: HallRuntime): Promise<void> {
    const state = this.state!;
    const alerts = hall.alerts
      .current()
      .filter((a) => a.clearedAt === null)
      .slice(0, 200);
    const body: StatusBody = {
      at: this.deps.clock.now(),
      lastSeq: hall.service.seq,
      backlog: Math.max(0, hall.service.seq - state.ackedSeq),
      alerts,
      catalogue: { version: state.catalogue.version, refused: state.catalogue.refused },
    };
    const answer = statusAnswerSchema.safeParse((await this.call('POST', 'status', body)).body);
    if (!answer.success) throw new LinkFailure('invalid', `the city's status answer is not what the link protocol says: ${answer.error.issues[0]?.message ?? ''}`);
    this.nextStatusAt = performance.now() + this.statusEveryMs;
    this.acknowledged(answer.data.lastSeq, hall);
    this.cityCatalogue = answer.data.catalogueVersion;
  }

  // ---- the catalogue --------------------------------------------------------------------------------

  private catalogueDue(): boolean {
    const v = this.cityCatalogue;
    const c = this.state!.catalogue;
    if (v === null || (c.version !== null && v <= c.version)) return false;
    return c.refused?.version !== v || this.retryRefused;
  }

  private async pullCatalogue(hall: HallRuntime): Promise<void> {
    this.retryRefused = false;
    const state = this.state!;
    const answer = await this.call('GET', 'catalogue', undefined);
    const parsed = publishedSchema.safeParse(answer.body);
    if (!parsed.success) {
      const raw = answer.body as { version?: unknown } | null;
      const version = typeof raw?.version === 'number' && Number.isInteger(raw.version) && raw.version > 0 ? raw.version : this.cityCatalogue!;
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : '';
      return this.refused(version, `城市事项目录第 ${version} 版格式无效：${where}`, `The city's catalogue version ${version} is not valid: ${where}`);
    }
    const published: PublishedCatalogue = parsed.data;
    if (state.catalogue.version !== null && published.version <= state.catalogue.version) {
      this.cityCatalogue = state.catalogue.version;
      return;
    }
    const outcome = await hall.settings.applyCatalogue(published, CITY_ACTOR);
    if (!outcome.ok) {
      // Not the catalogue's fault: try again later.
      if (outcome.failure.code === 'STORAGE_FAILED') throw new LinkFailure('invalid', `catalogue version ${published.version} could not be stored: ${outcome.failure.messageEn}`);
      return this.refused(published.version, outcome.failure.message, outcome.failure.messageEn);
    }
    state.catalogue = { version: published.version, refused: null };
    this.log.info({ catalogue: published.version, config: hall.settings.version }, 'applied the city catalogue');
    await this.catalogueChanged();
  }

  private async refused(version: number, message: string, messageEn: string): Promise<void> {
    this.state!.catalogue = { version: this.state!.catalogue.version, refused: { version, message: clip(message, 500), messageEn: clip(messageEn, 1000) } };
    this.log.warn({ catalogue: version, reason: messageEn }, 'the city catalogue was refused; the hall keeps its config');
    await this.catalogueChanged();
  }

  /** Kept at once, and told to the city in the next status, sent now. */
  private async catalogueChanged(): Promise<void> {
    this.saver.markDirty();
    this.nextStatusAt = 0;
    await this.saver.save(true);
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private async call(method: 'GET' | 'POST', what: string, body: unknown) {
    const answer = await this.deps.client.call(method, apiPath(this.hallId, what), body, this.loop.signal);
    if (!this.connected) this.log.info('the city answers again');
    this.connected = true;
    this.lastContactAt = this.deps.clock.now();
    this.lastError = null;
    return answer;
  }

  /** The city's word on what it stores: it is sent from the next one on. */
  private acknowledged(lastSeq: number, hall: HallRuntime): void {
    const state = this.state!;
    if (lastSeq > hall.service.seq) {
      this.log.error({ cityLastSeq: lastSeq, seq: hall.service.seq }, 'the city holds more events of this hall than its log has (a restored backup?): nothing more can be sent');
      this.lastError = `the city holds events up to ${lastSeq}, this hall's log ends at ${hall.service.seq}`;
    }
    this.sendFrom = lastSeq + 1;
    if (state.ackedSeq !== lastSeq) {
      state.ackedSeq = lastSeq;
      this.saver.markDirty();
    }
  }

  private failed(err: unknown): void {
    this.connected = false;
    this.backoff.failed();
    const f = err instanceof LinkFailure ? err : null;
    this.lastError = f ? f.message : `${(err as Error)?.message ?? String(err)}`;
    // After a failure the next exchange starts with a hello: the city may have restarted or lost the profile.
    this.needHello = true;
    const fields = { attempt: this.backoff.failures, kind: f?.kind ?? 'error', status: f?.status ?? undefined, code: f?.code ?? undefined };
    // Every failure is in health(); the log gets the first of a run and every tenth after it.
    const level = this.backoff.worthLogging ? (f?.kind === 'unproven' ? 'error' : 'warn') : 'debug';
    this.log[level](fields, `city link: ${this.lastError}`);
  }

  private async loadState(): Promise<UplinkState> {
    const stored = await this.deps.stateStore.load(this.hallId);
    return stored ?? { hallId: this.hallId, ackedSeq: 0, catalogue: { version: null, refused: null }, updatedAt: this.deps.clock.now() };
  }

  private onConfigApplied = (): void => {
    this.needHello = true;
    this.retryRefused = true;
    this.loop.waker.wake();
  };

  private setHall(hall: HallRuntime | null): void {
    for (const off of this.detach) off();
    this.detach = [];
    this.hall = hall;
    if (hall) this.detach = [hall.service.onCommit(this.loop.waker.onCommit), hall.settings.onApplied(this.onConfigApplied)];
  }
}

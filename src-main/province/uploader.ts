import { Backoff } from '../app/outbox/backoff';
import { OutboxLoop } from '../app/outbox/outbox-loop';
import { PositionSaver } from '../app/outbox/position-saver';
import type { Clock, HallStore } from '../app/ports';
import type { ProvinceUploadState, ProvinceUploadStore } from '../app/province-ports';
import type { ProvinceBatch, ProvinceUploadView } from '../contracts/province';
import { PROVINCE_MAX_BODY_BYTES } from '../contracts/province';
import type { HallRegistry, HallRuntime } from '../hall/hall-runtime';
import type { Logger } from '../hall/logger';
import type { ProvinceClient } from './province-client';
import { ProvinceFailure } from './province-client';
import type { ProvinceHallCodes, ProvinceSettings } from './province-settings';
import type { BuiltRecord } from './record-builder';
import { RecordBuilder } from './record-builder';

// One hall's upload to the provincial 好差评 platform, modelled on the city uplink (src-main/edge/uplink.ts).
// The hall's event log is the outbox and province_uploads.acked_seq the position in it: events after it
// are turned into records (record-builder.ts), one batch is in flight at a time, and the position moves
// only when the platform answered 2xx. The batch is kept as built and sent again, whatever fails, with
// backoff (1 s … 60 s); the platform keeps records by id, so a batch sent twice (an answer lost, a kill -9
// after the platform kept it but before the position was stored) counts once. The uploader wakes when
// the hall commits; the hall never waits for it.

/** Commits within this long of the first are looked at together when the upload is caught up. */
export const COALESCE_MS = 200;
export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 60_000;
/** How long stop() lets the push in flight finish before aborting it. */
export const STOP_GRACE_MS = 2000;
/** Events read per page of the log. */
export const EVENTS_PER_READ = 1000;
/** Pages looked at in one step before the position is stored or a batch goes. */
const PAGES_PER_STEP = 20;
/** A position moved over events with nothing to deliver is stored at most this often. */
const SAVE_EVERY_MS = 2000;
/** How often to look again for a hall this server does not run (yet), or runs no longer. */
const HALL_POLL_MS = 1000;
const IDLE_MAX_MS = 5000;

export interface ProvinceUploaderDeps {
  hall: ProvinceHallCodes;
  settings: Pick<ProvinceSettings, 'url' | 'batchSize' | 'mapping' | 'channelCodes'>;
  client: Pick<ProvinceClient, 'push'>;
  halls: HallRegistry;
  hallStore: Pick<HallStore, 'readEvents'>;
  store: ProvinceUploadStore;
  clock: Clock;
  log: Logger;
  /** For tests: Math.random by default. */
  random?: () => number;
}

interface Pending {
  /** Built records not acknowledged yet, in log order. */
  records: BuiltRecord[];
  /** The last event these records were built from (or that had none to give). */
  throughSeq: number;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ProvinceUploader {
  private readonly log: Logger;
  private readonly builder: RecordBuilder;
  private hall: HallRuntime | null = null;
  private detach: (() => void) | null = null;
  private state: ProvinceUploadState | null = null;
  /** The last event handed to the builder. */
  private readAfter = 0;
  private pending: Pending | null = null;
  private batchLimit: number;
  private readonly saver: PositionSaver<ProvinceUploadState>;

  private connected = false;
  /** 1 s, 2 s, 4 s … 60 s after failures in a row, each between 50 % and 100 % of that (jitter) but at least 1 s, so halls do not return in step. */
  private readonly backoff: Backoff;

  /** Started once, stopped with STOP_GRACE_MS for the request in flight; a commit (after COALESCE_MS) may end a wait when caught up. */
  private readonly loop = new OutboxLoop(COALESCE_MS, STOP_GRACE_MS);

  constructor(private readonly deps: ProvinceUploaderDeps) {
    this.log = deps.log.child({ province: deps.hall.id });
    this.backoff = new Backoff({ minMs: BACKOFF_MIN_MS, maxMs: BACKOFF_MAX_MS, floorMs: BACKOFF_MIN_MS }, deps.random ?? Math.random);
    this.saver = new PositionSaver({
      everyMs: SAVE_EVERY_MS,
      current: () => this.state,
      write: (state) => deps.store.save({ ...state, updatedAt: deps.clock.now() }),
      writeFailed: (err) => this.log.warn({ err }, 'cannot store the province upload position'),
    });
    this.batchLimit = deps.settings.batchSize;
    this.builder = new RecordBuilder({
      codes: () => {
        const config = this.hall?.service.config;
        return {
          hallId: deps.hall.id,
          hallName: config?.name ?? deps.hall.id,
          regionCode: deps.hall.regionCode,
          organisationCode: deps.hall.organisationCode,
          timeZone: config?.timeZone ?? 'Asia/Shanghai',
          channelCodes: deps.settings.channelCodes,
        };
      },
      mapping: deps.settings.mapping,
      findCase: (caseId) => deps.store.findCase(deps.hall.id, caseId),
      onMissingCase: (caseId, seq) => this.log.warn({ caseId, seq }, 'a case event whose case is not stored: its result goes with what the event says'),
    });
  }

  get hallId(): string {
    return this.deps.hall.id;
  }

  start(): void {
    this.loop.start(() => this.run());
  }

  /** Ends the loop; the push in flight may finish for STOP_GRACE_MS, then it is aborted. */
  async stop(): Promise<void> {
    if (await this.loop.stop(() => this.setHall(null))) await this.saver.save(true).catch(() => undefined);
  }

  view(): ProvinceUploadView {
    const s = this.state;
    const acked = s?.ackedSeq ?? 0;
    const seq = this.hall?.service.seq ?? acked;
    return {
      hallId: this.hallId,
      url: this.deps.settings.url,
      running: this.hall !== null,
      connected: this.connected,
      ackedSeq: acked,
      backlog: Math.max(0, seq - acked),
      delivered: s?.delivered ?? 0,
      lastError: s?.lastError ?? null,
      lastAttemptAt: s?.lastAttemptAt ?? null,
      lastSuccessAt: s?.lastSuccessAt ?? null,
    };
  }

  /** As view(), or what the table says when another server runs the hall (or this one has not started it). */
  async describe(): Promise<ProvinceUploadView> {
    const v = this.view();
    if (v.running && this.state) return v;
    const stored = await this.deps.store.load(this.hallId);
    if (!stored) return v;
    return { ...v, ackedSeq: stored.ackedSeq, delivered: stored.delivered, lastError: stored.lastError, lastAttemptAt: stored.lastAttemptAt, lastSuccessAt: stored.lastSuccessAt };
  }

  // ---- the loop -------------------------------------------------------------------------------------

  private async run(): Promise<void> {
    while (!this.loop.stopped) {
      const hall = this.deps.halls.get(this.hallId) ?? null;
      if (hall !== this.hall) {
        this.setHall(hall);
        // Another server may have uploaded meanwhile (PostgreSQL): its position counts.
        this.state = null;
        this.pending = null;
      }
      if (!hall) {
        this.connected = false;
        await this.loop.waker.idle(HALL_POLL_MS, false);
        continue;
      }
      try {
        await this.step(hall);
      } catch (err) {
        if (this.loop.stopped) break;
        this.failed(err);
        await this.saver.save(false).catch(() => undefined);
        await this.loop.waker.idle(this.backoff.delay(), false);
      }
    }
  }

  /** One thing to do: send the batch in hand, build the next one, or wait for a commit. */
  private async step(hall: HallRuntime): Promise<void> {
    if (!this.state) {
      this.state = await this.loadState();
      this.readAfter = this.state.ackedSeq;
      this.builder.reset(this.readAfter);
    }
    if (!this.pending) await this.collect();
    if (this.pending) return this.send();
    await this.saver.save(false);
    if (hall.service.seq > this.readAfter) return;
    // Caught up: a commit wakes the upload (after COALESCE_MS), or stop; a position not stored yet is.
    await this.loop.waker.idle(this.saver.dirty ? SAVE_EVERY_MS : IDLE_MAX_MS, true);
  }

  /**
   * Reads the log after the last event looked at until a batch is full or the log ends. Records are in
   * `pending` as soon as they are built: a read that fails half way loses none of them.
   */
  private async collect(): Promise<void> {
    const p: Pending = { records: [], throughSeq: this.readAfter };
    for (let pages = 0; pages < PAGES_PER_STEP && p.records.length < this.batchLimit && !this.loop.stopped; pages++) {
      if (pages > 0) await nextTick(); // a long backlog is read in slices: the hall's thread stays free
      const page = await this.deps.hallStore.readEvents(this.hallId, this.readAfter, EVENTS_PER_READ);
      if (page.length === 0) break;
      const more = page.length === EVENTS_PER_READ;
      const built = await this.builder.build(page, this.batchLimit - p.records.length, more);
      if (built.throughSeq === null) break;
      p.records.push(...built.records);
      p.throughSeq = this.readAfter = built.throughSeq;
      if (p.records.length > 0) this.pending = p;
      if (!more && built.throughSeq === page.at(-1)!.seq) break;
    }
    const state = this.state!;
    if (p.records.length === 0 && this.readAfter > state.ackedSeq) {
      // Nothing to deliver in these events: the position moves over them.
      state.ackedSeq = this.readAfter;
      this.saver.markDirty();
    }
  }

  private encode(records: readonly BuiltRecord[]): Buffer {
    const body: ProvinceBatch = {
      regionCode: this.deps.hall.regionCode,
      organisationCode: this.deps.hall.organisationCode,
      hallId: this.hallId,
      records: records.map((r) => r.record),
    };
    return Buffer.from(JSON.stringify(body), 'utf8');
  }

  private async send(): Promise<void> {
    const p = this.pending!;
    const state = this.state!;
    let n = Math.min(this.batchLimit, p.records.length);
    let body = this.encode(p.records.slice(0, n));
    while (body.length > PROVINCE_MAX_BODY_BYTES && n > 1) {
      n = Math.ceil(n / 2);
      body = this.encode(p.records.slice(0, n));
    }
    state.lastAttemptAt = this.deps.clock.now();
    this.saver.markDirty();
    try {
      await this.deps.client.push(this.deps.hall.organisationCode, body, this.loop.signal);
    } catch (err) {
      // 413 from the platform or a proxy in front of it: smaller batches from now on.
      if (err instanceof ProvinceFailure && err.status === 413 && n > 1) this.batchLimit = Math.max(1, Math.floor(n / 2));
      throw err;
    }
    p.records.splice(0, n);
    const acked = p.records.length > 0 ? p.records[0]!.seq - 1 : p.throughSeq;
    if (p.records.length === 0) this.pending = null;
    if (!this.connected) this.log.info({ ackedSeq: acked }, 'the province platform takes records');
    this.connected = true;
    this.backoff.succeeded();
    state.ackedSeq = Math.max(state.ackedSeq, acked);
    state.delivered += n;
    state.lastSuccessAt = this.deps.clock.now();
    state.lastError = null;
    // Stored at once: after a restart, only the batch in flight at the kill is sent again.
    await this.saver.save(true);
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private failed(err: unknown): void {
    this.connected = false;
    this.backoff.failed();
    const f = err instanceof ProvinceFailure ? err : null;
    const message = f ? f.message : `${(err as Error)?.message ?? String(err)}`;
    if (this.state && this.state.lastError !== message) {
      this.state.lastError = message.slice(0, 500);
      this.saver.markDirty();
    }
    const fields = { attempt: this.backoff.failures, kind: f?.kind ?? 'error', status: f?.status ?? undefined, backlog: this.view().backlog };
    // Every failure is in the view; the log gets the first of a run and every tenth after it.
    const level = this.backoff.worthLogging ? 'warn' : 'debug';
    this.log[level](fields, `province upload: ${message}`);
  }

  private async loadState(): Promise<ProvinceUploadState> {
    const stored = await this.deps.store.load(this.hallId);
    return stored ?? { hallId: this.hallId, ackedSeq: 0, delivered: 0, lastError: null, lastAttemptAt: null, lastSuccessAt: null, updatedAt: this.deps.clock.now() };
  }

  private setHall(hall: HallRuntime | null): void {
    this.detach?.();
    this.detach = null;
    this.hall = hall;
    if (hall) this.detach = hall.service.onCommit(this.loop.waker.onCommit);
  }
}

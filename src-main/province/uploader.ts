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

class Stopped extends Error {}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ProvinceUploader {
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly builder: RecordBuilder;
  private hall: HallRuntime | null = null;
  private detach: (() => void) | null = null;
  private state: ProvinceUploadState | null = null;
  /** The last event handed to the builder. */
  private readAfter = 0;
  private pending: Pending | null = null;
  private batchLimit: number;
  private dirty = false;
  private savedAt = 0;

  private connected = false;
  private failures = 0;

  private stopped = false;
  private readonly stopping = new AbortController();
  private poke: (() => void) | null = null;
  private wakeOnCommit = false;
  private commitTimer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly deps: ProvinceUploaderDeps) {
    this.log = deps.log.child({ province: deps.hall.id });
    this.random = deps.random ?? Math.random;
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
    this.loop ??= this.run();
  }

  /** Ends the loop; the push in flight may finish for STOP_GRACE_MS, then it is aborted. */
  async stop(): Promise<void> {
    if (this.stopped) return this.loop ?? undefined;
    this.stopped = true;
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = null;
    this.poke?.();
    const abort = setTimeout(() => this.stopping.abort(new Stopped('stopping')), STOP_GRACE_MS);
    try {
      await this.loop;
    } finally {
      clearTimeout(abort);
      this.stopping.abort(new Stopped('stopping'));
      this.setHall(null);
    }
    await this.save(true).catch(() => undefined);
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
    while (!this.stopped) {
      const hall = this.deps.halls.get(this.hallId) ?? null;
      if (hall !== this.hall) {
        this.setHall(hall);
        // Another server may have uploaded meanwhile (PostgreSQL): its position counts.
        this.state = null;
        this.pending = null;
      }
      if (!hall) {
        this.connected = false;
        await this.idle(HALL_POLL_MS, false);
        continue;
      }
      try {
        await this.step(hall);
      } catch (err) {
        if (this.stopped) break;
        this.failed(err);
        await this.save(false).catch(() => undefined);
        await this.idle(this.backoff(), false);
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
    await this.save(false);
    if (hall.service.seq > this.readAfter) return;
    // Caught up: a commit wakes the upload (after COALESCE_MS), or stop; a position not stored yet is.
    await this.idle(this.dirty ? SAVE_EVERY_MS : IDLE_MAX_MS, true);
  }

  /**
   * Reads the log after the last event looked at until a batch is full or the log ends. Records are in
   * `pending` as soon as they are built: a read that fails half way loses none of them.
   */
  private async collect(): Promise<void> {
    const p: Pending = { records: [], throughSeq: this.readAfter };
    for (let pages = 0; pages < PAGES_PER_STEP && p.records.length < this.batchLimit && !this.stopped; pages++) {
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
      this.dirty = true;
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
    this.dirty = true;
    try {
      await this.deps.client.push(this.deps.hall.organisationCode, body, this.stopping.signal);
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
    this.failures = 0;
    state.ackedSeq = Math.max(state.ackedSeq, acked);
    state.delivered += n;
    state.lastSuccessAt = this.deps.clock.now();
    state.lastError = null;
    // Stored at once: after a restart, only the batch in flight at the kill is sent again.
    await this.save(true);
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private failed(err: unknown): void {
    this.connected = false;
    this.failures++;
    const f = err instanceof ProvinceFailure ? err : null;
    const message = f ? f.message : `${(err as Error)?.message ?? String(err)}`;
    if (this.state && this.state.lastError !== message) {
      this.state.lastError = message.slice(0, 500);
      this.dirty = true;
    }
    const fields = { attempt: this.failures, kind: f?.kind ?? 'error', status: f?.status ?? undefined, backlog: this.view().backlog };
    // Every failure is in the view; the log gets the first of a run and every tenth after it.
    const level = this.failures === 1 || this.failures % 10 === 0 ? 'warn' : 'debug';
    this.log[level](fields, `province upload: ${message}`);
  }

  /** 1 s, 2 s, 4 s … 60 s, each between 50 % and 100 % of that (jitter), so halls do not return in step. */
  private backoff(): number {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(10, this.failures - 1));
    return Math.max(BACKOFF_MIN_MS, Math.round(ceiling * (0.5 + this.random() * 0.5)));
  }

  private async loadState(): Promise<ProvinceUploadState> {
    const stored = await this.deps.store.load(this.hallId);
    return stored ?? { hallId: this.hallId, ackedSeq: 0, delivered: 0, lastError: null, lastAttemptAt: null, lastSuccessAt: null, updatedAt: this.deps.clock.now() };
  }

  private async save(force: boolean): Promise<void> {
    const state = this.state;
    if (!state || !this.dirty) return;
    if (!force && performance.now() - this.savedAt < SAVE_EVERY_MS) return;
    this.dirty = false;
    this.savedAt = performance.now();
    try {
      await this.deps.store.save({ ...state, updatedAt: this.deps.clock.now() });
    } catch (err) {
      this.dirty = true;
      this.log.warn({ err }, 'cannot store the province upload position');
      if (force) throw err;
    }
  }

  /** Waits `ms`; a commit (after COALESCE_MS) ends it early when `wakeOnCommit`; stop always. */
  private idle(ms: number, wakeOnCommit: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.poke = null;
        this.wakeOnCommit = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.poke = done;
      this.wakeOnCommit = wakeOnCommit;
    });
  }

  private onCommit = (): void => {
    if (!this.wakeOnCommit || this.commitTimer || this.stopped) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null;
      if (this.wakeOnCommit) this.poke?.();
    }, COALESCE_MS);
  };

  private setHall(hall: HallRuntime | null): void {
    this.detach?.();
    this.detach = null;
    this.hall = hall;
    if (hall) this.detach = hall.service.onCommit(this.onCommit);
  }
}

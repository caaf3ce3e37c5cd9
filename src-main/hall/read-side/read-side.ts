import type { ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AuditListQuery, AuditPageView } from '../../contracts';
import type { AuditLabels } from '../../app/audit/audit-page';
import type { CaseRecordFilter, CaseRecordPage } from '../../app/statistics/case-records';
import type { CityReportRequest } from '../../app/statistics/city-report';
import type { ReportLabels } from '../../app/statistics/report';
import type { Logger } from '../logger';
import type { LogSource } from './log-source';
import type { FromProjector, FromQuery, ProjectorData, QueryData, QueryJob, ToProjector, ToQuery } from './protocol';

export type { LogSource } from './log-source';

// The read side of the hall server, seen from the main thread: a projector thread that keeps the read
// models up to date, and a small pool of query threads for reports, exports and audit searches. The event
// loop only hands work over and passes answers on.

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const entry = (name: string) => new URL(`./${name}${ext}`, import.meta.url).href;

/**
 * A read-side thread's heap stays small (a year's report needs a few megabytes): a tight young generation
 * makes it collect often instead of growing the server's memory, and a runaway query ends its thread (which
 * is restarted) instead of the server.
 */
const THREAD_MEMORY = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };

export type ReadSideOptions = ReadSideCommonOptions &
  (
    | {
        /** Where the event log is: the hall's SQLite database, or the PostgreSQL database hall servers share. */
        eventLog: LogSource;
        hallDbFile?: undefined;
      }
    | {
        /** @deprecated the same as `eventLog: { kind: 'sqlite', file: hallDbFile }`. */
        hallDbFile: string;
        eventLog?: undefined;
      }
  );

export interface ReadSideCommonOptions {
  /** The statistics read model: a local SQLite file, whichever store the log is in. */
  readFile: string;
  /** The halls projected now (more can be added with addHall). */
  halls: string[];
  log: Logger;
  queryThreads?: number | undefined;
  /** Events per projector transaction. */
  chunk?: number | undefined;
  /** The hall's clock: reports judge case deadlines at its time (default: the system's). */
  clock?: { now(): number } | undefined;
}

interface Pending {
  job: QueryJob;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  /** For exports: where chunks go. */
  sink?: ((chunk: Uint8Array) => void) | undefined;
}

interface QueryThread {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class ReadSideError extends Error {}

export interface ReadSideHealth {
  /** False until the projector has opened the read model and said how far it goes. */
  ready: boolean;
  /** Per hall: how far the read models go. */
  projected: Record<string, number>;
  /** Why the read models are being rebuilt, while they are. */
  rebuilding: string | null;
  /** The projector's last pass failed (the log unreachable?); it tries again every second. */
  projectorFailing: boolean;
  /** Reports, exports and searches waiting or running in the query threads. */
  queued: number;
  projectorFailures: number;
}

export class ReadSide {
  private projector!: Worker;
  private readonly threads: QueryThread[] = [];
  private readonly positions = new Map<string, number>();
  private readonly source: LogSource;
  private readonly halls: string[];
  private failing = false;
  private readonly waiters = new Set<{ hallId: string; seq: number; done: () => void }>();
  private rebuilding: string | null = null;
  private ready = false;
  private markReady!: () => void;
  private readonly readyNow = new Promise<void>((resolve) => (this.markReady = resolve));
  /** Resolves on the projector's first word: ready, or failed (reports do not then wait for it). */
  private markHeard!: () => void;
  private readonly heard = new Promise<void>((resolve) => (this.markHeard = resolve));
  private failures = 0;
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: ReadSideOptions) {
    const source = opts.eventLog ?? (opts.hallDbFile !== undefined ? { kind: 'sqlite' as const, file: opts.hallDbFile } : undefined);
    if (!source) throw new Error('ReadSide: no event log (eventLog)');
    this.source = source;
    this.halls = [...new Set(opts.halls)];
    for (const h of this.halls) this.positions.set(h, 0);
    this.startProjector();
    // One core is the hall's own: on a two-core box a single query thread, two where there is room.
    const n = opts.queryThreads ?? Math.max(1, Math.min(2, availableParallelism() - 1));
    for (let i = 0; i < n; i++) this.threads.push(this.startQueryThread());
  }

  private startProjector(): void {
    const data: ProjectorData = { entry: entry('projector-worker'), role: 'projector', log: this.source, readFile: this.opts.readFile, halls: [...this.halls], chunk: this.opts.chunk ?? 2000 };
    const w = new Worker(BOOTSTRAP, { workerData: data, resourceLimits: THREAD_MEMORY });
    w.on('message', (m: FromProjector) => {
      if (m.type === 'ready') {
        for (const [h, seq] of Object.entries(m.positions)) this.positions.set(h, seq);
        this.rebuilding = m.rebuilding;
        this.ready = true;
        this.failing = false;
        this.markReady();
        this.markHeard();
        if (m.rebuilding) this.opts.log.info({ reason: m.rebuilding }, 'statistics read model being rebuilt from the event log');
      } else if (m.type === 'position') {
        this.positions.set(m.hallId, m.seq);
        for (const wt of this.waiters) if (wt.hallId === m.hallId && m.seq >= wt.seq) wt.done();
      } else if (m.type === 'failed') {
        this.failures++;
        this.markHeard();
        // Once per run of failures (a database down fails every second), then again after a minute of them.
        if (!this.failing || this.failures % 60 === 0) this.opts.log.error({ err: m.message, failures: this.failures }, 'statistics projector failed; it tries again every second');
        this.failing = true;
      } else if (m.type === 'recovered') {
        this.failing = false;
        this.opts.log.info({ failures: this.failures }, 'statistics projector reads the event log again');
      }
    });
    w.on('error', (err) => {
      this.failures++;
      this.opts.log.error({ err }, 'statistics projector thread crashed; restarting it');
    });
    w.on('exit', () => {
      if (!this.closed) setTimeout(() => !this.closed && this.startProjector(), 1000).unref();
    });
    this.projector = w;
  }

  private startQueryThread(): QueryThread {
    const data: QueryData = { entry: entry('query-worker'), role: 'query', log: this.source, readFile: this.opts.readFile };
    const thread: QueryThread = { worker: new Worker(BOOTSTRAP, { workerData: data, resourceLimits: THREAD_MEMORY }), pending: new Map() };
    thread.worker.on('message', (m: FromQuery) => {
      const p = thread.pending.get(m.id);
      if (!p) return;
      if (m.type === 'chunk') return p.sink?.(m.data);
      thread.pending.delete(m.id);
      if (m.type === 'done') p.resolve(m.result);
      else p.reject(new ReadSideError(m.message));
    });
    const lost = (why: string) => {
      for (const p of thread.pending.values()) p.reject(new ReadSideError(why));
      thread.pending.clear();
      const i = this.threads.indexOf(thread);
      if (i >= 0 && !this.closed) this.threads[i] = this.startQueryThread();
    };
    thread.worker.on('error', (err) => {
      this.opts.log.error({ err }, 'query thread crashed; restarting it');
      lost(`query thread crashed: ${err.message}`);
    });
    thread.worker.on('exit', () => lost('query thread stopped'));
    return thread;
  }

  /** Resolves once the projector has opened the read model and said how far it goes. */
  whenReady(): Promise<void> {
    return this.readyNow;
  }

  /** Tells the projector there is something new in the log. */
  wake(): void {
    this.projector.postMessage({ type: 'wake' } satisfies ToProjector);
  }

  /**
   * Projects one more hall from now on (a hall added to the server's configuration), without restarting
   * any thread: the projector catches it up from the log in the background.
   */
  addHall(hallId: string): void {
    if (this.closed || this.halls.includes(hallId)) return;
    this.halls.push(hallId);
    if (!this.positions.has(hallId)) this.positions.set(hallId, 0);
    this.projector.postMessage({ type: 'addHall', hallId } satisfies ToProjector);
  }

  position(hallId: string): number {
    return this.positions.get(hallId) ?? 0;
  }

  /**
   * Resolves when the read model includes `seq` of the hall's log, or after `timeoutMs` (false). Time the
   * projector thread needs to start (just after the server did) does not count.
   */
  async caughtUp(hallId: string, seq: number, timeoutMs: number): Promise<boolean> {
    if (!this.ready) await Promise.race([this.heard, new Promise((r) => setTimeout(r, 30_000).unref())]);
    if (this.position(hallId) >= seq) return true;
    this.wake();
    return new Promise((resolve) => {
      const waiter = { hallId, seq, done: () => finish(true) };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(ok);
      };
      this.waiters.add(waiter);
    });
  }

  private submit(job: QueryJob, sink?: (chunk: Uint8Array) => void): Promise<unknown> {
    if (this.closed) return Promise.reject(new ReadSideError('the server is stopping'));
    // The thread with the least to do takes it.
    const thread = this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { job, resolve, reject, sink });
      thread.worker.postMessage({ id, job } satisfies ToQuery);
    });
  }

  /**
   * Statistics of days from..to including the hall's log up to `wantSeq` (waits a little for the projector),
   * as the JSON text of a StatisticsReport: made and serialised in a query thread, only passed on here.
   */
  async statistics(labels: ReportLabels, from: string, to: string, wantSeq: number, now = this.now()): Promise<Buffer> {
    await this.caughtUp(labels.hallId, wantSeq, 3000);
    const bytes = (await this.submit({ kind: 'statistics', labels, from, to, wantSeq, now })) as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * A city's statistics of days from..to (checked with `checkRange` first): the stat cells of every hall of
   * `request` merged, as the JSON text of a CityReport, made and serialised in a query thread. Waits a
   * little (3 s in all) for the projector to include each hall's log up to its `wantSeq`; a hall still
   * behind then makes the report `complete: false`. Every hall must be projected (`addHall`).
   */
  async cityStatistics(request: CityReportRequest, from: string, to: string): Promise<Buffer> {
    await Promise.all(request.halls.map((h) => this.caughtUp(h.hallId, h.wantSeq, 3000)));
    const bytes = (await this.submit({ kind: 'cityStatistics', request, from, to })) as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Bad-rating cases from the read model, for the lead's board (which shows open cases from the hall's
   * memory and asks here for the rest): by the rated tickets' service days, state, window, category and
   * staff member, newest opened first, at most `filter.limit`. Waits a little (3 s) for the projector to
   * include the hall's log up to `wantSeq`. The mobile in each case is masked, as in the log.
   */
  async listCases(hallId: string, filter: CaseRecordFilter, wantSeq = 0): Promise<CaseRecordPage> {
    if (wantSeq > 0) await this.caughtUp(hallId, wantSeq, 3000);
    return (await this.submit({ kind: 'cases', hallId, filter })) as CaseRecordPage;
  }

  audit(labels: AuditLabels, query: AuditListQuery): Promise<AuditPageView> {
    return this.submit({ kind: 'audit', labels, query }) as Promise<AuditPageView>;
  }

  /**
   * Streams an export into `res` as the query thread makes it; headers are sent with the first chunk. The
   * response is not buffered here: a slow client slows the thread's output only as far as Node's socket
   * buffer, which is why chunks are small.
   */
  async export(res: ServerResponse, headers: Record<string, string>, job: Extract<QueryJob, { kind: 'export' }>): Promise<void> {
    await this.caughtUp(job.labels.hallId, job.wantSeq, 3000);
    const timed = { ...job, now: job.now ?? this.now() };
    let started = false;
    const sink = (chunk: Uint8Array) => {
      if (!started) {
        res.writeHead(200, { 'cache-control': 'no-store', ...headers });
        started = true;
      }
      res.write(chunk);
    };
    try {
      await this.submit(timed, sink);
    } catch (err) {
      if (started) {
        res.destroy(err as Error);
        return;
      }
      throw err;
    }
    if (!started) res.writeHead(200, { 'cache-control': 'no-store', ...headers });
    res.end();
  }

  private now(): number {
    return this.opts.clock?.now() ?? Date.now();
  }

  health(): ReadSideHealth {
    return {
      ready: this.ready,
      projected: Object.fromEntries(this.positions),
      rebuilding: this.rebuilding,
      projectorFailing: this.failing,
      queued: this.threads.reduce((n, t) => n + t.pending.size, 0),
      projectorFailures: this.failures,
    };
  }

  /** Lets the projector finish its chunk, then stops every thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopped = new Promise<void>((resolve) => {
      this.projector.once('exit', () => resolve());
      this.projector.on('message', (m: FromProjector) => m.type === 'stopped' && resolve());
    });
    this.projector.postMessage({ type: 'stop' } satisfies ToProjector);
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
    await Promise.all([this.projector.terminate(), ...this.threads.map((t) => t.worker.terminate())]);
  }
}

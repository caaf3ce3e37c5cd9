import { Worker } from 'node:worker_threads';
import type { CommitBatch, HallStore, LoadedHall, StoredEvent, StoredRequest } from '../../app/ports';
import type { FromWriter, ToWriter, WriterData } from './protocol';

const BOOTSTRAP = new URL('../read-side/worker-bootstrap.mjs', import.meta.url);
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

type Request = ToWriter extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/**
 * The HallStore of the hall server: every call goes to the writer thread (write-side/writer-worker.ts) and
 * is answered when it is done there, a commit when it is durable. The hall's thread never waits for the
 * disk; HallService already awaits its store, so nothing else changes.
 */
export class ThreadedHallStore implements HallStore {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private dead: Error | null = null;

  constructor(dbFile: string) {
    const data: WriterData = { entry: new URL(`./writer-worker${ext}`, import.meta.url).href, role: 'writer', dbFile };
    this.worker = new Worker(BOOTSTRAP, { workerData: data });
    this.worker.on('message', (m: FromWriter) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.message));
    });
    const fail = (err: Error) => {
      this.dead = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the writer thread stopped (${code})`)));
  }

  private call<T>(request: Request): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, ...request } as ToWriter);
    });
  }

  commit(batch: CommitBatch): Promise<void> {
    return this.call({ op: 'commit', batch });
  }

  loadHall(hallId: string, serviceSamples: number, bookingsSince?: string, rateableSince?: string, closedCasesSince?: number): Promise<LoadedHall> {
    return this.call({ op: 'loadHall', hallId, serviceSamples, bookingsSince, rateableSince, closedCasesSince });
  }

  loadRecentRequests(hallId: string, sinceAt: number): Promise<StoredRequest[]> {
    return this.call({ op: 'loadRecentRequests', hallId, sinceAt });
  }

  readEvents(hallId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return this.call({ op: 'readEvents', hallId, afterSeq, limit });
  }

  /** After every commit handed over so far is written. */
  async close(): Promise<void> {
    if (this.dead) return;
    await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}

import type { CommitBatch, HallStore, LoadedHall, StoredEvent, StoredRequest } from '../../../src-main/app/ports';
import type { PgDb } from '../../../src-main/storage/postgres';
import { openPgDatabase } from '../../../src-main/storage/postgres';
import type { SqliteHallStore } from '../../../src-main/storage/sqlite';
import type { PgHallStore } from '../../../src-main/storage/postgres';
import type { FreshPgDatabase } from '../../support/pg';
import { freshPgDatabase } from '../../support/pg';

/** A fresh database with the schema, for one test file; `close` closes the pool and drops the database. */
export async function freshStore(opts: { max?: number } = {}): Promise<{ db: PgDb; fresh: FreshPgDatabase; close(): Promise<void> }> {
  const fresh = await freshPgDatabase();
  const db = await openPgDatabase(fresh.url, { max: opts.max ?? 10, applicationName: 'hq-test' });
  return {
    db,
    fresh,
    async close() {
      await db.close();
      await fresh.drop();
    },
  };
}

/** What the cluster's leaser does when this server takes a hall: a lease row with the given fence. */
export async function grantLease(db: PgDb, hallId: string, fence = 1, owner = 'test-server'): Promise<void> {
  await db.pool.query(
    `INSERT INTO hall_leases (hall_id, owner, fence, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')
     ON CONFLICT (hall_id) DO UPDATE SET owner = EXCLUDED.owner, fence = EXCLUDED.fence, expires_at = EXCLUDED.expires_at`,
    [hallId, owner, fence],
  );
}

/** The fences a server believes it holds. */
export class TestFences {
  readonly held = new Map<string, number>();
  constructor(entries: Record<string, number> = {}) {
    for (const [k, v] of Object.entries(entries)) this.held.set(k, v);
  }
  fenceOf(hallId: string): number | undefined {
    return this.held.get(hallId);
  }
}

/**
 * Runs a hall on SQLite and writes every batch to PostgreSQL too: both stores see the very same batches,
 * and each is then read back on its own.
 */
export class TeeHallStore implements HallStore {
  commits = 0;
  constructor(
    readonly sqlite: SqliteHallStore,
    readonly pg: PgHallStore,
  ) {}
  loadHall(hallId: string, serviceSamples: number, bookingsSince?: string, rateableSince?: string, closedCasesSince?: number): LoadedHall {
    return this.sqlite.loadHall(hallId, serviceSamples, bookingsSince, rateableSince, closedCasesSince);
  }
  async commit(batch: CommitBatch): Promise<void> {
    this.sqlite.commit(batch);
    await this.pg.commit(batch);
    this.commits++;
  }
  loadRecentRequests(hallId: string, sinceAt: number): StoredRequest[] {
    return this.sqlite.loadRecentRequests(hallId, sinceAt);
  }
  readEvents(hallId: string, afterSeq: number, limit: number): StoredEvent[] {
    return this.sqlite.readEvents(hallId, afterSeq, limit);
  }
}

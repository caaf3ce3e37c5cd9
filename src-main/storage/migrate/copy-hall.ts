import type pg from 'pg';
import { inTransaction } from '../postgres/pg-transaction';
import { compareLogs } from './compare-logs';
import type { Queryable } from './pg-target';
import { BatchInsert, targetColumns, targetCount } from './pg-target';
import type { SqliteSnapshot } from './sqlite-snapshot';
import { MigrationInputError } from './sqlite-snapshot';
import type { HallTable } from './tables';
import { HALL_TABLES, sqliteCount } from './tables';

// One hall from the SQLite snapshot into PostgreSQL, in ONE PostgreSQL transaction: every table or none,
// so a failure (a lost connection, a constraint, a full disk) leaves no row of the hall behind and the
// move can simply be run again.

/** The target already holds something of the hall that is not this hall's copy (exit code 2). */
export class MigrationRefused extends Error {}

export interface CopyProgress {
  hallId: string;
  table: string;
  done: number;
  total: number;
}

export interface CopyResult {
  hallId: string;
  outcome: 'copied' | 'already-migrated';
  /** Rows copied per table (all zero when already migrated). */
  rows: Record<string, number>;
  ms: number;
}

/** Values per INSERT statement, spread over its rows (a ticket row has 37 columns, an event 8). */
const VALUES_PER_BATCH = 80_000;

/** Serializes moves of the same hall (two terminals, a retry while the first still runs). */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('hall-queue:migrate:' || $1))`;

/**
 * Copies the hall, or finds it already copied (the target's event log of the hall identical to the
 * file's). Refuses with MigrationRefused when the target holds other events of the hall, or rows of it
 * without its events.
 */
export async function copyHall(s: SqliteSnapshot, pool: pg.Pool, hallId: string, progress: (p: CopyProgress) => void = () => {}): Promise<CopyResult> {
  const started = performance.now();
  if (!s.halls.includes(hallId)) throw new MigrationInputError(`no hall "${hallId}" in ${s.file} (it has: ${s.halls.join(', ') || 'none'})`);
  const rows: Record<string, number> = {};
  const outcome = await inTransaction(pool, async (client) => {
    await client.query(LOCK_SQL, [hallId]);
    const there = await alreadyThere(s, client, hallId);
    if (!there) {
      for (const table of HALL_TABLES) {
        try {
          rows[table.name] = await copyTable(s, client, table, hallId, progress);
        } catch (err) {
          const why = err instanceof Error ? err.message : String(err);
          throw new Error(`hall "${hallId}": copying ${table.name} failed: ${why}; the transaction was rolled back, nothing of the hall was written`, { cause: err });
        }
      }
    }
    // The hall's lease, if missing: nobody holds it yet (owner null, fence 0); the first server to take it
    // raises the fence. A lease a server already holds is left alone.
    await client.query(`INSERT INTO hall_leases (hall_id) VALUES ($1) ON CONFLICT (hall_id) DO NOTHING`, [hallId]);
    return there ? ('already-migrated' as const) : ('copied' as const);
  });
  // Nothing of the hall was written when already there (at most its missing lease).
  if (outcome === 'already-migrated') for (const t of HALL_TABLES) rows[t.name] = 0;
  return { hallId, outcome, rows, ms: performance.now() - started };
}

/** True when the hall's log is in the target already, identical; throws MigrationRefused when it is not. */
async function alreadyThere(s: SqliteSnapshot, q: Queryable, hallId: string): Promise<boolean> {
  const log = HALL_TABLES.find((t) => t.name === 'event_log')!;
  if ((await targetCount(q, log, hallId)) > 0) {
    const { sqliteEvents, pgEvents, difference } = await compareLogs(s, q, hallId);
    if (difference === null) return true;
    throw new MigrationRefused(
      `PostgreSQL already holds ${pgEvents} events of hall "${hallId}" that differ from the ${sqliteEvents} in ${s.file} (${difference}); nothing was copied. ` +
        `Move the hall into an empty target, or remove its rows there first if they are not needed`,
    );
  }
  for (const table of HALL_TABLES) {
    const n = await targetCount(q, table, hallId);
    if (n > 0) {
      throw new MigrationRefused(
        `PostgreSQL already holds ${n} row(s) of hall "${hallId}" in ${table.name} but none of its events (a hall server started on it before the move?); nothing was copied. ` +
          `Remove the hall's rows there first (its config is copied from the file)`,
      );
    }
  }
  return false;
}

async function copyTable(s: SqliteSnapshot, q: Queryable, table: HallTable, hallId: string, progress: (p: CopyProgress) => void): Promise<number> {
  const total = sqliteCount(s, table, hallId);
  progress({ hallId, table: table.name, done: 0, total });
  if (total === 0) return 0;
  const stmt = s.db.prepare(table.select).raw(true);
  const columns = stmt.columns().map((c) => c.name);
  const insert = new BatchInsert(table, columns, await targetColumns(q, table.name));
  const perBatch = Math.max(100, Math.min(20_000, Math.floor(VALUES_PER_BATCH / columns.length)));
  let done = 0;
  let batch: unknown[][] = [];
  let writing: Promise<void> = Promise.resolve();
  // The next batch is read from SQLite while the last one is written to PostgreSQL.
  for (const row of stmt.iterate(...table.params(s, hallId)) as IterableIterator<unknown[]>) {
    batch.push(row);
    if (batch.length < perBatch) continue;
    await writing;
    writing = insert.insert(q, batch);
    done += batch.length;
    batch = [];
    progress({ hallId, table: table.name, done, total });
  }
  await writing;
  await insert.insert(q, batch);
  done += batch.length;
  progress({ hallId, table: table.name, done, total });
  return done;
}

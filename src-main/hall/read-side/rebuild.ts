import Database from 'better-sqlite3';
import { STATISTICS_PROJECTION_VERSION, StatisticsProjector } from '../../app/statistics/statistics-projector';
import { EventLogReader } from '../../storage/sqlite/event-log-reader';
import { hallDatabaseId, openReadModelForWriting, readModelFile } from '../../storage/sqlite/read-model/read-database';
import { SqliteStatisticsStore } from '../../storage/sqlite/read-model/sqlite-statistics-store';
import { catchUp } from './catch-up';
import { openProjectorLog } from './log-source';

/**
 * Throws a hall database's statistics read model away and makes it again from its event log, in this
 * thread (a command run with the server stopped). Returns how many events it read.
 */
export async function rebuildReadModels(hallDbFile: string, chunk = 5000, progress: (hallId: string, seq: number, total: number) => void = () => {}): Promise<{ halls: number; events: number }> {
  const log = new Database(hallDbFile, { readonly: true, fileMustExist: true });
  const { db } = openReadModelForWriting(readModelFile(hallDbFile), { version: STATISTICS_PROJECTION_VERSION, sourceId: hallDatabaseId(log) }, 'rebuild asked for');
  try {
    const halls = log.prepare(`SELECT id FROM hall_numbers ORDER BY no`).pluck().all() as string[];
    const reader = new EventLogReader(log);
    const store = new SqliteStatisticsStore(db);
    let events = 0;
    for (const hallId of halls) {
      const total = reader.lastSeq(hallId);
      await catchUp(reader, [new StatisticsProjector(store, hallId)], chunk, { progress: (h, seq) => progress(h, seq, total) });
      events += total;
    }
    return { halls: halls.length, events };
  } finally {
    db.close();
    log.close();
  }
}

/**
 * The same for a server whose log is in PostgreSQL: makes its local read model `readFile` again from the
 * shared log, for `halls` (default: every hall the database has). Deleting the file does the same at the
 * next start.
 */
export async function rebuildReadModelsFromPg(url: string, readFile: string, halls?: readonly string[], chunk = 5000, progress: (hallId: string, seq: number, total: number) => void = () => {}): Promise<{ halls: number; events: number }> {
  const log = await openProjectorLog({ kind: 'postgres', url });
  try {
    const { db } = openReadModelForWriting(readFile, { version: STATISTICS_PROJECTION_VERSION, sourceId: log.sourceId }, 'rebuild asked for');
    try {
      const ids = halls ?? (await allPgHalls(url));
      const store = new SqliteStatisticsStore(db);
      let events = 0;
      for (const hallId of ids) {
        const total = await log.reader.lastSeq(hallId);
        await catchUp(log.reader, [new StatisticsProjector(store, hallId)], chunk, { progress: (h, seq) => progress(h, seq, total) });
        events += total;
      }
      return { halls: ids.length, events };
    } finally {
      db.close();
    }
  } finally {
    await log.close();
  }
}

async function allPgHalls(url: string): Promise<string[]> {
  const { openPgDatabase } = await import('../../storage/postgres/pg-database');
  const db = await openPgDatabase(url, { max: 1 });
  try {
    return (await db.pool.query<{ id: string }>(`SELECT id FROM halls ORDER BY id`)).rows.map((r) => r.id);
  } finally {
    await db.close();
  }
}

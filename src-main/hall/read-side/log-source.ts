import Database from 'better-sqlite3';
import type { AuditStore } from '../../app/admin-ports';
import { Checkpointer } from '../../storage/sqlite/checkpointer';
import { EventLogReader } from '../../storage/sqlite/event-log-reader';
import { hallDatabaseId } from '../../storage/sqlite/read-model/read-database';
import { SqliteAuditStore } from '../../storage/sqlite/sqlite-audit-store';
import type { LogReader } from './catch-up';

/**
 * Where the read side reads the event log: the hall's SQLite database, or the PostgreSQL database several
 * hall servers share. The statistics read model is a local SQLite file either way.
 */
export type LogSource = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Connections each read-side thread keeps to PostgreSQL (the projector's and each query thread's pool). */
export const READ_SIDE_PG_CONNECTIONS = 2;

export interface ProjectorLog {
  reader: LogReader;
  /** The log's store identity: a read model made from another store is rebuilt. */
  sourceId: string;
  /** Housekeeping done every second (SQLite: the hall database's checkpoints, kept out of the hall's commits). */
  tick(): void;
  close(): Promise<void>;
}

export interface QueryLog {
  audit: AuditStore;
  close(): Promise<void>;
}

// PostgreSQL's modules are loaded only by threads that use them.
const pgDatabase = () => import('../../storage/postgres/pg-database');

/**
 * How long the projector waits for one read from PostgreSQL. A connection cut without a word (a network
 * partition) may never answer; the pass then fails and the next one, a second later, tries again.
 */
export const PG_READ_TIMEOUT_MS = 60_000;

function timeLimited(reader: LogReader, ms: number): LogReader {
  const within = <T>(what: string, p: T | Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the event log did not answer ${what} within ${ms / 1000} s`)), ms);
      Promise.resolve(p).then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  return {
    read: (hallId, afterSeq, limit) => within('a read', reader.read(hallId, afterSeq, limit)),
    lastSeq: (hallId) => within('for its last sequence number', reader.lastSeq(hallId)),
  };
}

/** Opens the log for the projector. Rejects when PostgreSQL cannot be reached (the projector tries again). */
export async function openProjectorLog(source: LogSource): Promise<ProjectorLog> {
  if (source.kind === 'sqlite') {
    const db = new Database(source.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    // The hall database's checkpoints happen here, not in the hall's commits (storage/sqlite/checkpointer.ts).
    let checkpointer: Checkpointer | null = null;
    try {
      const log = { reader: new EventLogReader(db), sourceId: hallDatabaseId(db) };
      checkpointer = new Checkpointer(source.file);
      const cp = checkpointer;
      return {
        ...log,
        tick: () => cp.checkpoint(),
        close: () => {
          cp.close();
          db.close();
          return Promise.resolve();
        },
      };
    } catch (err) {
      checkpointer?.close();
      db.close();
      throw err;
    }
  }
  const [{ openPgDatabase }, { PgEventLogReader }] = await Promise.all([pgDatabase(), import('../../storage/postgres/pg-event-log-reader')]);
  const db = await openPgDatabase(source.url, { max: READ_SIDE_PG_CONNECTIONS, applicationName: 'hall-queue statistics projector' });
  return { reader: timeLimited(new PgEventLogReader(db), PG_READ_TIMEOUT_MS), sourceId: db.storeId, tick: () => {}, close: () => db.close() };
}

/** Opens the log for a query thread's audit searches. */
export async function openQueryLog(source: LogSource): Promise<QueryLog> {
  if (source.kind === 'sqlite') {
    const db = new Database(source.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    // Small caches: the operating system's page cache serves repeated reads without growing this process.
    db.pragma('cache_size = -4096');
    return {
      audit: new SqliteAuditStore(db),
      close: () => {
        db.close();
        return Promise.resolve();
      },
    };
  }
  const [{ openPgDatabase }, { PgAuditStore }] = await Promise.all([pgDatabase(), import('../../storage/postgres/pg-audit-store')]);
  const db = await openPgDatabase(source.url, { max: READ_SIDE_PG_CONNECTIONS, applicationName: 'hall-queue audit searches' });
  return { audit: new PgAuditStore(db), close: () => db.close() };
}

import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { SCHEMA_VERSION } from '../sqlite/migrations';
import type { Db } from '../sqlite/open-database';

// The source of a move to PostgreSQL: a hall database opened read-only, inside one read transaction that
// lasts as long as the move, so every table of every hall is read as of one moment even if a hall server
// were still writing (WAL readers see the last commit before their transaction began).

/** A problem with the command's input, told to the user as is (exit code 1). */
export class MigrationInputError extends Error {}

export interface SqliteSnapshot {
  readonly db: Db;
  readonly file: string;
  /** Hall ids with a number in this file (every hall that ever committed), in number order. */
  readonly halls: string[];
  /** The hall's number in event_log and request_results, or undefined for a hall the file does not know. */
  hallNo(hallId: string): number | undefined;
  close(): void;
}

export type LiveCheck = 'free' | 'in-use' | 'unknown';

/**
 * Whether another connection (a running hall server) has the file open: every connection to a WAL database
 * holds a shared lock on it for as long as it is open, so an exclusive lock with no wait is refused while
 * one does. Needs write access to the file; 'unknown' without it. When nobody holds it, closing the probe
 * copies the WAL back into the file, as the server's own shutdown would have (no row changes).
 */
export function probeLiveWriter(file: string): LiveCheck {
  let probe: Database.Database;
  try {
    probe = new Database(file, { fileMustExist: true });
  } catch {
    return 'unknown';
  }
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    return 'free';
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') ? 'in-use' : 'unknown';
  } finally {
    probe.close();
  }
}

export interface OpenSnapshotOptions {
  /** Go on (with a warning) when a hall server seems to have the file open. */
  allowLive?: boolean;
  warn?: (message: string) => void;
}

export function openSnapshot(file: string, opts: OpenSnapshotOptions = {}): SqliteSnapshot {
  if (!existsSync(file)) throw new MigrationInputError(`no hall database at ${file}`);
  if (!statSync(file).isFile()) throw new MigrationInputError(`${file} is not a file`);
  // Probed before the snapshot's own connection opens (it would hold a shared lock itself).
  const live = probeLiveWriter(file);
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new MigrationInputError(`cannot open ${file}: ${(err as Error).message}`);
  }
  try {
    const tables = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]);
    if (!tables.has('event_log') || !tables.has('hall_numbers') || !tables.has('tickets')) {
      throw new MigrationInputError(`${file} is not a hall database (no event_log, hall_numbers or tickets table)`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) {
      throw new MigrationInputError(
        version < SCHEMA_VERSION
          ? `${file} has schema version ${version}, this program writes ${SCHEMA_VERSION}: start the hall server on it once (npm start) to upgrade it, then migrate`
          : `${file} has schema version ${version}, newer than this program (${SCHEMA_VERSION}): upgrade the program`,
      );
    }
    if (live === 'in-use') {
      const message = `${file} is open in another process (a hall server still running, or another migrate or check?)`;
      if (!opts.allowLive) throw new MigrationInputError(`${message}: stop it first, or pass --allow-live to copy a snapshot of its last commit anyway (later commits are not copied)`);
      opts.warn?.(`warning: ${message}; copying a snapshot of its last commit (--allow-live)`);
    } else if (live === 'unknown') {
      opts.warn?.(`warning: could not tell whether a hall server has ${file} open (no write access to lock it); make sure it is stopped`);
    }
    // One read transaction for the whole move: the snapshot begins with its first read.
    db.exec('BEGIN');
    const numbered = db.prepare(`SELECT no, id FROM hall_numbers ORDER BY no`).all() as Array<{ no: number; id: string }>;
    const numbers = new Map(numbered.map((r) => [r.id, r.no]));
    // A hall that never committed an event may still have its config, accounts and devices.
    const others = db.prepare(`SELECT id FROM halls UNION SELECT hall_id FROM config_versions UNION SELECT hall_id FROM accounts ORDER BY 1`).pluck().all() as string[];
    return {
      db,
      file,
      halls: [...new Set([...numbers.keys(), ...others])],
      hallNo: (hallId) => numbers.get(hallId),
      close() {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.close();
      },
    };
  } catch (err) {
    db.close();
    if (err instanceof MigrationInputError) throw err;
    throw new MigrationInputError(`${file} is not a hall database: ${(err as Error).message}`);
  }
}

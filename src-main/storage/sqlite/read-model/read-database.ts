import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import type { Db } from '../open-database';

// The read side's own SQLite file beside the hall database (hall.sqlite → hall.read.sqlite): statistics
// read models made from the event log. Only the projector writes it; it can always be made again from the
// log, so it is written without waiting for the disk (synchronous=OFF) and thrown away when it no longer
// fits (another version of the projection, another hall database, a log restored from an older backup,
// damage after the machine lost power).

export function readModelFile(hallDbFile: string): string {
  return hallDbFile.endsWith('.sqlite') ? `${hallDbFile.slice(0, -'.sqlite'.length)}.read.sqlite` : `${hallDbFile}.read`;
}

const SCHEMA = `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  -- How far into each hall's event log the read model goes.
  CREATE TABLE positions (
    hall TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
  );

  -- Each ticket's story: what statistics count it as. Its id begins with its service day.
  CREATE TABLE ticket_history (
    hall TEXT NOT NULL,
    id TEXT NOT NULL,
    category_id TEXT NOT NULL,
    source TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    first_called_at INTEGER,
    called_window_id INTEGER,
    called_staff_id TEXT,
    finished_at INTEGER,
    service_ms INTEGER,
    finished_window_id INTEGER,
    finished_staff_id TEXT,
    outcome TEXT NOT NULL,
    rating_level TEXT,
    rating_reasons TEXT,
    rating_comment TEXT,
    rated_at INTEGER,
    rating_channel TEXT,
    rating_real_name INTEGER,
    PRIMARY KEY (hall, id)
  ) WITHOUT ROWID;
  CREATE INDEX ticket_history_low_ratings ON ticket_history (hall, id) WHERE rating_level IN ('dissatisfied', 'very-dissatisfied');

  -- Partial figures (figures.ts) per service day (YYYY-MM-DD) or month (YYYY-MM), category, window (0:
  -- none) and staff member ('': none); a day's total over all of them has category '*', window -1, staff '*'.
  CREATE TABLE stat_cells (
    hall TEXT NOT NULL,
    period TEXT NOT NULL,
    category_id TEXT NOT NULL,
    window_id INTEGER NOT NULL,
    staff_id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (hall, period, category_id, window_id, staff_id)
  ) WITHOUT ROWID;

  -- 差评整改: one row per bad-rating case (its id is the rated ticket's id, so it begins with the service
  -- day: a range of days is a range of ids). The case itself is in body (JSON, the mobile masked as in the
  -- log); the columns beside it are what the board's filters and the reports pick cases by.
  CREATE TABLE case_records (
    hall TEXT NOT NULL,
    id TEXT NOT NULL,
    service_day TEXT NOT NULL,
    month TEXT NOT NULL,
    category_id TEXT NOT NULL,
    window_id INTEGER NOT NULL,
    staff_id TEXT,
    level TEXT NOT NULL,
    real_name INTEGER NOT NULL,
    opened_at INTEGER NOT NULL,
    warn_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    answered_at INTEGER,
    callback_answer TEXT,
    appealed INTEGER NOT NULL,
    outcome TEXT,
    state TEXT NOT NULL,
    closed_at INTEGER,
    body TEXT NOT NULL,
    PRIMARY KEY (hall, id)
  ) WITHOUT ROWID;
  CREATE INDEX case_records_window ON case_records (hall, window_id, id);
  CREATE INDEX case_records_state ON case_records (hall, state, id);
`;

export interface ReadModelIdentity {
  /** The projection's version (STATISTICS_PROJECTION_VERSION). */
  version: number;
  /** The hall database's store_meta id. */
  sourceId: string;
}

/**
 * Opens the read model for writing (the projector). Returns it empty when it was missing or did not match
 * `identity` (the old file is deleted first): the projector then rebuilds it from the log.
 */
export function openReadModelForWriting(file: string, identity: ReadModelIdentity, rebuildBecause: string | null = null): { db: Db; rebuilt: boolean; reason: string | null } {
  const reason: string | null = rebuildBecause ?? (existsSync(file) ? mismatch(file, identity) : 'missing');
  if (reason !== null) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Made again from the log if lost: it never waits for the disk (its writes must not hold up the hall
  // database's fsyncs). A crash of the machine may leave it damaged; the check below then throws it away.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -32768');
  if (reason !== null) {
    db.exec(SCHEMA);
    const put = db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?)`);
    put.run('version', String(identity.version));
    put.run('sourceId', identity.sourceId);
  }
  return { db, rebuilt: reason !== null, reason };
}

/** Why an existing read model does not fit, or null if it does. */
function mismatch(file: string, identity: ReadModelIdentity): string | null {
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true });
    const meta = new Map((db.prepare(`SELECT key, value FROM meta`).all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return `damaged (${String(check)})`;
    if (meta.get('version') !== String(identity.version)) return `projection version ${meta.get('version') ?? '?'} → ${identity.version}`;
    if (meta.get('sourceId') !== identity.sourceId) return 'made from another hall database';
    return null;
  } catch (err) {
    return `unreadable (${(err as Error).message})`;
  } finally {
    db?.close();
  }
}

/** Opens the read model read-only (query workers). */
export function openReadModelForReading(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -4096');
  return db;
}

/** The hall database's identity (store_meta), read-only. */
export function hallDatabaseId(db: Db): string {
  return db.prepare(`SELECT value FROM store_meta WHERE key = 'id'`).pluck().get() as string;
}

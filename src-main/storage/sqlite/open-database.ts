import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MigrationHooks } from './migrations';
import { ID_NUMBERS_HIDDEN, migrate } from './migrations';

export type Db = Database.Database;

/** 64 MB of WAL (16,384 pages of 4 KB). */
export const FALLBACK_CHECKPOINT_PAGES = 16_384;

/**
 * WAL with synchronous=FULL: every commit is fsynced before better-sqlite3 returns, so an acknowledged
 * ticket survives kill -9 and a power cut (NORMAL would survive the first but not the second).
 */
export function openDatabase(file: string, hooks: MigrationHooks = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  // Checkpoints (copying the WAL back into the file, with an fsync) would otherwise run inside a commit on
  // the hall's thread every 4 MB of log: the read side's thread checkpoints every second instead
  // (checkpointer.ts), and this larger limit is only a fallback if it ever stops.
  db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
  let applied: number[];
  try {
    applied = migrate(db, undefined, hooks);
  } catch (err) {
    db.close();
    throw err;
  }
  if (applied.includes(ID_NUMBERS_HIDDEN) && file !== ':memory:') {
    // What migration 7 replaced (wide masks, the key, derived actor ids) must not survive in free pages of
    // the file or in the WAL: rebuild the file, then copy the WAL back and truncate it.
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return db;
}

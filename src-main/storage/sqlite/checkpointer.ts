import Database from 'better-sqlite3';
import type { Db } from './open-database';

/**
 * Copies the hall database's WAL back into the file from a connection of its own, in a thread that is not
 * the hall's: the copy and its fsync then never run inside a commit of a call. PASSIVE never waits for
 * the writer or for readers; what it cannot copy yet it copies next time.
 */
export class Checkpointer {
  private readonly db: Db;

  constructor(file: string) {
    this.db = new Database(file, { fileMustExist: true });
    this.db.pragma('busy_timeout = 0');
    // This connection writes nothing; it must never checkpoint on its own account either.
    this.db.pragma('wal_autocheckpoint = 0');
  }

  /** Frames copied, or -1 when the database was busy (tried again next time). */
  checkpoint(): number {
    try {
      const [r] = this.db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      return r && r.busy === 0 ? r.checkpointed : -1;
    } catch {
      return -1;
    }
  }

  close(): void {
    this.db.close();
  }
}

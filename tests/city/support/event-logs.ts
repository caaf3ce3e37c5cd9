import Database from 'better-sqlite3';
import type { StoredEvent } from '../../../src-main/app/ports';
import { EventLogReader } from '../../../src-main/storage/sqlite/event-log-reader';

// Reads a hall's event log straight from a SQLite file (read-only, beside a running server or after it was
// killed), to compare the hall's own log with the city's copy event by event.

export interface LogShape {
  /** Rows of the hall in event_log; (hall, seq) is the table's key, so a duplicate cannot hide here. */
  rows: number;
  minSeq: number | null;
  maxSeq: number | null;
}

function open(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

export function logShape(file: string, hallId: string): LogShape {
  const db = open(file);
  try {
    const r = db
      .prepare(`SELECT COUNT(*) AS rows, MIN(seq) AS minSeq, MAX(seq) AS maxSeq FROM event_log WHERE hall = (SELECT no FROM hall_numbers WHERE id = ?)`)
      .get(hallId) as LogShape;
    return r;
  } finally {
    db.close();
  }
}

/** The hall's last stored sequence number in that file (0: none). */
export function lastSeqIn(file: string, hallId: string): number {
  return logShape(file, hallId).maxSeq ?? 0;
}

/** What travels to the city: seq, time, actor and the domain event (request ids and answers stay home). */
export type LoggedEvent = Pick<StoredEvent, 'seq' | 'at' | 'actor' | 'event'>;

export function readLog(file: string, hallId: string): LoggedEvent[] {
  const db = open(file);
  try {
    const reader = new EventLogReader(db);
    const out: LoggedEvent[] = [];
    for (let after = 0; ; ) {
      const page = reader.read(hallId, after, 5000);
      if (page.length === 0) return out;
      for (const e of page) out.push({ seq: e.seq, at: e.at, actor: e.actor, event: e.event });
      after = page.at(-1)!.seq;
    }
  } finally {
    db.close();
  }
}

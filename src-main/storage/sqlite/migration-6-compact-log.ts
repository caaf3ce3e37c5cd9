import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { HallEvent } from '../../domain';
import { REQUEST_MEMORY_MS } from '../../app/ports';
import { encodeEvent } from './event-codec';

// 6: the compact event log. Before it a year of a busy hall took ~12 GB, ~1.8 KB an event: every event held
// its client's acknowledged answer (kept forever though only needed for a 6-hour retry window), as plain
// JSON, in rows too large for a WITHOUT ROWID page so that most spilled into a mostly empty overflow page.
// Now: events in the compact array form (event-codec.ts) keyed by a small hall number, answers in their
// own table that forgets them after six hours, indexed columns for the audit trail (ticket number, actor,
// the rarer event types) and hour buckets that turn a time range into a range of sequence numbers.

/** Event types frequent enough that a scan finds a page of them quickly: no index entry for them. */
export const COMMON_EVENT_TYPES = ['TicketIssued', 'TicketCalled', 'ServiceStarted', 'ServiceFinished', 'ServiceRated'] as const;

const HOUR_MS = 3_600_000;

export const COMPACT_LOG_SCHEMA = `
  -- This database's identity: read models kept in another file say which database they were made from.
  CREATE TABLE store_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE hall_numbers (
    no INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
  );

  CREATE TABLE event_log (
    hall INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    -- The ticket number ("A017") the event is about: the audit trail is searched by it.
    ticket TEXT,
    -- The event's fields as a JSON array in a fixed order (event-codec.ts).
    data TEXT NOT NULL,
    PRIMARY KEY (hall, seq)
  ) WITHOUT ROWID;
  CREATE INDEX event_log_by_ticket ON event_log (hall, ticket) WHERE ticket IS NOT NULL;
  CREATE INDEX event_log_by_actor ON event_log (hall, actor_id);
  CREATE INDEX event_log_by_rare_type ON event_log (hall, type) WHERE type NOT IN (${COMMON_EVENT_TYPES.map((t) => `'${t}'`).join(', ')});
  CREATE TRIGGER event_log_append_only_update BEFORE UPDATE ON event_log
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
  CREATE TRIGGER event_log_append_only_delete BEFORE DELETE ON event_log
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

  -- First and last sequence number of each hour (epoch hours): a time range becomes a seq range.
  CREATE TABLE event_hours (
    hall INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (hall, hour)
  ) WITHOUT ROWID;

  -- The acknowledged answer of each client request, for a retry with the same request id (the service
  -- keeps them in memory and reads them back at start); "command" is what the request did, so the same id
  -- for another command is refused. Appended in time order and deleted from the front after six hours:
  -- whole pages come free and are reused, where a key on the request id would leave pages half empty.
  CREATE TABLE request_results (
    id INTEGER PRIMARY KEY,
    hall INTEGER NOT NULL,
    actor TEXT NOT NULL,
    request_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    command TEXT NOT NULL,
    result TEXT NOT NULL
  );

  -- The daily purge of personal data finds the tickets and bookings that still hold some through these
  -- (a few weeks' worth), instead of reading every ticket the hall ever issued.
  CREATE INDEX tickets_with_personal_data ON tickets (hall_id, id) WHERE citizen_id_hash IS NOT NULL OR contact_mobile IS NOT NULL;
  CREATE INDEX bookings_with_personal_data ON bookings (hall_id, day) WHERE id_hash IS NOT NULL OR mobile IS NOT NULL;
`;

interface OldEventRow {
  hall_id: string;
  seq: number;
  at: number;
  type: string;
  actor_kind: string;
  actor_id: string;
  request_id: string | null;
  data: string;
  result: string | null;
}

/** Rewrites the old log into the new tables, then drops it. Runs inside the migration's transaction. */
export function compactEventLog(db: Database.Database): void {
  db.exec(COMPACT_LOG_SCHEMA);
  db.prepare(`INSERT INTO store_meta (key, value) VALUES ('id', ?)`).run(randomUUID());
  const halls = new Map<string, number>();
  const addHall = db.prepare(`INSERT INTO hall_numbers (id) VALUES (?)`);
  const insert = db.prepare(`INSERT INTO event_log (hall, seq, at, type, actor_kind, actor_id, ticket, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const hour = db.prepare(
    `INSERT INTO event_hours (hall, hour, first_seq, last_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (hall, hour) DO UPDATE SET first_seq = MIN(first_seq, excluded.first_seq), last_seq = MAX(last_seq, excluded.last_seq)`,
  );
  const result = db.prepare(`INSERT INTO request_results (hall, actor, request_id, at, seq, command, result) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const newest = new Map(
    (db.prepare(`SELECT hall_id, MAX(at) AS at FROM events GROUP BY hall_id`).all() as Array<{ hall_id: string; at: number }>).map((r) => [r.hall_id, r.at]),
  );
  // In pages: better-sqlite3 does not write while a read is still open on the same connection.
  const page = db.prepare(`SELECT * FROM events WHERE (hall_id, seq) > (?, ?) ORDER BY hall_id, seq LIMIT 5000`);
  let after: [string, number] = ['', 0];
  for (let rows = page.all(...after) as OldEventRow[]; rows.length > 0; rows = page.all(...after) as OldEventRow[]) {
    after = [rows.at(-1)!.hall_id, rows.at(-1)!.seq];
    for (const row of rows) copy(row);
  }
  db.exec(`DROP TABLE events`);

  function copy(row: OldEventRow): void {
    let no = halls.get(row.hall_id);
    if (no === undefined) {
      no = Number(addHall.run(row.hall_id).lastInsertRowid);
      halls.set(row.hall_id, no);
    }
    const event = JSON.parse(row.data) as HallEvent;
    const e = encodeEvent({ ...event, at: row.at } as HallEvent);
    insert.run(no, row.seq, row.at, row.type, row.actor_kind, row.actor_id, e.ticket, e.data);
    hour.run(no, Math.floor(row.at / HOUR_MS), row.seq, row.seq);
    // Answers still inside the retry window move over; older ones were never needed again.
    if (row.request_id !== null && row.result !== null && row.at >= newest.get(row.hall_id)! - REQUEST_MEMORY_MS) {
      // Which command it answered was not kept: '' lets a retry through without the same-command check.
      result.run(no, `${row.actor_kind}:${row.actor_id}`, row.request_id, row.at, row.seq, '', row.result);
    }
  }
}

import type Database from 'better-sqlite3';
import { compactEventLog } from './migration-6-compact-log';
import { hideIdNumbers } from './migration-7-id-numbers';

// Numbered migrations, applied in order and tracked by PRAGMA user_version. Never edit a shipped one:
// append a new one.

/** What a migration may need from the program that opens the database. */
export interface MigrationHooks {
  /** Migration 7: puts an ID hash key found in the database outside it (throws to leave the database as it was). */
  moveIdHashKey?: ((hallId: string, key: string) => void) | undefined;
}

type Migration = string | ((db: Database.Database, hooks: MigrationHooks) => void);

const MIGRATIONS: Migration[] = [
  // 1: halls, tickets, windows, the append-only event log (with request results), accounts, devices, sessions.
  `
  CREATE TABLE halls (
    id TEXT PRIMARY KEY,
    service_day TEXT,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE tickets (
    hall_id TEXT NOT NULL,
    id TEXT NOT NULL,
    service_day TEXT NOT NULL,
    number TEXT NOT NULL,
    seq INTEGER NOT NULL,
    category_id TEXT NOT NULL,
    issued_category_id TEXT NOT NULL,
    matter_id TEXT,
    source TEXT NOT NULL,
    priority_class TEXT,
    appointment TEXT,
    citizen_masked_name TEXT,
    citizen_masked_id TEXT,
    citizen_id_hash TEXT,
    token TEXT NOT NULL,
    state TEXT NOT NULL,
    queue_key REAL NOT NULL,
    issued_at INTEGER NOT NULL,
    call_count INTEGER NOT NULL,
    called_at INTEGER,
    window_id INTEGER,
    target_window_id INTEGER,
    serving_at INTEGER,
    finished_at INTEGER,
    missed_at INTEGER,
    closed_at INTEGER,
    matter_handled TEXT,
    staff_id TEXT,
    transfer_count INTEGER NOT NULL,
    -- id is "<service day>/<number>": the key itself makes a number unique per hall and day, and
    -- a day's tickets are one range of it. No other index: every index is paid on every write.
    PRIMARY KEY (hall_id, id),
    CHECK (id = service_day || '/' || number)
  ) WITHOUT ROWID;

  CREATE TABLE windows (
    hall_id TEXT NOT NULL,
    id INTEGER NOT NULL,
    status TEXT NOT NULL,
    staff_id TEXT,
    current_ticket_id TEXT,
    pause_reason TEXT,
    paused_at INTEGER,
    opened_at INTEGER,
    priority_streak INTEGER NOT NULL,
    PRIMARY KEY (hall_id, id)
  ) WITHOUT ROWID;

  CREATE TABLE events (
    hall_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    request_id TEXT,
    data TEXT NOT NULL,
    -- The acknowledged answer to the client request that caused this event (on the request's last
    -- event only): a retry with the same request id gets it back. One row, not two, per command.
    result TEXT,
    PRIMARY KEY (hall_id, seq)
  ) WITHOUT ROWID;
  CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
  CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

  CREATE TABLE accounts (
    hall_id TEXT NOT NULL,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    PRIMARY KEY (hall_id, username)
  );

  CREATE TABLE devices (
    hall_id TEXT NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT,
    key_hash TEXT NOT NULL,
    window_id INTEGER,
    PRIMARY KEY (hall_id, id)
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    hall_id TEXT NOT NULL,
    username TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  // 2: 好差评 — the citizen's rating of a finished ticket, with the window and staff member it rates.
  `
  ALTER TABLE tickets ADD COLUMN rating_level TEXT
    CHECK (rating_level IS NULL OR rating_level IN ('very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'));
  ALTER TABLE tickets ADD COLUMN rating_reasons TEXT;
  ALTER TABLE tickets ADD COLUMN rating_comment TEXT;
  ALTER TABLE tickets ADD COLUMN rated_at INTEGER;
  ALTER TABLE tickets ADD COLUMN rated_window_id INTEGER;
  ALTER TABLE tickets ADD COLUMN rated_staff_id TEXT;
  `,
  // 3: what kiosks reported about their printers and card readers (status changes, tickets that did not
  // print, going off line): the trail staff and admins read when a citizen says "I got no ticket".
  // Kept apart from the event log, whose sequence numbers belong to the queue.
  `
  CREATE TABLE device_reports (
    hall_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    device_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('status', 'print-failed', 'offline')),
    data TEXT NOT NULL
  );
  CREATE INDEX device_reports_by_time ON device_reports (hall_id, at);
  `,
  // 4: 预约 — bookings of time slots (the ID only as a keyed hash and a masked form), and a mobile number on
  // remote and booked tickets for notices.
  `
  CREATE TABLE bookings (
    hall_id TEXT NOT NULL,
    id TEXT NOT NULL,
    code TEXT NOT NULL,
    token TEXT NOT NULL,
    category_id TEXT NOT NULL,
    matter_id TEXT,
    day TEXT NOT NULL,
    slot_start INTEGER NOT NULL,
    slot_end INTEGER NOT NULL,
    masked_name TEXT NOT NULL,
    masked_id TEXT NOT NULL,
    id_hash TEXT,
    mobile TEXT,
    state TEXT NOT NULL CHECK (state IN ('booked', 'checked-in', 'cancelled', 'no-show')),
    created_at INTEGER NOT NULL,
    checked_in_at INTEGER,
    ticket_id TEXT,
    reminded_at INTEGER,
    closed_at INTEGER,
    PRIMARY KEY (hall_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX bookings_by_day ON bookings (hall_id, day);
  ALTER TABLE tickets ADD COLUMN contact_mobile TEXT;
  `,
  // 5: admin and 电子监察 — the live hall config by version (the config file seeds version 1), the audit
  // log of admin actions (append-only like the event log), alerts with who acknowledged them, and a time
  // index on the event log for statistics and the audit page.
  `
  CREATE TABLE config_versions (
    hall_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('file', 'admin', 'import')),
    file_digest TEXT,
    config TEXT NOT NULL,
    PRIMARY KEY (hall_id, version)
  ) WITHOUT ROWID;

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hall_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX audit_log_by_time ON audit_log (hall_id, at);
  CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hall_id TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('wait', 'service', 'pause', 'device')),
    level TEXT NOT NULL CHECK (level IN ('yellow', 'red')),
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    message_en TEXT NOT NULL,
    since INTEGER NOT NULL,
    raised_at INTEGER NOT NULL,
    escalated_at INTEGER,
    cleared_at INTEGER,
    acknowledged_at INTEGER,
    acknowledged_by TEXT,
    ack_note TEXT
  );
  CREATE INDEX alerts_by_time ON alerts (hall_id, raised_at);
  CREATE INDEX alerts_open ON alerts (hall_id) WHERE cleared_at IS NULL OR acknowledged_at IS NULL;

  CREATE INDEX events_by_time ON events (hall_id, at);
  `,
  // 6: the compact event log (migration-6-compact-log.ts): a fifth of the bytes, request answers apart and
  // forgotten after six hours, indexed columns for the audit trail.
  compactEventLog,
  // 7: no ID number recoverable from the file (migration-7-id-numbers.ts): narrower masks, citizens' actor
  // ids no longer derived from the ID number, the ID hash key moved out of the stored configs.
  hideIdNumbers,
  // 8: linked halls. At a township hall: how far its uploads to the city got and which catalogue it runs.
  // At the city: the catalogue versions it published, and what it knows of each member hall.
  `
  CREATE TABLE uplink_state (
    hall_id TEXT PRIMARY KEY,
    acked_seq INTEGER NOT NULL DEFAULT 0,
    catalogue_version INTEGER,
    catalogue_refused TEXT,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE city_catalogues (
    city_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    published_by TEXT NOT NULL,
    catalogue TEXT NOT NULL,
    PRIMARY KEY (city_id, version)
  );
  CREATE TABLE city_members (
    hall_id TEXT PRIMARY KEY,
    profile TEXT,
    last_contact INTEGER,
    status TEXT
  );

  -- A config version may come from the city's catalogue (source 'city'): SQLite widens a CHECK by rebuilding the table.
  CREATE TABLE config_versions_new (
    hall_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('file', 'admin', 'import', 'city')),
    file_digest TEXT,
    config TEXT NOT NULL,
    PRIMARY KEY (hall_id, version)
  ) WITHOUT ROWID;
  INSERT INTO config_versions_new (hall_id, version, at, actor_kind, actor_id, source, file_digest, config)
    SELECT hall_id, version, at, actor_kind, actor_id, source, file_digest, config FROM config_versions;
  DROP TABLE config_versions;
  ALTER TABLE config_versions_new RENAME TO config_versions;
  `,
  // 9: 好差评 closed loop. A rating's channel and whether it is real-name; bad-rating cases (current state,
  // written with the events that change them, like tickets); the provincial 好差评 upload's position.
  `
  ALTER TABLE tickets ADD COLUMN rating_channel TEXT;
  ALTER TABLE tickets ADD COLUMN rating_real_name INTEGER;
  CREATE TABLE rating_cases (
    hall_id TEXT NOT NULL,
    -- The ticket id: its day prefix makes a month of cases one range of the key.
    id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('verifying', 'rectifying', 'appealed', 'answered', 'reviewed', 'closed')),
    window_id INTEGER NOT NULL,
    staff_id TEXT,
    team_id TEXT,
    category_id TEXT NOT NULL,
    level TEXT NOT NULL,
    real_name INTEGER NOT NULL,
    opened_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    answered_at INTEGER,
    closed_at INTEGER,
    outcome TEXT,
    callback_answer TEXT,
    -- The full number for the callback; cleared when the case closes and the retention has passed.
    mobile TEXT,
    -- The whole case (RatingCase) as JSON, its mobile masked.
    body TEXT NOT NULL,
    PRIMARY KEY (hall_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX rating_cases_open ON rating_cases (hall_id, state) WHERE state <> 'closed';
  CREATE INDEX rating_cases_by_opened ON rating_cases (hall_id, opened_at);
  CREATE TABLE province_uploads (
    hall_id TEXT PRIMARY KEY,
    -- Every event up to here was turned into records and delivered (or had nothing to deliver).
    acked_seq INTEGER NOT NULL DEFAULT 0,
    delivered INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    last_attempt_at INTEGER,
    last_success_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  -- 电子监察 alerts gain the kind 'case' (a bad-rating case near or past its deadline): SQLite widens a
  -- CHECK by rebuilding the table (ids kept, so acknowledgements still point at them).
  CREATE TABLE alerts_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hall_id TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('wait', 'service', 'pause', 'device', 'case')),
    level TEXT NOT NULL CHECK (level IN ('yellow', 'red')),
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    message_en TEXT NOT NULL,
    since INTEGER NOT NULL,
    raised_at INTEGER NOT NULL,
    escalated_at INTEGER,
    cleared_at INTEGER,
    acknowledged_at INTEGER,
    acknowledged_by TEXT,
    ack_note TEXT
  );
  INSERT INTO alerts_new SELECT id, hall_id, key, kind, level, subject, message, message_en, since, raised_at, escalated_at, cleared_at, acknowledged_at, acknowledged_by, ack_note FROM alerts;
  DROP TABLE alerts;
  ALTER TABLE alerts_new RENAME TO alerts;
  CREATE INDEX alerts_by_time ON alerts (hall_id, raised_at);
  CREATE INDEX alerts_open ON alerts (hall_id) WHERE cleared_at IS NULL OR acknowledged_at IS NULL;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
/** The version after migration 7 (ID numbers hidden): opening a file that reaches it also vacuums it. */
export const ID_NUMBERS_HIDDEN = 7;

/**
 * Brings the database to this program's schema (or, for tests of a migration, only up to `upTo`); returns
 * the versions it applied.
 */
export function migrate(db: Database.Database, upTo = MIGRATIONS.length, hooks: MigrationHooks = {}): number[] {
  const applied: number[] = [];
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this program (${MIGRATIONS.length}); upgrade the program`);
  }
  for (let v = current; v < upTo; v++) {
    const step = MIGRATIONS[v]!;
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db, hooks);
      db.pragma(`user_version = ${v + 1}`);
    })();
    applied.push(v + 1);
  }
  return applied;
}

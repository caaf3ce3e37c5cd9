import type pg from 'pg';
import { COMMON_EVENT_TYPES } from '../sqlite/migration-6-compact-log';
import { inTransaction } from './pg-transaction';

// Numbered migrations of the PostgreSQL store, tracked in schema_migrations. Never edit a shipped one: append
// a new one. Column names are those of the SQLite tables after all of SQLite's migrations, so the row mappers
// of storage/sqlite (ticket-rows.ts, booking-rows.ts) read these rows too. Times are epoch milliseconds.
//
// Text columns that are compared as ranges or sorted ("2026-11-23/A017" > "2026-11-23/") are COLLATE "C":
// byte order, as in SQLite, whatever the database's default collation (in most locales '/' sorts unlike it).

const RARE_TYPE_CONDITION = `type NOT IN (${COMMON_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`;

const MIGRATIONS: string[] = [
  // 1: everything SQLite has after its migration 7, plus the tables of several servers sharing the database.
  `
  CREATE FUNCTION hq_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_ARGV[0]; END
  $$;

  -- This database's identity: read models kept elsewhere say which store they were made from.
  CREATE TABLE store_meta (
    key text PRIMARY KEY,
    value text NOT NULL
  );
  INSERT INTO store_meta (key, value) VALUES ('id', gen_random_uuid()::text);

  CREATE TABLE halls (
    id text PRIMARY KEY,
    service_day text,
    updated_at bigint NOT NULL
  );

  CREATE TABLE tickets (
    hall_id text NOT NULL,
    id text COLLATE "C" NOT NULL,
    service_day text COLLATE "C" NOT NULL,
    number text COLLATE "C" NOT NULL,
    seq integer NOT NULL,
    category_id text NOT NULL,
    issued_category_id text NOT NULL,
    matter_id text,
    source text NOT NULL,
    priority_class text,
    appointment text,
    citizen_masked_name text,
    citizen_masked_id text,
    citizen_id_hash text,
    token text NOT NULL,
    state text NOT NULL,
    queue_key double precision NOT NULL,
    issued_at bigint NOT NULL,
    call_count integer NOT NULL,
    called_at bigint,
    window_id integer,
    target_window_id integer,
    serving_at bigint,
    finished_at bigint,
    missed_at bigint,
    closed_at bigint,
    matter_handled text,
    staff_id text,
    transfer_count integer NOT NULL,
    rating_level text
      CHECK (rating_level IS NULL OR rating_level IN ('very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied')),
    rating_reasons text,
    rating_comment text,
    rated_at bigint,
    rated_window_id integer,
    rated_staff_id text,
    contact_mobile text,
    -- The key itself makes a number unique per hall and day, and a day's tickets are one range of it.
    PRIMARY KEY (hall_id, id),
    CHECK (id = service_day || '/' || number)
  );

  CREATE TABLE windows (
    hall_id text NOT NULL,
    id integer NOT NULL,
    status text NOT NULL,
    staff_id text,
    current_ticket_id text,
    pause_reason text,
    paused_at bigint,
    opened_at bigint,
    priority_streak integer NOT NULL,
    PRIMARY KEY (hall_id, id)
  );

  CREATE TABLE bookings (
    hall_id text NOT NULL,
    id text COLLATE "C" NOT NULL,
    code text NOT NULL,
    token text NOT NULL,
    category_id text NOT NULL,
    matter_id text,
    day text COLLATE "C" NOT NULL,
    slot_start bigint NOT NULL,
    slot_end bigint NOT NULL,
    masked_name text NOT NULL,
    masked_id text NOT NULL,
    id_hash text,
    mobile text,
    state text NOT NULL CHECK (state IN ('booked', 'checked-in', 'cancelled', 'no-show')),
    created_at bigint NOT NULL,
    checked_in_at bigint,
    ticket_id text,
    reminded_at bigint,
    closed_at bigint,
    PRIMARY KEY (hall_id, id)
  );
  CREATE INDEX bookings_by_day ON bookings (hall_id, day, id);

  -- The daily purge of personal data finds the rows that still hold some through these (a few weeks' worth).
  CREATE INDEX tickets_with_personal_data ON tickets (hall_id, id) WHERE citizen_id_hash IS NOT NULL OR contact_mobile IS NOT NULL;
  CREATE INDEX bookings_with_personal_data ON bookings (hall_id, day) WHERE id_hash IS NOT NULL OR mobile IS NOT NULL;

  -- The compact log (storage/sqlite/event-codec.ts): "data" is the event's fields as a JSON array. Keyed by
  -- the hall's id itself: PostgreSQL's index deduplication keeps the repeated text small.
  CREATE TABLE event_log (
    hall_id text NOT NULL,
    seq bigint NOT NULL,
    at bigint NOT NULL,
    type text NOT NULL,
    actor_kind text NOT NULL,
    actor_id text NOT NULL,
    ticket text,
    data text NOT NULL,
    PRIMARY KEY (hall_id, seq)
  );
  -- No hour buckets as in SQLite: a time range is a range of this index.
  CREATE INDEX event_log_by_time ON event_log (hall_id, at);
  CREATE INDEX event_log_by_ticket ON event_log (hall_id, ticket) WHERE ticket IS NOT NULL;
  CREATE INDEX event_log_by_actor ON event_log (hall_id, actor_id);
  CREATE INDEX event_log_by_rare_type ON event_log (hall_id, type) WHERE ${RARE_TYPE_CONDITION};
  CREATE TRIGGER event_log_append_only BEFORE UPDATE OR DELETE ON event_log
    FOR EACH ROW EXECUTE FUNCTION hq_refuse_change('the event log');
  CREATE TRIGGER event_log_no_truncate BEFORE TRUNCATE ON event_log
    FOR EACH STATEMENT EXECUTE FUNCTION hq_refuse_change('the event log');

  -- Acknowledged answers kept six hours for retries with the same request id (storage/sqlite/request-results.ts).
  CREATE TABLE request_results (
    id bigserial PRIMARY KEY,
    hall_id text NOT NULL,
    actor text NOT NULL,
    request_id text NOT NULL,
    at bigint NOT NULL,
    seq bigint NOT NULL,
    command text NOT NULL,
    result text NOT NULL
  );
  CREATE INDEX request_results_by_time ON request_results (hall_id, at);

  CREATE TABLE accounts (
    hall_id text NOT NULL,
    username text COLLATE "C" NOT NULL,
    display_name text NOT NULL,
    role text NOT NULL,
    password_hash text NOT NULL,
    PRIMARY KEY (hall_id, username)
  );

  CREATE TABLE devices (
    hall_id text NOT NULL,
    id text NOT NULL,
    kind text NOT NULL,
    name text,
    key_hash text NOT NULL,
    window_id integer,
    PRIMARY KEY (hall_id, id)
  );

  CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    hall_id text NOT NULL,
    username text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL
  );
  CREATE INDEX sessions_by_account ON sessions (hall_id, username);

  CREATE TABLE config_versions (
    hall_id text NOT NULL,
    version integer NOT NULL,
    at bigint NOT NULL,
    actor_kind text NOT NULL,
    actor_id text NOT NULL,
    source text NOT NULL CHECK (source IN ('file', 'admin', 'import')),
    file_digest text,
    -- As written (JSON text): read back and validated by the program, like SQLite's.
    config text NOT NULL,
    PRIMARY KEY (hall_id, version)
  );

  CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    hall_id text NOT NULL,
    at bigint NOT NULL,
    actor_kind text NOT NULL,
    actor_id text NOT NULL,
    action text NOT NULL,
    summary text NOT NULL,
    summary_en text NOT NULL,
    data text NOT NULL
  );
  CREATE INDEX audit_log_by_time ON audit_log (hall_id, at);
  CREATE INDEX audit_log_by_hall ON audit_log (hall_id, id);
  CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION hq_refuse_change('the audit log');
  CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION hq_refuse_change('the audit log');

  CREATE TABLE alerts (
    id bigserial PRIMARY KEY,
    hall_id text NOT NULL,
    key text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('wait', 'service', 'pause', 'device')),
    level text NOT NULL CHECK (level IN ('yellow', 'red')),
    subject text NOT NULL,
    message text NOT NULL,
    message_en text NOT NULL,
    since bigint NOT NULL,
    raised_at bigint NOT NULL,
    escalated_at bigint,
    cleared_at bigint,
    acknowledged_at bigint,
    acknowledged_by text,
    ack_note text
  );
  CREATE INDEX alerts_by_time ON alerts (hall_id, raised_at);
  CREATE INDEX alerts_open ON alerts (hall_id) WHERE cleared_at IS NULL OR acknowledged_at IS NULL;

  -- "id" stands in for SQLite's rowid: reports of the same millisecond read back in the order written.
  CREATE TABLE device_reports (
    id bigserial PRIMARY KEY,
    hall_id text NOT NULL,
    at bigint NOT NULL,
    device_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('status', 'print-failed', 'offline')),
    data text NOT NULL
  );
  CREATE INDEX device_reports_by_time ON device_reports (hall_id, at);

  -- Several hall servers on one database: who is alive, and which server runs which hall. A server's commit
  -- checks the hall's fence (FOR KEY SHARE); a takeover locks the row (FOR UPDATE) and raises the fence.
  CREATE TABLE cluster_instances (
    id text PRIMARY KEY,
    url text NOT NULL,
    started_at bigint NOT NULL,
    heartbeat_at timestamptz NOT NULL
  );
  CREATE TABLE hall_leases (
    hall_id text PRIMARY KEY,
    owner text,
    fence bigint NOT NULL DEFAULT 0,
    expires_at timestamptz NOT NULL DEFAULT 'epoch'
  );
  `,
  // 8: linked halls (see the SQLite migration 8).
  `
  CREATE TABLE uplink_state (
    hall_id text PRIMARY KEY,
    acked_seq bigint NOT NULL DEFAULT 0,
    catalogue_version integer,
    catalogue_refused text,
    updated_at bigint NOT NULL
  );
  CREATE TABLE city_catalogues (
    city_id text NOT NULL,
    version integer NOT NULL,
    published_at bigint NOT NULL,
    published_by text NOT NULL,
    catalogue text NOT NULL,
    PRIMARY KEY (city_id, version)
  );
  CREATE TABLE city_members (
    hall_id text PRIMARY KEY,
    profile text,
    last_contact bigint,
    status text
  );
  -- A city platform on several servers: what each server shows of the member halls it runs (a hall's
  -- CityHallView facts as JSON, by the server holding it), read by every server for the overview. PostgreSQL
  -- only: a SQLite city runs on one server and keeps this in memory.
  CREATE SEQUENCE city_hall_view_versions;
  CREATE TABLE city_hall_views (
    hall_id text PRIMARY KEY,
    owner text NOT NULL,
    view text NOT NULL,
    version bigint NOT NULL DEFAULT nextval('city_hall_view_versions')
  );
  CREATE INDEX city_hall_views_by_version ON city_hall_views (version);
  -- The nonces of linked halls' signed requests within the accepted clock window, shared by the city's
  -- servers: a request seen by a server that has since died cannot be replayed to the next one.
  CREATE TABLE city_link_nonces (
    hall_id text NOT NULL,
    nonce text NOT NULL,
    at bigint NOT NULL,
    PRIMARY KEY (hall_id, nonce)
  );
  CREATE INDEX city_link_nonces_by_at ON city_link_nonces (at);
  -- A config version may come from the city's catalogue (source 'city').
  ALTER TABLE config_versions DROP CONSTRAINT config_versions_source_check,
    ADD CONSTRAINT config_versions_source_check CHECK (source IN ('file', 'admin', 'import', 'city'));
  `,
  // 9: 好差评 closed loop (as SQLite's migration 9).
  `
  ALTER TABLE tickets ADD COLUMN rating_channel text, ADD COLUMN rating_real_name integer;
  CREATE TABLE rating_cases (
    hall_id text NOT NULL,
    id text COLLATE "C" NOT NULL,
    state text NOT NULL CHECK (state IN ('verifying', 'rectifying', 'appealed', 'answered', 'reviewed', 'closed')),
    window_id integer NOT NULL,
    staff_id text,
    team_id text,
    category_id text NOT NULL,
    level text NOT NULL,
    real_name integer NOT NULL,
    opened_at bigint NOT NULL,
    due_at bigint NOT NULL,
    answered_at bigint,
    closed_at bigint,
    outcome text,
    callback_answer text,
    mobile text,
    body text NOT NULL,
    PRIMARY KEY (hall_id, id)
  );
  CREATE INDEX rating_cases_open ON rating_cases (hall_id, state) WHERE state <> 'closed';
  CREATE INDEX rating_cases_by_opened ON rating_cases (hall_id, opened_at);
  CREATE TABLE province_uploads (
    hall_id text PRIMARY KEY,
    acked_seq bigint NOT NULL DEFAULT 0,
    delivered bigint NOT NULL DEFAULT 0,
    last_error text,
    last_attempt_at bigint,
    last_success_at bigint,
    updated_at bigint NOT NULL
  );
  ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check,
    ADD CONSTRAINT alerts_kind_check CHECK (kind IN ('wait', 'service', 'pause', 'device', 'case'));
  `,
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/** Any constant shared by every program that migrates this schema: two servers starting together wait on it. */
const MIGRATION_LOCK = 0x68715f6d; // "hq_m"

/**
 * Brings the database to this program's schema (or only up to `upTo`, for tests); returns the versions it
 * applied. Everything runs in one transaction under a transaction-level advisory lock: of several servers
 * starting at once against an empty database exactly one applies the migrations, the others wait for its
 * commit and then find nothing left to do. A failed migration leaves the database as it was.
 */
export async function migratePg(pool: pg.Pool, upTo = MIGRATIONS.length): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(`database schema version ${current} is newer than this program (${MIGRATIONS.length}); upgrade the program`);
    }
    const applied: number[] = [];
    for (let v = current; v < upTo; v++) {
      await client.query(MIGRATIONS[v]!);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [v + 1]);
      applied.push(v + 1);
    }
    return applied;
  });
}

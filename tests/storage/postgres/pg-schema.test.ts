import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePg, openPgDatabase, PG_SCHEMA_VERSION, redactedUrl } from '../../../src-main/storage/postgres';
import type { FreshPgDatabase } from '../../support/pg';
import { freshPgDatabase } from '../../support/pg';

// The PostgreSQL schema: migrations applied once however many servers start together, a newer database
// refused, the same constraints as SQLite's, append-only logs.

describe('PostgreSQL schema and migrations', () => {
  const fresh: FreshPgDatabase[] = [];
  const database = async () => {
    const d = await freshPgDatabase();
    fresh.push(d);
    return d;
  };
  afterAll(async () => {
    for (const d of fresh) await d.drop();
  });

  it('migrates an empty database, then finds nothing to do the second time; the store keeps its id', async () => {
    const d = await database();
    const a = await openPgDatabase(d.url);
    const versions = await a.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.rows.map((r) => r.version)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(await migratePg(a.pool)).toEqual([]);
    await a.close();
    const b = await openPgDatabase(d.url);
    expect(b.storeId).toBe(a.storeId);
    expect(b.storeId).toMatch(/^[0-9a-f-]{36}$/);
    await b.close();
  });

  it('three servers starting at once against one empty database: exactly one applies the migrations, all open it', async () => {
    const d = await database();
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: d.url, max: 2 }));
    const applied = await Promise.all(pools.map((p) => migratePg(p)));
    expect(applied.filter((a) => a.length > 0)).toEqual([Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1)]);
    expect(applied.filter((a) => a.length === 0)).toHaveLength(2);
    const ids = await Promise.all(pools.map(async (p) => (await p.query(`SELECT value FROM store_meta WHERE key = 'id'`)).rows));
    expect(ids.every((rows) => rows.length === 1 && rows[0].value === ids[0]![0].value)).toBe(true);
    await Promise.all(pools.map((p) => p.end()));
    // And through openPgDatabase, concurrently, on a second empty database.
    const e = await database();
    const dbs = await Promise.all([0, 1, 2].map(() => openPgDatabase(e.url, { max: 2 })));
    expect(new Set(dbs.map((db) => db.storeId)).size).toBe(1);
    await Promise.all(dbs.map((db) => db.close()));
  });

  it('refuses a database from a newer version of the program', async () => {
    const d = await database();
    const db = await openPgDatabase(d.url);
    await db.pool.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [PG_SCHEMA_VERSION + 1]);
    await db.close();
    await expect(openPgDatabase(d.url)).rejects.toThrow(/newer than this program/);
  });

  it('parses bigint and numeric to numbers in its own pools only, not in pg globally', async () => {
    const d = await database();
    const db = await openPgDatabase(d.url);
    const { rows } = await db.pool.query('SELECT 1764000000000::bigint AS at, COUNT(*) AS n, SUM(2) AS s FROM store_meta');
    expect(rows[0]).toEqual({ at: 1764000000000, n: 1, s: 2 });
    const plain = new pg.Client({ connectionString: d.url });
    await plain.connect();
    expect((await plain.query('SELECT 5::bigint AS x')).rows[0].x).toBe('5');
    await plain.end();
    await db.close();
  });

  it('the database refuses a second ticket with the same number on the same day, and an id that is not day/number', async () => {
    const d = await database();
    const db = await openPgDatabase(d.url);
    const insert = (id: string) =>
      db.pool.query(
        `INSERT INTO tickets (hall_id, id, service_day, number, seq, category_id, issued_category_id, source, token, state, queue_key, issued_at, call_count, transfer_count)
         VALUES ('h', $1, '2026-11-23', 'A001', 1, 'A', 'A', 'kiosk', 't', 'waiting', 1, 0, 0, 0)`,
        [id],
      );
    await insert('2026-11-23/A001');
    await expect(insert('2026-11-23/A001')).rejects.toThrow(/duplicate key/);
    await expect(insert('2026-11-23/A002')).rejects.toThrow(/check constraint/);
    await expect(db.pool.query(`INSERT INTO alerts (hall_id, key, kind, level, subject, message, message_en, since, raised_at) VALUES ('h', 'k', 'nope', 'red', 's', 'm', 'm', 0, 0)`)).rejects.toThrow(/check constraint/);
    await db.close();
  });

  it('the event log and the audit log are append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const d = await database();
    const db = await openPgDatabase(d.url);
    await db.pool.query(`INSERT INTO event_log (hall_id, seq, at, type, actor_kind, actor_id, ticket, data) VALUES ('h', 1, 5, 'TicketCancelled', 'system', 'hall', 'A001', '["2026-11-23/A001"]')`);
    await db.pool.query(`INSERT INTO audit_log (hall_id, at, actor_kind, actor_id, action, summary, summary_en, data) VALUES ('h', 5, 'admin', 'a', 'config.update', 's', 's', '{}')`);
    await expect(db.pool.query(`UPDATE event_log SET data = '[]'`)).rejects.toThrow(/the event log is append-only/);
    await expect(db.pool.query(`DELETE FROM event_log`)).rejects.toThrow(/the event log is append-only/);
    await expect(db.pool.query(`TRUNCATE event_log`)).rejects.toThrow(/the event log is append-only/);
    await expect(db.pool.query(`UPDATE audit_log SET summary = 'x'`)).rejects.toThrow(/the audit log is append-only/);
    await expect(db.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/the audit log is append-only/);
    expect((await db.pool.query('SELECT data FROM event_log')).rows).toEqual([{ data: '["2026-11-23/A001"]' }]);
    await db.close();
  });

  it('the cluster tables exist as the cluster code expects them', async () => {
    const d = await database();
    const db = await openPgDatabase(d.url);
    const cols = await db.pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_name IN ('cluster_instances', 'hall_leases') ORDER BY table_name, ordinal_position`,
    );
    expect(cols.rows.map((c) => `${c.table_name}.${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}${c.column_default ? ` default ${c.column_default}` : ''}`)).toEqual([
      'cluster_instances.id text not null',
      'cluster_instances.url text not null',
      'cluster_instances.started_at bigint not null',
      'cluster_instances.heartbeat_at timestamp with time zone not null',
      'hall_leases.hall_id text not null',
      'hall_leases.owner text',
      'hall_leases.fence bigint not null default 0',
      "hall_leases.expires_at timestamp with time zone not null default '1970-01-01 00:00:00+00'::timestamp with time zone",
    ]);
    await db.close();
  });

  it('never shows a password in what it reports', async () => {
    expect(redactedUrl('postgres://hq:s3cret@db.example:5432/halls?sslmode=require')).toBe('postgres://hq:***@db.example:5432/halls?sslmode=require');
    expect(redactedUrl('host=db user=hq password=s3cret dbname=halls')).toBe('host=db user=hq password=*** dbname=halls');
    const err = await openPgDatabase('postgres://hq:s3cret@127.0.0.1:1/halls').catch((e: Error) => e);
    expect(String(err)).toMatch(/cannot open the PostgreSQL store at postgres:\/\/hq:\*\*\*@127\.0\.0\.1:1\/halls/);
    expect(`${String(err)} ${JSON.stringify(err)} ${String((err as Error).cause)}`).not.toContain('s3cret');
  });
});

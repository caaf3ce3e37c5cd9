import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchHallConfig } from '../../bench/bench-config';
import { simulateHistory } from '../../scripts/hall-history/simulate-history';
import { HallService } from '../../src-main/app/hall-service';
import { hallConfigSchema } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { openPgDatabase } from '../../src-main/storage/postgres/pg-database';
import type { PgDb } from '../../src-main/storage/postgres/pg-database';
import { pgHallReader } from '../../src-main/storage/migrate/pg-hall-reader';
import { EXIT, runCheck, runMigrate } from '../../src-main/storage/migrate/run';
import { openSnapshot } from '../../src-main/storage/migrate/sqlite-snapshot';
import { HALL_TABLES } from '../../src-main/storage/migrate/tables';
import { MONDAY_9AM_BEIJING, ManualClock } from '../support/clock';
import { closeAllSockets, demoConfig, startTestServer, tempDir } from '../support/hall-fixture';
import type { FreshPgDatabase } from '../support/pg';
import { freshPgDatabase, pgAvailable } from '../support/pg';
import type { DayPlan } from '../support/simulated-day';
import { runSimulatedDay } from '../support/simulated-day';

// `npm run hall -- migrate` on a real hall database: a morning of the demo hall run through the real server
// (tickets, windows, ratings, alerts, kiosk reports, sessions, configs), moved into a fresh PostgreSQL
// database, checked, moved again, refused, and broken in the middle of its transaction.

const ROOT = join(import.meta.dirname, '../..');
const HALL = demoConfig().id;
const OTHER = 'bench-hall';

const PLAN: DayPlan = {
  arrivalsByHour: [
    { A: 4, C: 5, E: 3 },
    { A: 3, C: 4, E: 2, D: 1 },
    { A: 8, C: 12, E: 6 },
  ],
  serviceMinutes: { A: 12, C: 6, D: 15, E: 8 },
  windows: [
    { windowId: 1, staff: 'staff01' },
    { windowId: 6, staff: 'staff06', pause: { at: 40, minutes: 25, reason: '会议' } },
    { windowId: 9, staff: 'staff09', opensAt: 30 },
  ],
  noShowEvery: 6,
  ratings: ['very-satisfied', 'satisfied', 'dissatisfied', 'basic'],
  rateEvery: 2,
  kioskFaults: [{ at: 20, until: 25, printer: 'paper-out' }],
  // Stops before the queues drain: the open queue the check compares is not empty.
  tailMinutes: 0,
};

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/hall-cli.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Rows of the hall in every table of the target (and its lease). */
async function hallRows(url: string, hall = HALL): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of [...HALL_TABLES, { name: 'hall_leases', hallColumn: 'hall_id' }]) {
      const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${t.name} WHERE ${t.hallColumn} = $1`, [hall]);
      out[t.name] = Number(rows[0]!.n);
    }
    return out;
  } finally {
    await client.end();
  }
}

async function sql(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

function sqliteCounts(file: string, hall = HALL): Record<string, number> {
  const s = openSnapshot(file);
  try {
    return Object.fromEntries(HALL_TABLES.map((t) => [t.name, s.db.prepare(`SELECT COUNT(*) FROM (${t.select})`).pluck().get(...t.params(s, hall)) as number]));
  } finally {
    s.close();
  }
}

const available = await pgAvailable();

describe.skipIf(!available)('moving a hall from SQLite to PostgreSQL', () => {
  const tmp = tempDir('migrate-pg-');
  const file = join(tmp.dir, 'hall.sqlite');
  const targets: FreshPgDatabase[] = [];
  let counts: Record<string, number>;

  /** A fresh database with the store's schema (as a hall server or the command would leave it). */
  async function target(): Promise<string> {
    const t = await freshPgDatabase();
    targets.push(t);
    const db = await openPgDatabase(t.url, { max: 1 });
    await db.close();
    return t.url;
  }

  /** Runs a command in-process; returns its exit code and what it printed. */
  async function run(command: 'migrate' | 'check', url: string, halls = [HALL]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const snapshot = openSnapshot(file);
    const db: PgDb = await openPgDatabase(url, { max: 3 });
    try {
      const code = await (command === 'migrate' ? runMigrate : runCheck)({
        snapshot,
        pg: db,
        pgStore: (hallId) => pgHallReader(db, hallId),
        halls,
        io: { out: (l) => out.push(l), err: (l) => err.push(l) },
        progressEveryMs: 0,
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      snapshot.close();
      await db.close();
    }
  }

  beforeAll(async () => {
    const clock = new ManualClock(MONDAY_9AM_BEIJING);
    const server = await startTestServer({ clock, dbFile: file });
    try {
      await runSimulatedDay(server, clock, PLAN);
    } finally {
      closeAllSockets();
      await server.stop();
    }
    // A second hall in the same file, a few days of it straight through HallService and the store.
    const db = openDatabase(file);
    try {
      const config = hallConfigSchema.parse(benchHallConfig(6, 1, 'scrypt$x'));
      const days = { t: zonedEpoch('2026-11-02', 8 * 60, config.timeZone), now: () => days.t };
      const service = await HallService.open(config, new SqliteHallStore(db), days);
      await simulateHistory(service, days, { firstDay: '2026-11-02', days: 3, visitorsPerDay: 60, seed: 5 });
      await service.drain();
    } finally {
      db.close();
    }
    counts = sqliteCounts(file);
  }, 120_000);

  afterAll(async () => {
    for (const t of targets) await t.drop();
    tmp.cleanup();
  });

  it('copies every table of the hall, checks it identical, and says "already migrated" the second time', async () => {
    // A hall worth checking: an open queue, answers, alerts, kiosk reports, sessions, a config.
    for (const t of ['event_log', 'tickets', 'windows', 'request_results', 'accounts', 'devices', 'sessions', 'config_versions', 'alerts', 'device_reports', 'halls']) {
      expect(counts[t], t).toBeGreaterThan(0);
    }
    const url = await target();
    const first = await run('migrate', url);
    expect(first.code, first.out + first.err).toBe(EXIT.ok);
    expect(first.out).toContain('identical: event log, open queue, request results, statistics');
    expect(first.err).toMatch(/demo-county: event_log \d+ \/ \d+ rows \(100 %\), \d+\.\d s/);
    const copied = await hallRows(url);
    expect(copied).toEqual({ ...counts, hall_leases: 1 });
    expect((await sql(url, `SELECT owner, fence FROM hall_leases WHERE hall_id = $1`, [HALL])).rows).toEqual([{ owner: null, fence: '0' }]);

    // A re-run copies nothing, and gives back a lease row gone missing.
    await sql(url, `DELETE FROM hall_leases WHERE hall_id = $1`, [HALL]);
    const again = await run('migrate', url);
    expect(again.code).toBe(EXIT.ok);
    expect(again.out).toContain('hall demo-county: already migrated');
    expect(again.out).toContain('identical');
    expect(await hallRows(url)).toEqual(copied);

    const check = await run('check', url);
    expect(check.code).toBe(EXIT.ok);
    expect(check.out).toContain('identical');

    // A changed waiting ticket: the open queue differs, and the check says where.
    const waiting = await sql(url, `UPDATE tickets SET queue_key = queue_key + 0.5 WHERE hall_id = $1 AND state = 'waiting'`, [HALL]);
    expect(waiting.rowCount).toBeGreaterThan(0);
    const changed = await run('check', url);
    expect(changed.code).toBe(EXIT.failed);
    expect(changed.out).toMatch(/DIFFERENT open queue \(loadHall\): tickets\[\d+\]\.queueKey/);
  });

  it('refuses a target holding other events of the hall, and leaves it as it was', async () => {
    const url = await target();
    await sql(url, `INSERT INTO event_log (hall_id, seq, at, type, actor_kind, actor_id, ticket, data) VALUES ($1, 1, 0, 'WindowResumed', 'system', 'hall', NULL, '[1]')`, [HALL]);
    const before = await hallRows(url);
    const r = await run('migrate', url);
    expect(r.code).toBe(EXIT.refused);
    expect(r.err).toMatch(/PostgreSQL already holds 1 events of hall "demo-county" that differ/);
    expect(await hallRows(url)).toEqual(before);
  });

  it('leaves no row of the hall when the transaction fails in the middle, and copies it on the next run', async () => {
    const url = await target();
    // The 5th ticket row fails: halls, configs, accounts, … and 4 tickets were already written by then.
    await sql(url, `
      CREATE SEQUENCE boom_count;
      CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF nextval('boom_count') = 5 THEN RAISE EXCEPTION 'disk full (test)'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER boom BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION boom();
    `);
    await expect(run('migrate', url)).rejects.toThrow(/copying tickets failed: disk full \(test\); the transaction was rolled back/);
    expect(Object.values(await hallRows(url)).every((n) => n === 0)).toBe(true);

    await sql(url, `DROP TRIGGER boom ON tickets`);
    const r = await run('migrate', url);
    expect(r.code).toBe(EXIT.ok);
    expect(await hallRows(url)).toEqual({ ...counts, hall_leases: 1 });
  });

  it('the command line: exit codes and messages', async () => {
    const url = await target();
    const migrated = await cli('migrate', '--from', file, '--to', url, '--hall', HALL);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('identical');
    expect(migrated.stderr).toMatch(/demo-county: committed \d+ rows in one transaction/);
    expect((await hallRows(url, OTHER)).event_log).toBe(0);
    // Every hall of the file: the one moved already is found so, the other is moved.
    const again = await cli('migrate', '--from', file, '--to', url);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`hall ${HALL}: already migrated`);
    expect(again.stdout.match(/identical/g)).toHaveLength(2);
    expect(await hallRows(url, OTHER)).toEqual({ ...sqliteCounts(file, OTHER), hall_leases: 1 });
    expect((await hallRows(url, OTHER)).event_log).toBeGreaterThan(500);
    expect((await cli('check', '--from', file, '--to', url)).code).toBe(0);

    // Refused: other events of the hall in the target.
    const other = await target();
    await sql(other, `INSERT INTO event_log (hall_id, seq, at, type, actor_kind, actor_id, ticket, data) VALUES ($1, 1, 0, 'WindowResumed', 'system', 'hall', NULL, '[1]')`, [HALL]);
    const refused = await cli('migrate', '--from', file, '--to', other);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already holds 1 events of hall "demo-county"');
    // And the check of that target finds the difference.
    const differs = await cli('check', '--from', file, '--to', other);
    expect(differs.code).toBe(1);
    expect(differs.stdout).toContain('DIFFERENT event log');

    // The failures, side by side (each starts a process of its own).
    const notHall = join(tmp.dir, 'other.sqlite');
    const plain = new Database(notHall);
    plain.exec('CREATE TABLE x (y)');
    plain.close();
    const text = join(tmp.dir, 'notes.txt');
    writeFileSync(text, 'hello, not a database at all '.repeat(100));
    // (Of those that open the hall file, one at a time: each would see the other's connection as a server's.)
    const [missing, wrong, notDb, usage, unknown] = await Promise.all([
      cli('migrate', '--from', join(tmp.dir, 'nope.sqlite'), '--to', url),
      cli('migrate', '--from', notHall, '--to', url),
      cli('check', '--from', text, '--to', url),
      cli('migrate', '--from', file),
      cli('migrate', '--from', file, '--to', url, '--hall', 'nowhere'),
    ]);
    const unreachable = await cli('migrate', '--from', file, '--to', 'postgres://postgres:s3cret-pw@127.0.0.1:1/hall');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no hall database at ${join(tmp.dir, 'nope.sqlite')}`);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('is not a hall database');
    expect(notDb.code).toBe(1);
    expect(notDb.stderr).toContain('is not a hall database');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown hall id "nowhere"');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/127\.0\.0\.1:1.*ECONNREFUSED/);
    expect(unreachable.stderr + unreachable.stdout).not.toContain('s3cret-pw');
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('--to <postgres://…> is required');
  }, 60_000);

  it('refuses a file a hall server still has open, unless --allow-live', async () => {
    const url = await target();
    const server = new Database(file);
    try {
      server.pragma('journal_mode = WAL');
      server.prepare('SELECT COUNT(*) FROM event_log').get();
      const refused = await cli('migrate', '--from', file, '--to', url);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is open in another process (a hall server still running');
      expect((await hallRows(url)).event_log).toBe(0);
      const live = await cli('migrate', '--from', file, '--to', url, '--allow-live');
      expect(live.code, live.stderr).toBe(0);
      expect(live.stderr).toContain('warning:');
      expect((await hallRows(url)).event_log).toBe(counts.event_log);
    } finally {
      server.close();
    }
  }, 30_000);
});

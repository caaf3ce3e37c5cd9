import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLabels, auditPage } from '../../src-main/app/audit/audit-page';
import { HallService } from '../../src-main/app/hall-service';
import type { StoredEvent } from '../../src-main/app/ports';
import { reportLabels } from '../../src-main/app/statistics/report';
import { cellId, cellsOf, lowRatingsOf, statisticsOf } from '../../src-main/app/statistics/statistics';
import { ticketRecords } from '../../src-main/app/statistics/ticket-records';
import type { HallConfig, StatisticsReport } from '../../src-main/contracts';
import { auditListInput, hallConfigSchema } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { createLogger } from '../../src-main/hall/logger';
import { ReadSide } from '../../src-main/hall/read-side/read-side';
import { rebuildReadModelsFromPg } from '../../src-main/hall/read-side/rebuild';
import type { PgDb } from '../../src-main/storage/postgres/pg-database';
import { openPgDatabase } from '../../src-main/storage/postgres/pg-database';
import type { Db } from '../../src-main/storage/sqlite';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { encodeEvent } from '../../src-main/storage/sqlite/event-codec';
import { EventLogReader } from '../../src-main/storage/sqlite/event-log-reader';
import { openReadModelForReading } from '../../src-main/storage/sqlite/read-model/read-database';
import { SqliteStatisticsStore } from '../../src-main/storage/sqlite/read-model/sqlite-statistics-store';
import { SqliteAuditStore } from '../../src-main/storage/sqlite/sqlite-audit-store';
import { benchHallConfig } from '../../bench/bench-config';
import { simulateHistory } from '../../scripts/hall-history/simulate-history';
import { tempDir } from '../support/hall-fixture';
import type { FreshPgDatabase } from '../support/pg';
import { freshPgDatabase, pgAvailable } from '../support/pg';

// The read side with its event log in PostgreSQL (several hall servers sharing one database): the
// statistics read model stays a local SQLite file projected from the PostgreSQL log, and must equal a
// replay of it; audit searches read PostgreSQL; a read model made from another store is made again; a
// PostgreSQL that cannot be reached is reported and caught up with once it can.

const FROM = '2026-11-02';
const TO = '2026-11-09';

/** Writes events into PostgreSQL's log as the hall store does (the compact codec), under `hallId`. */
async function writeEvents(pool: pg.Pool, hallId: string, events: readonly StoredEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 2000) {
    const part = events.slice(i, i + 2000).map((e) => ({ e, c: encodeEvent(e.event) }));
    await pool.query(
      `INSERT INTO event_log (hall_id, seq, at, type, actor_kind, actor_id, ticket, data)
       SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
      [hallId, part.map((p) => p.e.seq), part.map((p) => p.c.at), part.map((p) => p.c.type), part.map((p) => p.e.actor.kind), part.map((p) => p.e.actor.id), part.map((p) => p.c.ticket), part.map((p) => p.c.data)],
    );
  }
}

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The read model's cells, keyed, beside a replay's. */
function cellsOfReadModel(file: string, hallId: string): Record<string, unknown> {
  const db = openReadModelForReading(file);
  try {
    return Object.fromEntries([...new SqliteStatisticsStore(db).allCells(hallId)].map((c) => [cellId(c), c.partial]));
  } finally {
    db.close();
  }
}
const cellsOfReplay = (events: readonly StoredEvent[]) => Object.fromEntries(cellsOf(ticketRecords(events)).map((c) => [cellId(c), c.partial]));

/** A TCP proxy to PostgreSQL that can be shut (refusing connections and cutting the open ones) and opened again on the same port. */
class Proxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(5432, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async shut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise((r) => server.close(r));
  }

  url(of: string): string {
    const u = new URL(of);
    u.host = `127.0.0.1:${this.port}`;
    return u.toString();
  }
}

describe.skipIf(!(await pgAvailable()))('the read side with the event log in PostgreSQL', () => {
  const tmp = tempDir('read-side-pg-');
  const lines: string[] = [];
  const logger = createLogger('info', { write: (s: string) => void lines.push(s) });
  const sides: ReadSide[] = [];
  let fresh: FreshPgDatabase;
  let store: PgDb;
  let config: HallConfig;
  let events: StoredEvent[];
  let sqlite: Db;

  const readSide = (url: string, readFile: string, halls: string[]) => {
    const side = new ReadSide({ eventLog: { kind: 'postgres', url }, readFile, halls, log: logger, queryThreads: 1, chunk: 500 });
    sides.push(side);
    return side;
  };

  beforeAll(async () => {
    fresh = await freshPgDatabase();
    store = await openPgDatabase(fresh.url, { max: 2 });
    // A week of a 20-window hall through the real service (on SQLite), its log then copied into PostgreSQL.
    config = hallConfigSchema.parse(benchHallConfig(20, 1, 'scrypt$x'));
    sqlite = openDatabase(join(tmp.dir, 'hall.sqlite'));
    sqlite.pragma('synchronous = OFF');
    const clock = { t: zonedEpoch(FROM, 8 * 60, config.timeZone), now: () => clock.t };
    const service = await HallService.open(config, new SqliteHallStore(sqlite), clock);
    await simulateHistory(service, clock, { firstDay: FROM, days: 8, visitorsPerDay: 250, seed: 3 });
    await service.drain();
    events = new EventLogReader(sqlite).read(config.id, 0, 10_000_000);
    await writeEvents(store.pool, config.id, events);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(sides.map((s) => s.close()));
    await store?.close();
    await fresh?.drop();
    sqlite?.close();
    tmp.cleanup();
  });

  it('projects the PostgreSQL log into a local read model equal to a replay; reports come from it', async () => {
    const readFile = join(tmp.dir, 'a.read.sqlite');
    const reads = readSide(fresh.url, readFile, [config.id]);
    const last = events.at(-1)!.seq;
    expect(events.length).toBeGreaterThan(3000);
    await until('the projector caught up', () => reads.position(config.id) === last);
    expect(reads.health()).toMatchObject({ ready: true, rebuilding: 'missing', projectorFailures: 0, projectorFailing: false });
    expect(cellsOfReadModel(readFile, config.id)).toEqual(cellsOfReplay(events));

    const labels = reportLabels(config);
    const report = JSON.parse((await reads.statistics(labels, FROM, TO, last)).toString()) as StatisticsReport;
    const replay = ticketRecords(events);
    const expected = statisticsOf(replay, FROM, TO, labels.thresholds);
    expect(report).toMatchObject({ complete: true, upToSeq: last });
    expect({ total: report.total, byDay: report.byDay, byCategory: report.byCategory, byWindow: report.byWindow, byStaff: report.byStaff }).toEqual({
      total: expected.total, byDay: expected.byDay, byCategory: expected.byCategory, byWindow: expected.byWindow, byStaff: expected.byStaff,
    });
    expect(report.lowRatingsTotal).toBe(lowRatingsOf(replay, FROM, TO).length);
    expect(report.total.served).toBeGreaterThan(1000);
    // Names for the page in both languages, from the same config.
    expect(report.namesEn!.categories.A).toBe(config.categories.find((c) => c.id === 'A')!.nameEn);
  }, 120_000);

  it('audit searches read PostgreSQL: the same pages as the same log in SQLite', async () => {
    const reads = sides[0]!;
    const labels = auditLabels(config);
    const sqliteAudit = new SqliteAuditStore(sqlite);
    const staff = events.find((e) => e.actor.kind === 'staff')!.actor.id;
    const mid = events[Math.floor(events.length / 2)]!.at;
    const queries = [{}, { number: 'A005' }, { types: ['TicketCalled'] }, { actor: staff, limit: 20 }, { from: mid - 3_600_000, to: mid, limit: 30 }, { types: ['TicketMissed', 'ServiceRated'] }, { types: ['TicketMissed'] }];
    for (const input of queries) {
      const q = auditListInput.parse(input);
      const page = await reads.audit(labels, q);
      expect(page).toEqual(await auditPage(sqliteAudit, labels, q));
      expect(page.entries.length, JSON.stringify(input)).toBeGreaterThan(0);
      if (page.next) {
        const next = auditListInput.parse({ ...input, cursor: page.next });
        expect(await reads.audit(labels, next)).toEqual(await auditPage(sqliteAudit, labels, next));
      }
    }
  }, 60_000);

  it('adds a hall without restarting a thread: its statistics are projected from then on', async () => {
    const reads = sides[0]!;
    const part = events.slice(0, 2500);
    await writeEvents(store.pool, 'hall-added', part);
    reads.addHall('hall-added');
    await until('the added hall caught up', () => reads.position('hall-added') === part.at(-1)!.seq);
    expect(reads.position(config.id)).toBe(events.at(-1)!.seq);
    expect(cellsOfReadModel(join(tmp.dir, 'a.read.sqlite'), 'hall-added')).toEqual(cellsOfReplay(part));
    expect(lines.join('')).not.toMatch(/crashed/);
  }, 60_000);

  it('rebuilds a read model made from another store, or ahead of the log', async () => {
    const readFile = join(tmp.dir, 'b.read.sqlite');
    await sides[0]!.close();
    // The read model is in WAL mode: its last chunks may still be in the -wal file.
    for (const ext of ['', '-wal']) if (existsSync(join(tmp.dir, `a.read.sqlite${ext}`))) copyFileSync(join(tmp.dir, `a.read.sqlite${ext}`), `${readFile}${ext}`);
    const model = new Database(readFile);
    model.prepare(`UPDATE meta SET value = 'another-store' WHERE key = 'sourceId'`).run();
    model.close();
    const last = events.at(-1)!.seq;
    let reads = readSide(fresh.url, readFile, [config.id]);
    await reads.whenReady();
    expect(reads.health().rebuilding).toBe('made from another hall database');
    await until('the rebuilt read model caught up', () => reads.position(config.id) === last);
    expect(cellsOfReadModel(readFile, config.id)).toEqual(cellsOfReplay(events));
    await reads.close();

    // The same store, but the read model goes further than the log (the database came back from a backup).
    const ahead = new Database(readFile);
    ahead.prepare(`UPDATE positions SET seq = seq + 100 WHERE hall = ?`).run(config.id);
    ahead.close();
    reads = readSide(fresh.url, readFile, [config.id]);
    await reads.whenReady();
    expect(reads.health().rebuilding).toMatch(/older than its statistics/);
    await until('the rebuilt read model caught up', () => reads.position(config.id) === last);
    expect(cellsOfReadModel(readFile, config.id)).toEqual(cellsOfReplay(events));

    // Made from this store and in step with the log: kept.
    await reads.close();
    reads = readSide(fresh.url, readFile, [config.id]);
    await reads.whenReady();
    expect(reads.health()).toMatchObject({ rebuilding: null, projected: { [config.id]: last } });
  }, 120_000);

  it('a rebuild command makes the read model again from the PostgreSQL log', async () => {
    const readFile = join(tmp.dir, 'd.read.sqlite');
    const progress: number[] = [];
    const done = await rebuildReadModelsFromPg(fresh.url, readFile, [config.id, 'hall-added'], 1000, (_h, seq) => progress.push(seq));
    expect(done).toEqual({ halls: 2, events: events.at(-1)!.seq + events[2499]!.seq });
    expect(progress.length).toBeGreaterThan(3);
    expect(cellsOfReadModel(readFile, config.id)).toEqual(cellsOfReplay(events));
    expect(cellsOfReadModel(readFile, 'hall-added')).toEqual(cellsOfReplay(events.slice(0, 2500)));
  }, 60_000);

  it('reports PostgreSQL unreachable, keeps its thread, and catches up once it answers again', async () => {
    const proxy = new Proxy();
    await proxy.open();
    await proxy.shut();
    const hallId = 'hall-behind-proxy';
    const first = events.slice(0, 3000);
    await writeEvents(store.pool, hallId, first);
    const readFile = join(tmp.dir, 'c.read.sqlite');
    const reads = readSide(proxy.url(fresh.url), readFile, [hallId]);
    try {
      // Nobody listens: the projector cannot even open the store. It says so and tries again every second.
      await until('two failures', () => reads.health().projectorFailures >= 2, 20_000);
      expect(reads.health()).toMatchObject({ ready: false, projectorFailing: true });
      // A report does not wait the 30 s a starting projector gets: it is answered (incomplete) or refused at once.
      const t0 = Date.now();
      expect(await reads.caughtUp(hallId, 1, 100)).toBe(false);
      expect(Date.now() - t0).toBeLessThan(1000);

      await proxy.open();
      await until('caught up through the proxy', () => reads.position(hallId) === first.at(-1)!.seq, 30_000);
      expect(reads.health()).toMatchObject({ ready: true, projectorFailing: false });

      // Cut while running (open connections broken too), with new events written meanwhile.
      await proxy.shut();
      const failures = reads.health().projectorFailures;
      await writeEvents(store.pool, hallId, events.slice(3000));
      reads.wake();
      await until('more failures', () => reads.health().projectorFailures >= failures + 2, 20_000);
      expect(reads.health().projectorFailing).toBe(true);
      expect(reads.position(hallId)).toBe(first.at(-1)!.seq);

      await proxy.open();
      await until('caught up again', () => reads.position(hallId) === events.at(-1)!.seq, 30_000);
      expect(reads.health().projectorFailing).toBe(false);
      expect(cellsOfReadModel(readFile, hallId)).toEqual(cellsOfReplay(events));
      // The projector thread itself never ended: only its passes failed.
      expect(lines.join('')).not.toMatch(/crashed/);
      expect(lines.join('')).toMatch(/statistics projector reads the event log again/);
    } finally {
      await reads.close();
      await proxy.shut();
    }
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditQuery, AuditResult } from '../../../src-main/app/admin-ports';
import { HallService } from '../../../src-main/app/hall-service';
import { hallConfigSchema } from '../../../src-main/contracts';
import { zonedEpoch } from '../../../src-main/domain/booking/zoned-time';
import { PgAuditStore, PgHallStore } from '../../../src-main/storage/postgres';
import type { Db } from '../../../src-main/storage/sqlite';
import { openDatabase, SqliteAuditStore, SqliteHallStore } from '../../../src-main/storage/sqlite';
import { benchHallConfig } from '../../../bench/bench-config';
import { simulateHistory } from '../../../scripts/hall-history/simulate-history';
import { freshStore, grantLease, TeeHallStore, TestFences } from './pg-fixtures';

// The audit trail on PostgreSQL pages exactly as on SQLite: the same log and admin records written to both,
// then every filter walked page by page on each, cursors, counts and caps compared.

const HOUR = 3_600_000;
const hallId = 'bench-hall';

describe('PgAuditStore pages as SqliteAuditStore does', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let sqliteDb: Db;
  let sqlite: SqliteAuditStore;
  let pg: PgAuditStore;

  beforeAll(async () => {
    store = await freshStore();
    await grantLease(store.db, hallId);
    const config = hallConfigSchema.parse(benchHallConfig(12, 1, 'scrypt$x'));
    sqliteDb = openDatabase(':memory:');
    sqlite = new SqliteAuditStore(sqliteDb);
    pg = new PgAuditStore(store.db);
    const clock = { t: zonedEpoch('2026-11-23', 8 * 60, config.timeZone), now: () => clock.t };
    const service = await HallService.open(config, new TeeHallStore(new SqliteHallStore(sqliteDb), new PgHallStore(store.db, new TestFences({ [hallId]: 1 }))), clock);
    // Admin records interleaved with the queue's events, in both stores: an acknowledgement every simulated hour.
    let n = 0;
    const appends: Array<Promise<void>> = [];
    service.onCommit((c) => {
      const at = c.events.at(-1)!.at;
      if (Math.floor(at / HOUR) === Math.floor((at - 60_000) / HOUR)) return;
      const record = { hallId, at, actor: { kind: 'supervisor' as const, id: 'jiandu' }, action: n % 3 === 0 ? 'config.update' : 'alert.ack', summary: `确认 ${n}`, summaryEn: `ack ${n}`, data: n % 2 === 0 ? { number: 'A003' } : {} };
      n++;
      sqlite.append(record);
      appends.push(pg.append(record));
    });
    await simulateHistory(service, clock, { firstDay: '2026-11-23', days: 2, visitorsPerDay: 250, seed: 3 });
    await service.drain();
    await Promise.all(appends);
    expect(n).toBeGreaterThan(10);
  }, 120_000);

  afterAll(async () => {
    sqliteDb.close();
    await store.close();
  });

  /** Every page of a query on one store, following `next`. */
  async function walk(s: SqliteAuditStore | PgAuditStore, q: Omit<AuditQuery, 'limit' | 'countCap' | 'before'>, limit: number, countCap = 10_000): Promise<AuditResult[]> {
    const pages: AuditResult[] = [];
    let before: AuditQuery['before'];
    for (;;) {
      const page = await s.query(hallId, { ...q, before, limit, countCap });
      pages.push(page);
      if (!page.next || pages.length > 2000) break;
      before = page.next;
    }
    return pages;
  }

  const from = zonedEpoch('2026-11-24', 10 * 60, 'Asia/Shanghai');
  const cases: Array<[string, Omit<AuditQuery, 'limit' | 'countCap'>]> = [
    ['everything', {}],
    ['a ticket number, any day (events and admin records)', { number: 'A003' }],
    ['a staff member', { actor: 's5' }],
    ['the supervisor', { actor: 'jiandu' }],
    ['rare types (an index)', { types: ['TicketMissed', 'WindowPaused'] }],
    ['a common type with an admin action', { types: ['ServiceRated', 'alert.ack'] }],
    ['admin actions only', { types: ['config.update'] }],
    ['two hours', { from, to: from + 2 * HOUR }],
    ['from a time on', { from }],
    ['up to a time', { to: from }],
    ['two hours of one window', { from, to: from + 2 * HOUR, actor: 's2', types: ['TicketCalled', 'ServiceFinished'] }],
    ['a number nobody had', { number: 'Z999' }],
  ];

  for (const [name, q] of cases) {
    it(`${name}: the same pages, cursors and counts`, async () => {
      const want = await walk(sqlite, q, 37);
      const got = await walk(pg, q, 37);
      expect(got.length).toBe(want.length);
      expect(got).toEqual(want);
    });
  }

  it('counts stop at the same cap; a large page is the same', async () => {
    const q = { limit: 500, countCap: 1_000 };
    const want = await sqlite.query(hallId, q);
    expect(want).toMatchObject({ total: 1_000, capped: true });
    expect(await pg.query(hallId, q)).toEqual(want);
    expect(await walk(pg, { types: ['TicketCalled'] }, 200, 300)).toEqual(await walk(sqlite, { types: ['TicketCalled'] }, 200, 300));
  });

  it('an unknown hall, and a cursor at the end of one source', async () => {
    expect(await pg.query('nowhere', { limit: 10, countCap: 100 })).toEqual(sqlite.query('nowhere', { limit: 10, countCap: 100 }));
    const q = { limit: 10, countCap: 100, before: { seq: 0, adminId: 5 } };
    expect(await pg.query(hallId, q)).toEqual(sqlite.query(hallId, q));
    const r = { limit: 10, countCap: 100, before: { seq: 40, adminId: 0 } };
    expect(await pg.query(hallId, r)).toEqual(sqlite.query(hallId, r));
  });

  it('eventsBetween returns the same events', async () => {
    for (const [a, b] of [[from, from + 2 * HOUR], [0, Number.MAX_SAFE_INTEGER], [from + 30 * 60_000, from + 31 * 60_000], [from, from]]) {
      expect(await pg.eventsBetween(hallId, a!, b!)).toEqual(sqlite.eventsBetween(hallId, a!, b!));
    }
    expect(await pg.eventsBetween('nowhere', 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('searches by number, actor and rare type use their indexes', async () => {
    const plan = async (sql: string, params: unknown[]) => {
      const c = await store.db.pool.connect();
      try {
        await c.query('SET enable_seqscan = off');
        const rows = (await c.query(`EXPLAIN ${sql}`, params)).rows as Array<{ 'QUERY PLAN': string }>;
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await c.query('RESET enable_seqscan');
        c.release();
      }
    };
    expect(await plan(`SELECT seq FROM event_log WHERE hall_id = $1 AND ticket = $2 ORDER BY seq DESC LIMIT 50`, [hallId, 'A003'])).toMatch(/event_log_by_ticket/);
    expect(
      await plan(
        `SELECT seq FROM event_log WHERE hall_id = $1 AND type = ANY($2::text[]) AND type NOT IN ('TicketIssued', 'TicketCalled', 'ServiceStarted', 'ServiceFinished', 'ServiceRated') ORDER BY seq DESC LIMIT 50`,
        [hallId, ['TicketMissed']],
      ),
    ).toMatch(/event_log_by_rare_type/);
  });
});

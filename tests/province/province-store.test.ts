import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProvinceUploadState, ProvinceUploadStore } from '../../src-main/app/province-ports';
import type { RatingCase } from '../../src-main/domain';
import { CASE_COLUMNS, caseToRow } from '../../src-main/storage/rows/case-rows';
import { openPgDatabase } from '../../src-main/storage/postgres';
import { PgProvinceStore } from '../../src-main/storage/postgres/pg-province-store';
import { openDatabase } from '../../src-main/storage/sqlite';
import { SqliteProvinceStore } from '../../src-main/storage/sqlite/sqlite-province-store';
import { tempDir } from '../support/hall-fixture';
import { freshPgDatabase, pgAvailable } from '../support/pg';

// The provincial upload's position and delivery state (province_uploads, migration 9) in both stores: one
// row per hall, a position that never goes back, and cases read back from rating_cases with the mobile
// masked.

const aCase = (id: string): RatingCase => ({
  id,
  hallId: 'demo',
  number: 'C003',
  serviceDay: '2026-03-02',
  categoryId: 'C',
  matterId: 'C02',
  windowId: 6,
  staffId: 'staff06',
  teamId: null,
  level: 'very-dissatisfied',
  reasons: [],
  comment: null,
  channel: 'window',
  mobile: '13800001111',
  token: 'page-token-of-the-ticket',
  state: 'closed',
  outcome: 'rectified',
  openedAt: 1,
  warnAt: 2,
  dueAt: 3,
  verification: null,
  rectification: '已整改',
  callback: { at: 2, by: 'staff06', answer: 'satisfied', note: '' },
  answeredAt: 2,
  appeal: null,
  closedAt: 3,
  history: [],
});

const state = (s: Partial<ProvinceUploadState>): ProvinceUploadState => ({ hallId: 'demo', ackedSeq: 0, delivered: 0, lastError: null, lastAttemptAt: null, lastSuccessAt: null, updatedAt: 1, ...s });

function storeContract(name: string, open: () => Promise<{ store: ProvinceUploadStore; insertCase(c: RatingCase): Promise<void>; close(): Promise<void> }>) {
  describe(name, () => {
    it('keeps one state per hall; the position never goes back (a late save of a former owner)', async () => {
      const s = await open();
      try {
        expect(await s.store.load('demo')).toBeUndefined();
        await s.store.save(state({ ackedSeq: 40, delivered: 12, lastError: 'the province platform answered HTTP 500', lastAttemptAt: 100, lastSuccessAt: 90, updatedAt: 100 }));
        await s.store.save(state({ hallId: 'town-a', ackedSeq: 9_000_000_000, delivered: 3, updatedAt: 5 }));
        expect(await s.store.load('demo')).toEqual(state({ ackedSeq: 40, delivered: 12, lastError: 'the province platform answered HTTP 500', lastAttemptAt: 100, lastSuccessAt: 90, updatedAt: 100 }));
        expect(await s.store.load('town-a')).toMatchObject({ ackedSeq: 9_000_000_000, delivered: 3 });
        await s.store.save(state({ ackedSeq: 30, delivered: 9, lastError: null, lastAttemptAt: 110, lastSuccessAt: 110, updatedAt: 110 }));
        expect(await s.store.load('demo')).toEqual(state({ ackedSeq: 40, delivered: 12, lastError: null, lastAttemptAt: 110, lastSuccessAt: 110, updatedAt: 110 }));
        await s.store.save(state({ ackedSeq: 55, delivered: 15, updatedAt: 120 }));
        expect(await s.store.load('demo')).toMatchObject({ ackedSeq: 55, delivered: 15 });
      } finally {
        await s.close();
      }
    });

    it('reads a case back from rating_cases with its mobile masked', async () => {
      const s = await open();
      try {
        expect(await s.store.findCase('demo', '2026-03-02/C003')).toBeUndefined();
        await s.insertCase(aCase('2026-03-02/C003'));
        expect(await s.store.findCase('demo', '2026-03-02/C003')).toEqual({ ...aCase('2026-03-02/C003'), mobile: '138****1111', token: '' });
        expect(await s.store.findCase('other', '2026-03-02/C003')).toBeUndefined();
      } finally {
        await s.close();
      }
    });
  });
}

const tmp = tempDir('province-store-');
afterAll(() => tmp.cleanup());

storeContract('SqliteProvinceStore', async () => {
  const db = openDatabase(join(tmp.dir, `hall-${Math.random().toString(36).slice(2)}.sqlite`));
  const insert = db.prepare(`INSERT INTO rating_cases (${CASE_COLUMNS.join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})`);
  return {
    store: new SqliteProvinceStore(db),
    insertCase: async (c) => void insert.run(...CASE_COLUMNS.map((k) => caseToRow(c)[k])),
    close: async () => void db.close(),
  };
});

describe.skipIf(!(await pgAvailable()))('PostgreSQL', () => {
  const dbs: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of dbs) await drop();
  });
  storeContract('PgProvinceStore', async () => {
    const fresh = await freshPgDatabase();
    dbs.push(() => fresh.drop());
    const db = await openPgDatabase(fresh.url, { max: 2 });
    return {
      store: new PgProvinceStore(db),
      insertCase: async (c) => {
        const row = caseToRow(c);
        await db.pool.query(`INSERT INTO rating_cases (${CASE_COLUMNS.join(', ')}) VALUES (${CASE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`, CASE_COLUMNS.map((k) => row[k]));
      },
      close: () => db.close(),
    };
  });
});

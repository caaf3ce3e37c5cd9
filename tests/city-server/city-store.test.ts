import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CityStore } from '../../src-main/app/link-ports';
import type { Catalogue, HallProfile } from '../../src-main/contracts';
import { catalogueSchema } from '../../src-main/contracts';
import { openPgDatabase } from '../../src-main/storage/postgres/pg-database';
import { PgCityStore } from '../../src-main/storage/postgres/pg-city-store';
import { openDatabase, SqliteCityStore } from '../../src-main/storage/sqlite';
import { demoConfig, tempDir } from '../support/hall-fixture';
import { freshPgDatabase, pgAvailable } from '../support/pg';

// The city's tables (migration 8) through both stores: catalogue versions numbered 1, 2, … per city, and
// each member's profile, last contact and status, a contact never moving the time back nor dropping a status.

const PG = await pgAvailable();
const demo = demoConfig();
const catalogue: Catalogue = catalogueSchema.parse({
  categories: demo.categories.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, defaultServiceMinutes: c.defaultServiceMinutes, matters: c.matters })),
  closedDates: ['2026-10-01'],
  specialDays: {},
  lowRatingReasons: ['等候时间长'],
  supervision: {},
});
const profile: HallProfile = { config: { id: 'township-a', name: '甲镇' }, staffNames: { staff01: '王丽' } };
const status = { at: 5, lastSeq: 9, backlog: 2, alerts: [], catalogue: { version: 1, refused: null } };

async function exercise(store: CityStore): Promise<void> {
  expect(await store.latestCatalogue('c')).toBeUndefined();
  expect(await store.publishCatalogue('c', catalogue, 100, 'city-config')).toEqual({ version: 1, publishedAt: 100, publishedBy: 'city-config', catalogue });
  const second = { ...catalogue, closedDates: ['2026-10-01', '2026-10-02'] };
  expect((await store.publishCatalogue('c', second, 200, 'admin')).version).toBe(2);
  expect((await store.publishCatalogue('other', catalogue, 300, 'admin')).version).toBe(1);
  expect(await store.latestCatalogue('c')).toEqual({ version: 2, publishedAt: 200, publishedBy: 'admin', catalogue: second });

  expect(await store.loadMembers()).toEqual([]);
  await store.saveContact('township-b', 1000, undefined);
  await store.saveProfile('township-a', profile, 1000);
  await store.saveContact('township-a', 2000, status);
  // An older contact does not move the time back; no status keeps the one stored.
  await store.saveContact('township-a', 1500, undefined);
  await store.saveProfile('township-a', { ...profile, staffNames: {} }, 1200);
  expect(await store.loadMembers()).toEqual([
    { hallId: 'township-a', profile: { ...profile, staffNames: {} }, lastContactAt: 2000, status },
    { hallId: 'township-b', profile: null, lastContactAt: 1000, status: null },
  ]);
}

describe('city store', () => {
  it('SQLite', async () => {
    const tmp = tempDir();
    const db = openDatabase(join(tmp.dir, 'city.sqlite'));
    try {
      await exercise(new SqliteCityStore(db));
    } finally {
      db.close();
      tmp.cleanup();
    }
  });

  describe.skipIf(!PG)('PostgreSQL', () => {
    const drops: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const d of drops) await d();
    });
    it('keeps the same as SQLite', async () => {
      const fresh = await freshPgDatabase();
      drops.push(() => fresh.drop());
      const db = await openPgDatabase(fresh.url);
      try {
        await exercise(new PgCityStore(db));
      } finally {
        await db.close();
      }
    });
  });
});

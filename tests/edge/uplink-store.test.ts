import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigStore } from '../../src-main/app/admin-ports';
import type { UplinkStateStore } from '../../src-main/app/link-ports';
import { openPgDatabase, PgConfigStore, PgUplinkStore } from '../../src-main/storage/postgres';
import { openDatabase, SqliteConfigStore, SqliteUplinkStore } from '../../src-main/storage/sqlite';
import { freshPgDatabase, pgAvailable } from '../support/pg';
import { tempDir } from '../support/hall-fixture';

// The township hall's upload position and catalogue state (uplink_state, migration 8), and config versions
// from the city's catalogue (source 'city'), in both stores.

function storeContract(name: string, open: () => Promise<{ uplink: UplinkStateStore; configs: ConfigStore; close(): Promise<void> }>) {
  describe(name, () => {
    it('keeps one state per hall, replaced on save; a bad refusal record reads as none', async () => {
      const s = await open();
      try {
        expect(await s.uplink.load('town-a')).toBeUndefined();
        await s.uplink.save({ hallId: 'town-a', ackedSeq: 12, catalogue: { version: null, refused: null }, updatedAt: 1000 });
        await s.uplink.save({ hallId: 'town-b', ackedSeq: 3, catalogue: { version: 2, refused: null }, updatedAt: 1001 });
        const refused = { version: 4, message: '业务类别 B 仍由窗口 3 办理', messageEn: 'category B is still served by window 3' };
        await s.uplink.save({ hallId: 'town-a', ackedSeq: 9_000_000_000, catalogue: { version: 3, refused }, updatedAt: 2000 });
        expect(await s.uplink.load('town-a')).toEqual({ hallId: 'town-a', ackedSeq: 9_000_000_000, catalogue: { version: 3, refused }, updatedAt: 2000 });
        expect(await s.uplink.load('town-b')).toEqual({ hallId: 'town-b', ackedSeq: 3, catalogue: { version: 2, refused: null }, updatedAt: 1001 });
      } finally {
        await s.close();
      }
    });

    it("stores a config version whose source is the city's catalogue", async () => {
      const s = await open();
      try {
        const v = await s.configs.saveConfig({ hallId: 'town-a', at: 5, actor: { kind: 'system', id: 'city' }, source: 'city', fileDigest: null, config: { id: 'town-a' } });
        expect(await s.configs.latestConfig('town-a')).toMatchObject({ version: v, source: 'city', actor: { kind: 'system', id: 'city' } });
        await expect(Promise.resolve().then(() => s.configs.saveConfig({ hallId: 'town-a', at: 6, actor: { kind: 'system', id: 'x' }, source: 'elsewhere' as never, fileDigest: null, config: {} }))).rejects.toThrow(/check/i);
      } finally {
        await s.close();
      }
    });
  });
}

const tmp = tempDir('uplink-store-');
afterAll(() => tmp.cleanup());

storeContract('SQLite', async () => {
  const db = openDatabase(join(tmp.dir, `hall-${Math.random().toString(36).slice(2)}.sqlite`));
  return { uplink: new SqliteUplinkStore(db), configs: new SqliteConfigStore(db), close: async () => void db.close() };
});

describe.skipIf(!(await pgAvailable()))('PostgreSQL', () => {
  const dbs: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of dbs) await drop();
  });
  storeContract('PgUplinkStore', async () => {
    const fresh = await freshPgDatabase();
    dbs.push(() => fresh.drop());
    const db = await openPgDatabase(fresh.url, { max: 2 });
    return { uplink: new PgUplinkStore(db), configs: new PgConfigStore(db), close: () => db.close() };
  });
});

import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../src-main/contracts';
import { idHashKeyPlace, IdHashKeyError, loadIdHashKey } from '../../src-main/hall/id-hash-key';
import { demoConfig, tempDir } from '../support/hall-fixture';

const STRONG = 'Rk3vQ9mZ2xT7wB5nL8cJ1hF4gD6sA0pYeU';
const hall = (secrets: HallConfig['secrets'], production = false): HallConfig => ({ ...demoConfig(), production, secrets });

describe('the ID hash key lives outside the database', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const dbIn = () => {
    const t = tempDir('hall-key-');
    cleanups.push(t.cleanup);
    return { dir: t.dir, db: join(t.dir, 'hall.sqlite') };
  };

  it('a demo hall makes a random key file beside its database on first start (owner-only) and keeps it', () => {
    const { dir, db } = dbIn();
    const key = loadIdHashKey(demoConfig(), db, {});
    const file = join(dir, 'demo-county.id-hash.key');
    expect(readFileSync(file, 'utf8')).toBe(`${key}\n`);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadIdHashKey(demoConfig(), db, {})).toBe(key);
    // Another demo database gets another key.
    expect(loadIdHashKey(demoConfig(), dbIn().db, {})).not.toBe(key);
  });

  it('relative key files are beside the database, absolute ones where they say; the default is named after the hall', () => {
    expect(idHashKeyPlace(hall({ idHashKeyFile: 'keys/k.key' }), '/srv/hall/data/hall.sqlite')).toEqual({ kind: 'file', path: '/srv/hall/data/keys/k.key' });
    expect(idHashKeyPlace(hall({ idHashKeyFile: '/etc/hall/k.key' }), 'data/hall.sqlite')).toEqual({ kind: 'file', path: '/etc/hall/k.key' });
    expect(idHashKeyPlace(hall({}), '/srv/hall.sqlite')).toEqual({ kind: 'file', path: '/srv/demo-county.id-hash.key' });
    expect(idHashKeyPlace(hall({ idHashKeyEnv: 'HALL_ID_KEY' }), '/srv/hall.sqlite')).toEqual({ kind: 'env', name: 'HALL_ID_KEY' });
  });

  it('a production hall brings its own key and is told exactly what is wrong with it', () => {
    const { dir, db } = dbIn();
    const file = join(dir, 'demo-county.id-hash.key');
    const prod = hall({ idHashKeyFile: 'demo-county.id-hash.key' }, true);
    expect(() => loadIdHashKey(prod, db, {})).toThrow(/id-hash.key does not exist .*npm run make-key/);
    writeFileSync(file, 'short\n', { mode: 0o600 });
    expect(() => loadIdHashKey(prod, db, {})).toThrow(/has 5 characters; it needs at least 32/);
    writeFileSync(file, 'demo-only-id-hash-key-never-use-in-production\n');
    expect(() => loadIdHashKey(prod, db, {})).toThrow(/looks like a demo or example value/);
    writeFileSync(file, `${STRONG}\n`);
    chmodSync(file, 0o644);
    expect(() => loadIdHashKey(prod, db, {})).toThrow(/readable by other users \(mode 644\): chmod 600/);
    chmodSync(file, 0o600);
    expect(loadIdHashKey(prod, db, {})).toBe(STRONG);
    // NODE_ENV=production is production too: no key is made for it.
    expect(() => loadIdHashKey(demoConfig(), dbIn().db, { NODE_ENV: 'production' })).toThrow(IdHashKeyError);
    chmodSync(file, 0o000);
    if (process.getuid?.() !== 0) expect(() => loadIdHashKey(prod, db, {})).toThrow(/cannot read the ID hash key file .*EACCES/);
  });

  it('or takes it from the environment variable the config names', () => {
    const { db } = dbIn();
    const fromEnv = hall({ idHashKeyEnv: 'HALL_ID_KEY' }, true);
    expect(() => loadIdHashKey(fromEnv, db, {})).toThrow(/environment variable HALL_ID_KEY \(secrets.idHashKeyEnv\) is not set/);
    expect(() => loadIdHashKey(fromEnv, db, { HALL_ID_KEY: 'x'.repeat(31) })).toThrow(/environment variable HALL_ID_KEY has 31 characters/);
    expect(loadIdHashKey(fromEnv, db, { HALL_ID_KEY: ` ${STRONG}\n` })).toBe(STRONG);
  });
});

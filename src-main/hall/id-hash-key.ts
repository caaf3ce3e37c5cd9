import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { WEAK_MARKERS } from '../app/config-rules';
import type { HallConfig } from '../contracts';

// The key of the ID-number hashes (HMAC-SHA256) lives outside the database: whoever holds a database file or
// a backup must not also hold the key. It is read once at start from the place the hall's config file names.

export const MIN_ID_HASH_KEY_LENGTH = 32;

export class IdHashKeyError extends Error {}

export type IdHashKeyPlace = { kind: 'file'; path: string } | { kind: 'env'; name: string };

/** Where a hall's key is: secrets.idHashKeyEnv, else secrets.idHashKeyFile (relative: beside the database). */
export function idHashKeyPlace(config: Pick<HallConfig, 'id' | 'secrets'>, dbFile: string): IdHashKeyPlace {
  if (config.secrets.idHashKeyEnv) return { kind: 'env', name: config.secrets.idHashKeyEnv };
  const file = config.secrets.idHashKeyFile;
  if (!file) return { kind: 'file', path: defaultKeyFile(config.id, dbFile) };
  return { kind: 'file', path: isAbsolute(file) ? file : resolve(dirname(resolve(dbFile)), file) };
}

const defaultKeyFile = (hallId: string, dbFile: string) => resolve(dirname(resolve(dbFile)), `${hallId}.id-hash.key`);

const describe = (p: IdHashKeyPlace) => (p.kind === 'env' ? `environment variable ${p.name}` : `key file ${p.path}`);
const isProduction = (config: Pick<HallConfig, 'production'>, env: NodeJS.ProcessEnv) => config.production || env.NODE_ENV === 'production';

/** 32 random bytes as base64url (43 characters), like `npm run make-key`. */
export const newIdHashKey = (): string => randomBytes(32).toString('base64url');

/** Writes a key file readable by its owner only; never overwrites one (`wx`). */
export function writeKeyFile(path: string, key: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${key}\n`);
  } finally {
    closeSync(fd);
  }
}

function readKeyFile(path: string, production: boolean): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new IdHashKeyError(`cannot read the ID hash key file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // Group or others able to read it: a copy of the key for every account on the machine.
  const mode = statSync(path).mode & 0o777;
  if (production && process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new IdHashKeyError(`the ID hash key file ${path} is readable by other users (mode ${mode.toString(8)}): chmod 600 it`);
  }
  return text.trim();
}

/**
 * The hall's key. A demo hall whose key file does not exist yet gets a new random one; a production hall
 * (config `production: true` or NODE_ENV=production) must bring its own, of at least 32 characters, not a
 * demo-looking one, in a file only its owner can read.
 */
export function loadIdHashKey(config: Pick<HallConfig, 'id' | 'production' | 'secrets'>, dbFile: string, env: NodeJS.ProcessEnv = process.env): string {
  const production = isProduction(config, env);
  const place = idHashKeyPlace(config, dbFile);
  let key: string;
  if (place.kind === 'env') {
    key = (env[place.name] ?? '').trim();
    if (!key) throw new IdHashKeyError(`hall ${config.id}: the ID hash key's environment variable ${place.name} (secrets.idHashKeyEnv) is not set`);
  } else {
    if (!existsSync(place.path)) {
      if (production) {
        throw new IdHashKeyError(
          `hall ${config.id}: the ID hash key file ${place.path} does not exist (secrets.idHashKeyFile); a production hall brings its own: npm run make-key > ${place.path} && chmod 600 ${place.path}`,
        );
      }
      writeKeyFile(place.path, newIdHashKey());
    }
    key = readKeyFile(place.path, production);
  }
  if (key.length < MIN_ID_HASH_KEY_LENGTH) {
    throw new IdHashKeyError(`hall ${config.id}: the ID hash key in the ${describe(place)} has ${key.length} characters; it needs at least ${MIN_ID_HASH_KEY_LENGTH} (npm run make-key)`);
  }
  if (production && WEAK_MARKERS.test(key)) {
    throw new IdHashKeyError(`hall ${config.id}: the ID hash key in the ${describe(place)} looks like a demo or example value: use npm run make-key`);
  }
  return key;
}

/**
 * For migration 7: puts a key found in the database where the hall's config says the key lives, so the
 * hashes made with it keep matching. An existing file or variable holding the same key is fine; one
 * holding another key is refused (the stored hashes would silently stop matching), after the database's
 * key was written to `<place>.from-database` for the operator to put in place.
 */
export function keyMover(configs: readonly HallConfig[], dbFile: string, env: NodeJS.ProcessEnv = process.env): (hallId: string, key: string) => void {
  return (hallId, key) => {
    const config = configs.find((c) => c.id === hallId) ?? { id: hallId, secrets: {} };
    const place = idHashKeyPlace(config, dbFile);
    const current = place.kind === 'env' ? (env[place.name] ?? '').trim() : existsSync(place.path) ? readFileSync(place.path, 'utf8').trim() : null;
    if (current === key) return;
    if (place.kind === 'file' && current === null) {
      writeKeyFile(place.path, key);
      return;
    }
    const aside = `${place.kind === 'file' ? place.path : defaultKeyFile(hallId, dbFile)}.from-database`;
    writeFileSync(aside, `${key}\n`, { mode: 0o600 });
    throw new IdHashKeyError(
      `hall ${hallId}: the database holds ID hashes made with a key other than the one in the ${describe(place)}. ` +
        `The database's key was written to ${aside}: put it in the ${describe(place)} (then delete ${aside}) and start again; nothing was changed in the database.`,
    );
  };
}

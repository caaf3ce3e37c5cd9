import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Catalogue, CityConfig } from '../contracts';
import { catalogueSchema, cityConfigSchema, formatPath } from '../contracts';
import { MIN_LINK_KEY_LENGTH } from '../app/link-signature';
import { WEAK_MARKERS } from '../app/config-rules';

// The --city file (YAML or JSON): which halls belong to the city, the link keys of the linked ones (from
// key files or the environment, never from the file itself), the city's accounts and its first catalogue.
// Every problem is told in one line naming the file, the field and what is wrong.

export interface CitySettings {
  config: CityConfig;
  /** Per linked member: its link key (read from keyFile / keyEnv). */
  keys: ReadonlyMap<string, string>;
  /** The first catalogue (from config.catalogue), if any: checked with catalogueSchema. */
  initialCatalogue: Catalogue | undefined;
  /** The file it was read from (for messages). */
  file?: string | undefined;
}

/** A city settings file (or a file it names) that cannot be used: one line, naming file, field and problem. */
export class CitySettingsError extends Error {
  override readonly name = 'CitySettingsError';
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
  }
}

/** `path`'s text; a failure is told as a problem of `field` in `file` (the file that names `path`). */
function readText(path: string, file: string, field: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CitySettingsError(file, field, `cannot read the ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function parseText(text: string, file: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0] ?? '';
    throw new CitySettingsError(file, '(file)', `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${message}`);
  }
}

function firstIssue(file: string, error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): CitySettingsError {
  const issues = error.issues;
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new CitySettingsError(file, formatPath(first.path), `${first.message}${more}`);
}

const isProduction = (env: NodeJS.ProcessEnv) => env.NODE_ENV === 'production';

function readKeyFile(path: string, file: string, field: string): string {
  const text = readText(path, file, field, `link key file ${path}`);
  // Group or others able to read it: a copy of the key for every account on the machine.
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new CitySettingsError(file, field, `the link key file ${path} is readable by other users (mode ${mode.toString(8)}): chmod 600 it`);
  }
  return text.trim();
}

/** The link keys of the members that have one (linked halls), checked for length. */
function readKeys(config: CityConfig, file: string, env: NodeJS.ProcessEnv): Map<string, string> {
  const keys = new Map<string, string>();
  const base = dirname(file);
  config.members.forEach((m, i) => {
    let key: string;
    let field: string;
    let where: string;
    if (m.keyEnv) {
      field = `members[${i}].keyEnv`;
      where = `environment variable ${m.keyEnv}`;
      key = (env[m.keyEnv] ?? '').trim();
      if (!key) throw new CitySettingsError(file, field, `the link key of member ${m.id}: environment variable ${m.keyEnv} is not set`);
    } else if (m.keyFile) {
      field = `members[${i}].keyFile`;
      const path = isAbsolute(m.keyFile) ? m.keyFile : resolve(base, m.keyFile);
      where = `key file ${path}`;
      key = readKeyFile(path, file, field);
    } else {
      return;
    }
    if (key.length < MIN_LINK_KEY_LENGTH) {
      throw new CitySettingsError(file, field, `the link key of member ${m.id} in the ${where} has ${key.length} characters; it needs at least ${MIN_LINK_KEY_LENGTH} (npm run make-key)`);
    }
    if (isProduction(env) && WEAK_MARKERS.test(key)) {
      throw new CitySettingsError(file, field, `the link key of member ${m.id} in the ${where} looks like a demo or example value: use npm run make-key`);
    }
    keys.set(m.id, key);
  });
  return keys;
}

function readCatalogue(config: CityConfig, file: string): Catalogue | undefined {
  if (!config.catalogue) return undefined;
  const path = isAbsolute(config.catalogue) ? config.catalogue : resolve(dirname(file), config.catalogue);
  const raw = parseText(readText(path, file, 'catalogue', `catalogue file ${path}`), path);
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) throw firstIssue(path, parsed.error);
  return parsed.data;
}

/** Reads and checks the --city file, its members' link keys and its first catalogue. */
export function readCitySettings(file: string, env: NodeJS.ProcessEnv): CitySettings {
  const raw = parseText(readText(file, file, '(file)', 'city settings file'), file);
  const parsed = cityConfigSchema.safeParse(raw);
  if (!parsed.success) throw firstIssue(file, parsed.error);
  const config = parsed.data;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: config.timeZone });
  } catch {
    throw new CitySettingsError(file, 'timeZone', `unknown time zone "${config.timeZone}"`);
  }
  const keys = readKeys(config, file, env);
  return { config, keys, initialCatalogue: readCatalogue(config, file), file };
}

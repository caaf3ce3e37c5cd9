import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { WEAK_MARKERS } from '../app/config-rules';
import { MIN_LINK_KEY_LENGTH } from '../app/link-signature';
import { formatPath, hallConfigSchema } from '../contracts';

// The --uplink settings file (YAML or JSON; HALL_UPLINK): which city this server's halls report to, the
// private CA the city's certificate is signed by, and each linked hall's key. A server setting like the
// transport settings, never part of a hall's config (configs are stored in the database; keys must not be).
//
//   cityUrl: https://city.example.gov.cn
//   caFile: city-ca.pem            # optional; relative paths are beside this file
//   halls:
//     - { id: town-a, keyFile: town-a.link.key }
//     - { id: town-b, keyEnv: TOWN_B_LINK_KEY }

export interface UplinkSettings {
  /** The city platform's base URL (http or https), without a trailing slash. */
  cityUrl: string;
  /** PEM of a private CA the city's certificate is signed by. */
  ca?: string | undefined;
  halls: Array<{ id: string; key: string }>;
}

/** The settings file cannot be used: one line naming the file, the field and the problem. */
export class UplinkSettingsError extends Error {
  override readonly name = 'UplinkSettingsError';
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: uplink settings: ${field}: ${problem}`);
  }
}

const path = z.string().trim().min(1).max(500);

const hallLinkSchema = z
  .object({
    id: hallConfigSchema.shape.id,
    keyFile: path.optional(),
    keyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name (letters, digits, _)').max(100).optional(),
  })
  .strict()
  .refine((h) => (h.keyFile === undefined) !== (h.keyEnv === undefined), { message: 'give the link key as keyFile or keyEnv (exactly one)' });

export const uplinkSettingsSchema = z
  .object({
    cityUrl: z
      .url({ protocol: /^https?$/, error: 'the city platform\'s address, such as https://city.example.gov.cn' })
      .refine((s) => {
        const u = new URL(s);
        return !u.search && !u.hash && !u.username && !u.password;
      }, 'no query, fragment or user in the city address'),
    caFile: path.optional(),
    halls: z.array(hallLinkSchema).min(1, 'list at least one hall to link').max(1000),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.halls.forEach((h, i) => {
      if (seen.has(h.id)) ctx.addIssue({ code: 'custom', path: ['halls', i, 'id'], message: `duplicate hall ${h.id}` });
      seen.add(h.id);
    });
  });

/** Reports a problem of a settings file: throws the caller's error naming the field. */
export type SettingsProblem = (field: string, problem: string) => never;

const uplinkProblem =
  (file: string): SettingsProblem =>
  (field, problem) => {
    throw new UplinkSettingsError(file, field, problem);
  };

/** The parsed YAML or JSON (by the extension) of a settings file. Shared by the other settings files with keys. */
export function readSettingsData(file: string, fail: SettingsProblem): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return fail('(file)', `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return fail('(file)', `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The first problem of a failed parse, with how many more there are. */
export function firstSettingsIssue(error: z.ZodError): { field: string; problem: string } {
  const issue = error.issues[0]!;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return { field: formatPath(issue.path), problem: `${issue.message}${more}` };
}

/** A path of a settings file: relative ones are beside the file. */
export const besideSettings = (file: string, p: string) => (isAbsolute(p) ? p : resolve(dirname(file), p));

export function readSettingsSecret(target: string, field: string, what: string, fail: SettingsProblem): string {
  try {
    return readFileSync(target, 'utf8');
  } catch (err) {
    return fail(field, `cannot read the ${what} ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** How a key is named in the problems reported about it. */
export interface KeyWords {
  /** "the link key of hall town-a" */
  key: string;
  /** "link key file of hall town-a" (what cannot be read) */
  fileWhat: string;
  /** "the link key file <path> of hall town-a" */
  fileAt: (target: string) => string;
}

/**
 * A signing key from a file (0600: no copy for every account on the machine) or an environment variable:
 * at least MIN_LINK_KEY_LENGTH characters, and no demo value in production.
 */
export function readSettingsKey(
  file: string,
  source: { keyFile?: string | undefined; keyEnv?: string | undefined },
  fields: { keyFile: string; keyEnv: string },
  words: KeyWords,
  env: NodeJS.ProcessEnv,
  fail: SettingsProblem,
): string {
  let key: string;
  let field: string;
  let where: string;
  if (source.keyEnv !== undefined) {
    field = fields.keyEnv;
    where = `environment variable ${source.keyEnv}`;
    key = (env[source.keyEnv] ?? '').trim();
    if (!key) return fail(field, `${words.key}: environment variable ${source.keyEnv} is not set`);
  } else {
    field = fields.keyFile;
    const target = besideSettings(file, source.keyFile!);
    where = `key file ${target}`;
    key = readSettingsSecret(target, field, words.fileWhat, fail).trim();
    // Group or others able to read it: a copy of the key for every account on the machine.
    const mode = statSync(target).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      return fail(field, `${words.fileAt(target)} is readable by other users (mode ${mode.toString(8)}): chmod 600 it`);
    }
  }
  if (key.length < MIN_LINK_KEY_LENGTH) {
    return fail(field, `${words.key} in the ${where} has ${key.length} characters; it needs at least ${MIN_LINK_KEY_LENGTH} (npm run make-key)`);
  }
  if (env.NODE_ENV === 'production' && WEAK_MARKERS.test(key)) {
    return fail(field, `${words.key} in the ${where} looks like a demo or example value: use npm run make-key`);
  }
  return key;
}

function readKey(file: string, index: number, hall: z.output<typeof hallLinkSchema>, env: NodeJS.ProcessEnv): string {
  const words: KeyWords = {
    key: `the link key of hall ${hall.id}`,
    fileWhat: `link key file of hall ${hall.id}`,
    fileAt: (target) => `the link key file ${target} of hall ${hall.id}`,
  };
  return readSettingsKey(file, hall, { keyFile: `halls[${index}].keyFile`, keyEnv: `halls[${index}].keyEnv` }, words, env, uplinkProblem(file));
}

/** Reads and checks the settings file, the CA and every hall's key; throws UplinkSettingsError. */
export function readUplinkSettings(file: string, env: NodeJS.ProcessEnv): UplinkSettings {
  const fail = uplinkProblem(file);
  const parsed = uplinkSettingsSchema.safeParse(readSettingsData(file, fail));
  if (!parsed.success) {
    const { field, problem } = firstSettingsIssue(parsed.error);
    throw new UplinkSettingsError(file, field, problem);
  }
  const s = parsed.data;
  let ca: string | undefined;
  if (s.caFile !== undefined) {
    const target = besideSettings(file, s.caFile);
    ca = readSettingsSecret(target, 'caFile', 'CA certificate file', fail);
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new UplinkSettingsError(file, 'caFile', `${target} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return {
    cityUrl: s.cityUrl.replace(/\/+$/, ''),
    ...(ca !== undefined ? { ca } : {}),
    halls: s.halls.map((h, i) => ({ id: h.id, key: readKey(file, i, h, env) })),
  };
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { fieldIssues } from '../contracts';

// How a kiosk is told where its hall and its devices are: flags, else environment, else a JSON file
// (--config), else the demo defaults (only with --simulate for the secrets).

export const KIOSK_USAGE = `npm run kiosk -- [options]

  --hall-url <url>        hall server (HALL_URL; default http://localhost:8080)
  --hall-ca <file>        CA certificate (PEM) of an https:// hall with a private CA or a self-signed
                          certificate (KIOSK_HALL_CA); public CAs need none
  --hall <id>             hall id (KIOSK_HALL; default demo-county)
  --device <id>           this kiosk's device id (KIOSK_DEVICE; default kiosk-1)
  --key <key>             this kiosk's device key (KIOSK_KEY; required unless --simulate)
  --id-hash-key-file <f>  file holding the hall's ID hash key (KIOSK_ID_HASH_KEY_FILE; a reader needs the key)
  --id-hash-key <key>     the key itself (KIOSK_ID_HASH_KEY); the file is better: a flag shows in ps
  --idcard <path>         ID card reader serial port, e.g. /dev/ttyUSB0 or COM3
  --idcard-baud <n>       default 115200
  --printer <path>        ticket printer serial port, e.g. /dev/ttyUSB1 or COM4
  --printer-baud <n>      default 115200
  --simulate              start simulated reader and printer on socat ptys (demo device key; the demo hall's
                          ID hash key from data/<hall>.id-hash.key, where npm start made it)
  --http-port <n|off>     local kiosk page and bridge on 127.0.0.1 (default 5180; off to disable)
  --http-host <host>      default 127.0.0.1
  --pages <dir>           built pages (default dist/renderer)
  --config <file.json>    the same settings as JSON: hallUrl, hall, device, key, idHashKey, idcard, printer, …
  --help`;

/** Public demo secrets (resources/halls/demo.yaml): only ever used with --simulate. */
export const DEMO_DEVICE_KEY = 'demo-kiosk-1';
export const DEMO_ID_HASH_KEY = 'demo-only-id-hash-key-never-use-in-production';

export interface SerialDevice {
  path: string;
  baudRate: number;
}

export interface KioskConfig {
  hallUrl: string;
  /** The CA (PEM) the hall's TLS certificate is checked against, when it is not a public one. */
  hallCa: string | null;
  hallId: string;
  deviceId: string;
  deviceKey: string;
  idHashKey: string | null;
  idcard: SerialDevice | null;
  printer: SerialDevice | null;
  simulate: boolean;
  http: { host: string; port: number } | null;
  pagesDir: string;
}

export class KioskConfigError extends Error {
  constructor(problems: string[]) {
    super(`kiosk configuration: ${problems.join('; ')}`);
    this.name = 'KioskConfigError';
  }
}

const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/, 'letters, digits, - and _, at most 48');
const baud = z.coerce
  .number()
  .int()
  .refine((n) => (BAUD_RATES as readonly number[]).includes(n), `one of ${BAUD_RATES.join(', ')}`);

const settingsSchema = z
  .object({
    hallUrl: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL of the hall server' }).default('http://localhost:8080'),
    hall: id.default('demo-county'),
    hallCa: z.string().min(1).max(500).optional(),
    device: id.default('kiosk-1'),
    key: z.string().min(1).max(200).optional(),
    idHashKey: z.string().min(1).max(200).optional(),
    idHashKeyFile: z.string().min(1).max(500).optional(),
    idcard: z.string().min(1).optional(),
    idcardBaud: baud.default(115200),
    printer: z.string().min(1).optional(),
    printerBaud: baud.default(115200),
    simulate: z.boolean().default(false),
    httpPort: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(5180),
    httpHost: z.string().min(1).default('127.0.0.1'),
    pages: z.string().min(1).default('dist/renderer'),
  })
  .strict();

type Settings = z.input<typeof settingsSchema>;

const FLAGS = {
  'hall-url': 'hallUrl',
  hall: 'hall',
  'hall-ca': 'hallCa',
  device: 'device',
  key: 'key',
  'id-hash-key': 'idHashKey',
  'id-hash-key-file': 'idHashKeyFile',
  idcard: 'idcard',
  'idcard-baud': 'idcardBaud',
  printer: 'printer',
  'printer-baud': 'printerBaud',
  'http-port': 'httpPort',
  'http-host': 'httpHost',
  pages: 'pages',
} as const satisfies Record<string, keyof Settings>;

const ENV: Partial<Record<keyof Settings, string>> = {
  hallUrl: 'HALL_URL',
  hall: 'KIOSK_HALL',
  hallCa: 'KIOSK_HALL_CA',
  device: 'KIOSK_DEVICE',
  key: 'KIOSK_KEY',
  idHashKey: 'KIOSK_ID_HASH_KEY',
  idHashKeyFile: 'KIOSK_ID_HASH_KEY_FILE',
};

export interface ParseOptions {
  /** Electron passes Chromium switches too: ignore unknown flags there. */
  strict?: boolean;
  readFile?: (path: string) => string;
}

/** Returns the configuration, 'help', or throws KioskConfigError naming every bad setting. */
export function parseKioskArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}, options: ParseOptions = {}): KioskConfig | 'help' {
  const strict = options.strict ?? true;
  let values: Record<string, string | boolean | undefined>;
  try {
    const flagOptions = Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }]));
    ({ values } = parseArgs({
      args: [...argv],
      options: { ...flagOptions, simulate: { type: 'boolean' }, config: { type: 'string' }, help: { type: 'boolean' } },
      strict,
      allowPositionals: !strict,
    }));
  } catch (error) {
    throw new KioskConfigError([error instanceof Error ? error.message : String(error)]);
  }
  if (values.help) return 'help';

  const fromFile = typeof values.config === 'string' ? readConfigFile(values.config, options.readFile) : {};
  const fromEnv = Object.fromEntries(
    Object.entries(ENV)
      .filter(([, name]) => env[name!])
      .map(([key, name]) => [key, env[name!]]),
  );
  const fromFlags = Object.fromEntries(
    Object.entries(FLAGS)
      .filter(([flag]) => typeof values[flag] === 'string')
      .map(([flag, key]) => [key, values[flag]]),
  );
  const merged: Record<string, unknown> = { ...fromFile, ...fromEnv, ...fromFlags };
  if (values.simulate) merged.simulate = true;

  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) throw new KioskConfigError(fieldIssues(parsed.error).map((i) => `${flagName(i.path)}: ${i.message}`));
  const s = parsed.data;

  const problems: string[] = [];
  if (s.simulate && (s.idcard || s.printer)) problems.push('--simulate starts its own reader and printer; leave out --idcard and --printer');
  const deviceKey = s.key ?? (s.simulate ? DEMO_DEVICE_KEY : undefined);
  if (!deviceKey) problems.push('--key (or KIOSK_KEY) is required: the device key of this kiosk in the hall config');
  const hasReader = s.simulate || Boolean(s.idcard);
  const read = options.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  let idHashKey = s.idHashKey ?? null;
  if (!idHashKey && s.idHashKeyFile) {
    try {
      idHashKey = read(s.idHashKeyFile).trim() || null;
      if (!idHashKey) problems.push(`--id-hash-key-file ${s.idHashKeyFile} is empty`);
    } catch (error) {
      problems.push(`--id-hash-key-file: cannot read ${s.idHashKeyFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  // The demo hall makes its own random key beside its database on the first npm start; tests' halls use the public one.
  if (!idHashKey && s.simulate && !s.idHashKeyFile) idHashKey = readOrNull(read, `data/${s.hall}.id-hash.key`) ?? DEMO_ID_HASH_KEY;
  if (hasReader && !idHashKey && !s.idHashKeyFile) {
    problems.push('--id-hash-key-file (or KIOSK_ID_HASH_KEY_FILE) is required with an ID card reader: a copy of the hall\'s ID hash key file');
  }
  let hallCa: string | null = null;
  if (s.hallCa) {
    if (!s.hallUrl.startsWith('https://')) problems.push('--hall-ca is for a hall served over TLS: give an https:// --hall-url');
    try {
      hallCa = (options.readFile ?? ((path: string) => readFileSync(path, 'utf8')))(s.hallCa);
      if (!hallCa.includes('-----BEGIN CERTIFICATE-----')) problems.push(`--hall-ca ${s.hallCa} holds no PEM certificate`);
    } catch (error) {
      problems.push(`--hall-ca: cannot read ${s.hallCa} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  if (problems.length > 0) throw new KioskConfigError(problems);

  return {
    hallUrl: s.hallUrl.replace(/\/$/, ''),
    hallCa,
    hallId: s.hall,
    deviceId: s.device,
    deviceKey: deviceKey!,
    idHashKey,
    idcard: s.idcard ? { path: s.idcard, baudRate: s.idcardBaud } : null,
    printer: s.printer ? { path: s.printer, baudRate: s.printerBaud } : null,
    simulate: s.simulate,
    http: s.httpPort === 'off' ? null : { host: s.httpHost, port: s.httpPort },
    pagesDir: resolve(s.pages),
  };
}

function readOrNull(read: (path: string) => string, path: string): string | null {
  try {
    return read(path).trim() || null;
  } catch {
    return null;
  }
}

function readConfigFile(path: string, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): Record<string, unknown> {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    throw new KioskConfigError([`--config ${path}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new KioskConfigError([`--config ${path}: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

function flagName(path: string): string {
  const flag = Object.entries(FLAGS).find(([, key]) => key === path)?.[0];
  return flag ? `--${flag}` : path;
}

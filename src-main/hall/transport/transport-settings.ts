import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { fieldIssues } from '../../contracts';

// How the hall server meets the network: TLS (HTTPS and WSS), the reverse proxies whose X-Forwarded-For is
// believed, and the browser origins its socket.io accepts. Server-wide (one server runs several halls), so
// not in a hall's config, which is stored in the database and edited live. From flags, else environment,
// else a server settings file (--server-config). docs/SECURITY.md, "Deployment".

/** An IPv4 or IPv6 address, or a range of them in CIDR form (10.0.0.0/8, fd00::/8). */
const proxyAddress = z
  .string()
  .trim()
  .refine((s) => {
    const [ip, bits, extra] = s.split('/');
    const family = isIP(ip ?? '');
    if (family === 0 || extra !== undefined) return false;
    if (bits === undefined) return true;
    const n = Number(bits);
    return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
  }, 'an IP address or a CIDR range such as 127.0.0.1, 10.0.0.0/8 or ::1');

/** A browser origin: scheme, host and port, nothing after. */
const origin = z
  .url({ protocol: /^https?$/, error: 'an origin such as https://hall.example.gov.cn or http://10.0.0.2:8080' })
  .refine((s) => {
    const u = new URL(s);
    return (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash && !u.username;
  }, 'an origin has no path, query or user: https://host[:port]')
  .transform((s) => new URL(s).origin);

export const transportSettingsSchema = z
  .object({
    tls: z
      .object({
        certFile: z.string().min(1).max(500),
        keyFile: z.string().min(1).max(500),
      })
      .strict()
      .optional(),
    trustProxy: z.array(proxyAddress).max(64).default([]),
    allowedOrigins: z.array(origin).max(64).default([]),
  })
  .strict();

export type TransportSettingsInput = z.input<typeof transportSettingsSchema>;
export type TransportSettings = z.output<typeof transportSettingsSchema>;

export class TransportSettingsError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid transport settings\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** The flags main.ts reads (node:util parseArgs values). */
export interface TransportFlags {
  'tls-cert'?: string | undefined;
  'tls-key'?: string | undefined;
  'trust-proxy'?: string[] | undefined;
  'allowed-origin'?: string[] | undefined;
  'server-config'?: string | undefined;
}

export const TRANSPORT_FLAG_OPTIONS = {
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'trust-proxy': { type: 'string', multiple: true },
  'allowed-origin': { type: 'string', multiple: true },
  'server-config': { type: 'string' },
} as const;

const list = (values: readonly string[] | undefined): string[] | undefined =>
  values === undefined
    ? undefined
    : values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== '');

function readSettingsFile(file: string, read: (path: string) => string): TransportSettingsInput {
  let text: string;
  try {
    text = read(file);
  } catch (err) {
    throw new TransportSettingsError(file, [`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
  }
  try {
    return (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as TransportSettingsInput;
  } catch (err) {
    throw new TransportSettingsError(file, [`not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`]);
  }
}

/**
 * The transport settings from flags, environment (HALL_TLS_CERT, HALL_TLS_KEY, HALL_TRUST_PROXY,
 * HALL_ALLOWED_ORIGINS, HALL_SERVER_CONFIG; lists comma separated) and the settings file, each field
 * taken from the first that gives it. Relative file names are resolved against the working directory.
 */
export function transportSettingsFrom(flags: TransportFlags, env: NodeJS.ProcessEnv, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): TransportSettings {
  const fileName = flags['server-config'] ?? env.HALL_SERVER_CONFIG;
  const file: Record<string, unknown> = fileName ? { ...(readSettingsFile(fileName, read) ?? {}) } : {};
  const source = fileName ?? 'flags and environment';
  const fileTls = (file.tls ?? {}) as { certFile?: string; keyFile?: string };
  const certFile = flags['tls-cert'] ?? env.HALL_TLS_CERT ?? fileTls.certFile;
  const keyFile = flags['tls-key'] ?? env.HALL_TLS_KEY ?? fileTls.keyFile;
  const merged: Record<string, unknown> = {
    ...file,
    trustProxy: list(flags['trust-proxy']) ?? list(env.HALL_TRUST_PROXY === undefined ? undefined : [env.HALL_TRUST_PROXY]) ?? file.trustProxy,
    allowedOrigins: list(flags['allowed-origin']) ?? list(env.HALL_ALLOWED_ORIGINS === undefined ? undefined : [env.HALL_ALLOWED_ORIGINS]) ?? file.allowedOrigins,
  };
  delete merged.tls;
  if (certFile !== undefined || keyFile !== undefined) {
    if (certFile === undefined || keyFile === undefined) {
      throw new TransportSettingsError(source, ['tls: give both the certificate (--tls-cert, HALL_TLS_CERT, tls.certFile) and its private key (--tls-key, HALL_TLS_KEY, tls.keyFile)']);
    }
    merged.tls = { certFile: resolve(certFile), keyFile: resolve(keyFile) };
  }
  const parsed = transportSettingsSchema.safeParse(merged);
  if (!parsed.success) throw new TransportSettingsError(source, fieldIssues(parsed.error).map((i) => `${i.path}: ${i.message}`));
  return parsed.data;
}

/**
 * A production hall never speaks plain HTTP to the hall network: it serves TLS itself, or says which
 * reverse proxy terminates TLS in front of it. Null when the settings may run.
 */
export function plainHttpProblem(settings: TransportSettings, production: boolean): string | null {
  if (!production || settings.tls || settings.trustProxy.length > 0) return null;
  return 'a production hall does not serve plain HTTP: give --tls-cert and --tls-key (HALL_TLS_CERT, HALL_TLS_KEY), or run it behind a TLS reverse proxy and name the proxy with --trust-proxy <address> (docs/SECURITY.md, "Deployment")';
}

/** Lines for the start-up banner: how the server meets the network, and a note when that is plain HTTP. */
export function describeTransport(settings: TransportSettings, tls: { validTo: Date; names: string } | null): string[] {
  const lines: string[] = [];
  if (tls && settings.tls) lines.push(`transport: HTTPS and WSS with ${settings.tls.certFile} (${tls.names}; valid until ${tls.validTo.toISOString().slice(0, 10)})`);
  if (settings.trustProxy.length > 0) lines.push(`transport: behind the reverse proxy ${settings.trustProxy.join(', ')}: client addresses from its X-Forwarded-For`);
  if (!tls && settings.trustProxy.length === 0) {
    lines.push('note: plain HTTP (ws://), fine for the demo on one machine; a real hall serves TLS (--tls-cert and --tls-key) or sits behind a TLS proxy (--trust-proxy): docs/SECURITY.md');
  }
  lines.push(settings.allowedOrigins.length > 0 ? `browser origins allowed: ${settings.allowedOrigins.join(', ')}` : 'browser origins allowed: the host each request is addressed to');
  return lines;
}

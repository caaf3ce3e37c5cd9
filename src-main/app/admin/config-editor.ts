import { createHash } from 'node:crypto';
import type { AdminAccountView, AdminConfigView, AdminDeviceView, EditableHallConfig, FieldIssue, HallConfig } from '../../contracts';
import { fieldIssues, hallConfigSchema, LOCKED_CONFIG_KEYS } from '../../contracts';
import { productionProblems } from '../config-rules';
import type { Failure } from '../admin-ports';

// Pure steps of a live config change: which keys may change, validation exactly as for the config file,
// what an admin may see of it, what changed (for the audit log), and what an import keeps.

export type ConfigFailure = Failure & { issues?: FieldIssue[] | undefined };
export type ConfigCheck = { ok: true; config: HallConfig } | { ok: false; failure: ConfigFailure };

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export function invalidConfig(issues: FieldIssue[]): ConfigFailure {
  return {
    code: 'INVALID_CONFIG',
    message: `配置无效：${issues.map((i) => `${i.path} ${i.message}`).join('；')}`,
    messageEn: `Invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  };
}

/** The same checks as the config file: the schema, and the production rules for a production hall. */
export function validateConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  const parsed = hallConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, failure: invalidConfig(fieldIssues(parsed.error)) };
  if (parsed.data.production || env.NODE_ENV === 'production') {
    const problems = productionProblems(parsed.data);
    if (problems.length > 0) return { ok: false, failure: invalidConfig(problems) };
  }
  return { ok: true, config: parsed.data };
}

const KNOWN_KEYS = new Set(Object.keys(hallConfigSchema.shape));
const LOCKED = new Set<string>(LOCKED_CONFIG_KEYS);

/** The current config with whole top-level sections replaced; accounts, devices, secrets and the id have their own ways. */
export function withChanges(current: HallConfig, changes: Record<string, unknown>): { ok: true; raw: Record<string, unknown> } | { ok: false; failure: ConfigFailure } {
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(changes)) {
    if (LOCKED.has(key)) issues.push({ path: key, message: key === 'accounts' || key === 'devices' ? `change ${key} with the ${key.slice(0, -1)}:* events` : 'cannot be changed while the hall runs' });
    else if (!KNOWN_KEYS.has(key)) issues.push({ path: key, message: 'no such setting' });
  }
  if (issues.length > 0) return { ok: false, failure: invalidConfig(issues) };
  return { ok: true, raw: keepWebhookSecret(current, { ...current, ...changes }) };
}

/** The page never sees the webhook secret: an empty or missing one means "keep the current one". */
function keepWebhookSecret(current: HallConfig, raw: Record<string, unknown>): Record<string, unknown> {
  const n = raw.notifications as { webhook?: { url?: unknown; secret?: unknown } } | undefined;
  const kept = current.notifications.webhook?.secret;
  if (!n || typeof n !== 'object' || !n.webhook || typeof n.webhook !== 'object' || !kept) return raw;
  if (n.webhook.secret !== undefined && n.webhook.secret !== '') return raw;
  return { ...raw, notifications: { ...n, webhook: { ...n.webhook, secret: kept } } };
}

/** The config without anything secret: what admins see and what an export holds. */
function withoutSecrets<T extends HallConfig>(config: T): Omit<T, 'secrets'> {
  const { secrets: _secrets, ...rest } = structuredClone(config);
  if (rest.notifications.webhook) rest.notifications.webhook = { ...rest.notifications.webhook, secret: '' };
  return rest;
}

export function accountView(a: HallConfig['accounts'][number]): AdminAccountView {
  return { username: a.username, displayName: a.displayName, role: a.role, disabled: a.disabled === true };
}

export function deviceView(d: HallConfig['devices'][number]): AdminDeviceView {
  return { id: d.id, kind: d.kind, name: d.name ?? null, windowId: d.windowId ?? null };
}

export function editableConfig(config: HallConfig): EditableHallConfig {
  const { accounts: _accounts, devices: _devices, ...rest } = withoutSecrets(config);
  return rest;
}

export function adminView(config: HallConfig, meta: { version: number; at: number; by: string }): AdminConfigView {
  return {
    version: meta.version,
    updatedAt: meta.at,
    updatedBy: meta.by,
    config: editableConfig(config),
    accounts: config.accounts.map(accountView),
    devices: config.devices.map(deviceView),
  };
}

export interface ConfigChange {
  path: string;
  before: string;
  after: string;
}

const SECRET_KEYS = new Set(['password', 'passwordHash', 'key', 'keyHash', 'idHashKey', 'secret']);
const MAX_CHANGES = 40;

function shown(v: unknown): string {
  if (v === undefined) return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Leaf-level differences, secrets masked: what the audit log says an admin changed. */
export function configDiff(before: unknown, after: unknown, path = '', out: ConfigChange[] = []): ConfigChange[] {
  if (out.length >= MAX_CHANGES) return out;
  const last = path.split('.').at(-1) ?? '';
  if (SECRET_KEYS.has(last)) {
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, before: before === undefined ? '—' : '***', after: after === undefined ? '—' : '***' });
    return out;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObj(before) && isObj(after) && Array.isArray(before) === Array.isArray(after)) {
    if (Array.isArray(before) && Array.isArray(after) && before.every((x) => !isObj(x)) && after.every((x) => !isObj(x))) {
      if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, before: shown(before), after: shown(after) });
      return out;
    }
    const keys = Array.isArray(before) && Array.isArray(after) ? [...Array(Math.max(before.length, after.length)).keys()].map(String) : [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const k of keys) {
      const sub = Array.isArray(before) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      configDiff((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], sub, out);
    }
    return out;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path: path || '(root)', before: shown(before), after: shown(after) });
  return out;
}

type RawRecord = Record<string, unknown>;
const isRecord = (v: unknown): v is RawRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A whole config file to import: it keeps this hall's id and production flag; accounts and devices it
 * lists without a password or key keep the ones the hall has (an export never carries them); the
 * secrets are kept unless the file brings its own.
 */
export function mergeImport(current: HallConfig, raw: unknown): { ok: true; raw: RawRecord } | { ok: false; failure: ConfigFailure } {
  if (!isRecord(raw)) return { ok: false, failure: invalidConfig([{ path: '(file)', message: 'expected a hall configuration object' }]) };
  if (raw.id !== undefined && raw.id !== current.id) {
    return { ok: false, failure: invalidConfig([{ path: 'id', message: `the file is for hall "${String(raw.id)}", this is "${current.id}"` }]) };
  }
  const accounts = Array.isArray(raw.accounts)
    ? raw.accounts.map((a: unknown) => {
        if (!isRecord(a) || a.password !== undefined || a.passwordHash !== undefined) return a;
        const known = current.accounts.find((c) => c.username === a.username);
        return known ? { ...a, ...(known.passwordHash ? { passwordHash: known.passwordHash } : { password: known.password }) } : a;
      })
    : current.accounts;
  const devices = Array.isArray(raw.devices)
    ? raw.devices.map((d: unknown) => {
        if (!isRecord(d) || d.key !== undefined || d.keyHash !== undefined) return d;
        const known = current.devices.find((c) => c.id === d.id);
        return known ? { ...d, ...(known.keyHash ? { keyHash: known.keyHash } : { key: known.key }) } : d;
      })
    : current.devices;
  return { ok: true, raw: keepWebhookSecret(current, { ...raw, id: current.id, production: current.production, accounts, devices, secrets: raw.secrets ?? current.secrets }) };
}

/** What an export file holds: everything but credentials and secrets (an import keeps the hall's own). */
export function exportable(config: HallConfig): RawRecord {
  return {
    ...withoutSecrets(config),
    accounts: config.accounts.map((a) => ({ username: a.username, displayName: a.displayName, role: a.role, ...(a.disabled ? { disabled: true } : {}) })),
    devices: config.devices.map((d) => ({ id: d.id, kind: d.kind, ...(d.name ? { name: d.name } : {}), ...(d.windowId !== undefined ? { windowId: d.windowId } : {}) })),
  };
}

/**
 * Credentials as the hall keeps them: passwords as scrypt hashes, device keys as SHA-256. `hashFor` may
 * return an existing hash when the password still matches it, so a restart does not re-hash.
 */
export async function secured(config: HallConfig, hashFor: (username: string, password: string) => Promise<string>): Promise<HallConfig> {
  const accounts = await Promise.all(
    config.accounts.map(async (a) => {
      if (a.password === undefined) return a;
      const { password, ...rest } = a;
      return { ...rest, passwordHash: await hashFor(a.username, password) };
    }),
  );
  const devices = config.devices.map((d) => {
    if (d.key === undefined) return d;
    const { key, ...rest } = d;
    return { ...rest, keyHash: sha256Hex(key) };
  });
  return { ...config, accounts, devices };
}

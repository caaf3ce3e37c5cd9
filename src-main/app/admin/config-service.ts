import { randomBytes } from 'node:crypto';
import type { AccountCreateInput, AccountUpdateInput, AdminAccountView, AdminConfigView, AdminDeviceView, DeviceCreateInput, DeviceKeyView, HallConfig, PublishedCatalogue, SessionEndReason } from '../../contracts';
import type { AuditStore, ConfigSource, ConfigStore, Failure, Outcome, ReconfigurableHall } from '../admin-ports';
import type { AuthService } from '../auth-service';
import { hashPassword } from '../passwords';
import type { Actor, Clock } from '../ports';
import { catalogueConflicts, mergeCatalogue } from './catalogue-merge';
import type { ConfigFailure } from './config-editor';
import { changesSummary } from './config-change-words';
import { accountView, adminView, configDiff, deviceView, mergeImport, secured, sha256Hex, validateConfig, withChanges } from './config-editor';

/** What a change did besides the config, so the hall can drop connections that are no longer allowed. */
export interface AppliedConfig {
  config: HallConfig;
  previous: HallConfig;
  /** Accounts whose connections must end: disabled, removed, role changed, password reset. */
  endedAccounts: string[];
  /** Devices whose connections must end: removed, key rotated, kind or window changed. */
  revokedDevices: string[];
}

const STORAGE_FAILED: Failure = { code: 'STORAGE_FAILED', message: '系统存储故障，操作未生效，请重试', messageEn: 'Storage failed; nothing was changed, please retry' };

const fail = <T>(failure: ConfigFailure): Outcome<T> => ({ ok: false, failure });
const refuse = <T>(code: string, message: string, messageEn: string, details?: Record<string, string | number>): Outcome<T> => fail({ code, message, messageEn, details });

export const staffNamesOf = (config: HallConfig): Map<string, string> => new Map(config.accounts.map((a) => [a.username, a.displayName]));

/**
 * The hall's live config: every change is validated like the config file, applied to the running queue
 * (HallService.reconfigure), written as a new version and recorded in the audit log with a diff — or,
 * if any step fails, not made at all. Changes run one at a time.
 */
export class HallConfigService {
  private chain: Promise<unknown> = Promise.resolve();
  private listeners = new Set<(applied: AppliedConfig) => void>();

  constructor(
    private readonly service: ReconfigurableHall,
    private readonly auth: AuthService,
    private readonly store: ConfigStore,
    private readonly audit: AuditStore,
    private readonly clock: Clock,
    private meta: { version: number; at: number; by: string },
  ) {}

  get config(): HallConfig {
    return this.service.config;
  }

  get version(): number {
    return this.meta.version;
  }

  onApplied(listener: (applied: AppliedConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  view(): AdminConfigView {
    return adminView(this.config, this.meta);
  }

  update(changes: Record<string, unknown>, actor: Actor): Promise<Outcome<AdminConfigView>> {
    return this.serial(async () => {
      const merged = withChanges(this.config, changes);
      if (!merged.ok) return fail(merged.failure);
      return this.commit(merged.raw, actor, 'admin', 'config.update', {}, () => this.view());
    });
  }

  /** A whole config file (parsed YAML or JSON); see mergeImport for what it keeps. */
  importConfig(raw: unknown, actor: Actor): Promise<Outcome<AdminConfigView>> {
    return this.serial(async () => {
      const merged = mergeImport(this.config, raw);
      if (!merged.ok) return fail(merged.failure);
      // Checked before hashing, so a production hall refuses plaintext passwords and weak keys as from a file.
      const checked = validateConfig(merged.raw);
      if (!checked.ok) return fail(checked.failure);
      const safe = await secured(checked.config, (u, p) => this.hashFor(u, p));
      return this.commit(safe, actor, 'import', 'config.import', {}, () => this.view());
    });
  }

  /**
   * A catalogue version published by the city, merged over this hall's own fields (catalogue-merge.ts) and
   * applied like an admin change: same validation, the running queue reconfigured, a new config version
   * (source 'city') and an audit entry naming the catalogue version. A refusal changes nothing.
   */
  applyCatalogue(published: PublishedCatalogue, actor: Actor): Promise<Outcome<AdminConfigView>> {
    return this.serial(async () => {
      const conflict = catalogueConflicts(this.config, published.catalogue);
      if (conflict) return fail(conflict);
      const raw = mergeCatalogue(this.config, published.catalogue);
      const data = { catalogueVersion: published.version, publishedAt: published.publishedAt, publishedBy: published.publishedBy };
      const describe = (version: number, summary: { zh: string; en: string }) => ({
        zh: `配置第 ${version} 版：采用城市事项目录第 ${published.version} 版（${summary.zh}）`,
        en: `Config version ${version}: catalogue version ${published.version} from the city (${summary.en})`,
      });
      return this.commit(raw, actor, 'city', 'catalogue.apply', data, () => this.view(), [], describe);
    });
  }

  createAccount(input: AccountCreateInput, actor: Actor): Promise<Outcome<AdminAccountView>> {
    return this.serial(async () => {
      if (this.config.accounts.some((a) => a.username === input.username)) {
        return refuse('ACCOUNT_EXISTS', `账号 ${input.username} 已存在`, `Account "${input.username}" already exists`, { username: input.username });
      }
      const account = { username: input.username, displayName: input.displayName, role: input.role, passwordHash: await hashPassword(input.password) };
      const raw = { ...this.config, accounts: [...this.config.accounts, account] };
      return this.commit(raw, actor, 'admin', 'account.create', { username: input.username }, () => accountView(account));
    });
  }

  updateAccount(input: AccountUpdateInput, actor: Actor): Promise<Outcome<AdminAccountView>> {
    return this.serial(async () => {
      const current = this.config.accounts.find((a) => a.username === input.username);
      if (!current) return refuse('NO_SUCH_ACCOUNT', `没有账号 ${input.username}`, `No account "${input.username}"`, { username: input.username });
      if (input.username === actor.id && (input.disabled || (input.role && input.role !== current.role))) {
        return refuse('CANNOT_CHANGE_SELF', '不能停用自己的账号或修改自己的角色', 'You cannot disable your own account or change your own role');
      }
      const next = {
        ...current,
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      };
      if (!next.disabled) delete next.disabled;
      const accounts = this.config.accounts.map((a) => (a.username === input.username ? next : a));
      const action = input.disabled === true ? 'account.disable' : input.disabled === false ? 'account.enable' : 'account.update';
      return this.commit({ ...this.config, accounts }, actor, 'admin', action, { username: input.username }, () => accountView(next));
    });
  }

  resetPassword(username: string, password: string, actor: Actor): Promise<Outcome<AdminAccountView>> {
    return this.serial(async () => {
      const current = this.config.accounts.find((a) => a.username === username);
      if (!current) return refuse('NO_SUCH_ACCOUNT', `没有账号 ${username}`, `No account "${username}"`, { username });
      const { password: _plain, ...rest } = current;
      const next = { ...rest, passwordHash: await hashPassword(password) };
      const accounts = this.config.accounts.map((a) => (a.username === username ? next : a));
      return this.commit({ ...this.config, accounts }, actor, 'admin', 'account.resetPassword', { username }, () => accountView(next), [username]);
    });
  }

  createDevice(input: DeviceCreateInput, actor: Actor): Promise<Outcome<DeviceKeyView>> {
    return this.serial(async () => {
      if (this.config.devices.some((d) => d.id === input.id)) {
        return refuse('DEVICE_EXISTS', `设备 ${input.id} 已存在`, `Device "${input.id}" already exists`, { deviceId: input.id });
      }
      const key = newDeviceKey();
      const device = { id: input.id, kind: input.kind, ...(input.name ? { name: input.name } : {}), ...(input.windowId !== undefined ? { windowId: input.windowId } : {}), keyHash: sha256Hex(key) };
      const raw = { ...this.config, devices: [...this.config.devices, device] };
      return this.commit(raw, actor, 'admin', 'device.create', { deviceId: input.id }, () => ({ device: deviceView(device), key }));
    });
  }

  rotateKey(id: string, actor: Actor): Promise<Outcome<DeviceKeyView>> {
    return this.serial(async () => {
      const current = this.config.devices.find((d) => d.id === id);
      if (!current) return refuse('NO_SUCH_DEVICE', `没有设备 ${id}`, `No device "${id}"`, { deviceId: id });
      const key = newDeviceKey();
      const { key: _old, ...rest } = current;
      const next = { ...rest, keyHash: sha256Hex(key) };
      const devices = this.config.devices.map((d) => (d.id === id ? next : d));
      return this.commit({ ...this.config, devices }, actor, 'admin', 'device.rotateKey', { deviceId: id }, () => ({ device: deviceView(next), key }));
    });
  }

  removeDevice(id: string, actor: Actor): Promise<Outcome<AdminDeviceView>> {
    return this.serial(async () => {
      const current = this.config.devices.find((d) => d.id === id);
      if (!current) return refuse('NO_SUCH_DEVICE', `没有设备 ${id}`, `No device "${id}"`, { deviceId: id });
      const devices = this.config.devices.filter((d) => d.id !== id);
      return this.commit({ ...this.config, devices }, actor, 'admin', 'device.remove', { deviceId: id }, () => deviceView(current));
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async hashFor(username: string, password: string): Promise<string> {
    return this.auth.passwordHashFor(this.config.id, username, password);
  }

  /** Validate → apply to the queue → store the version and the audit record; undo the first if the last fails. */
  private async commit<T>(
    raw: unknown,
    actor: Actor,
    source: ConfigSource,
    action: string,
    data: Record<string, unknown>,
    answer: () => T,
    resetPasswords: string[] = [],
    describe: (version: number, summary: { zh: string; en: string }) => { zh: string; en: string } = (version, summary) => ({ zh: `配置第 ${version} 版：${summary.zh}`, en: `Config version ${version}: ${summary.en}` }),
  ): Promise<Outcome<T>> {
    const checked = validateConfig(raw);
    if (!checked.ok) return fail(checked.failure);
    const config = checked.config;
    const previous = this.config;
    // A catalogue never touches accounts: a hall run without an admin account still takes the city's.
    if (source !== 'city' && !config.accounts.some((a) => a.role === 'admin' && !a.disabled)) {
      return refuse('LAST_ADMIN', '至少要保留一个启用的管理员账号', 'At least one enabled admin account must remain');
    }
    const refusal = await this.service.reconfigure(config, staffNamesOf(config));
    if (refusal) return fail(refusal);
    const changes = configDiff(previous, config);
    const summary = changesSummary(changes, previous, config);
    const at = this.clock.now();
    try {
      await this.auth.syncFromConfig(config);
      // Their sessions end here (and every live connection of them, told by the auth service), not later.
      for (const [u, reason] of endedAccounts(previous, config, resetPasswords)) await this.auth.endSessionsOf(config.id, u, reason);
      const version = await this.store.saveConfig({ hallId: config.id, at, actor, source, fileDigest: null, config });
      const described = describe(version, summary);
      await this.audit.append({
        hallId: config.id,
        at,
        actor,
        action,
        summary: described.zh,
        summaryEn: described.en,
        data: { ...data, version, changes },
      });
      this.meta = { version, at, by: actor.id };
    } catch {
      await this.service.reconfigure(previous, staffNamesOf(previous));
      await this.auth.syncFromConfig(previous).catch(() => undefined);
      return fail(STORAGE_FAILED);
    }
    const applied: AppliedConfig = { config, previous, endedAccounts: [...endedAccounts(previous, config, resetPasswords).keys()], revokedDevices: revokedDevices(previous, config) };
    for (const listener of this.listeners) listener(applied);
    return { ok: true, data: answer(), replayed: false };
  }
}

/** 32 URL-safe characters: comfortably over the production minimum of 24. */
export function newDeviceKey(): string {
  return randomBytes(24).toString('base64url');
}

/** Accounts whose sessions end with a change, and why: removed, disabled, role changed, password reset. */
function endedAccounts(before: HallConfig, after: HallConfig, reset: string[]): Map<string, SessionEndReason> {
  const out = new Map<string, SessionEndReason>();
  for (const a of before.accounts) {
    const b = after.accounts.find((x) => x.username === a.username);
    if (!b) out.set(a.username, 'account-removed');
    else if (b.disabled && !a.disabled) out.set(a.username, 'account-disabled');
    else if (b.role !== a.role) out.set(a.username, 'role-changed');
    else if ((a.passwordHash && b.passwordHash && a.passwordHash !== b.passwordHash) || (a.password && b.password && a.password !== b.password)) out.set(a.username, 'password-reset');
  }
  for (const u of reset) if (!out.has(u)) out.set(u, 'password-reset');
  return out;
}

function revokedDevices(before: HallConfig, after: HallConfig): string[] {
  return before.devices
    .filter((d) => {
      const n = after.devices.find((x) => x.id === d.id);
      return !n || n.keyHash !== d.keyHash || n.key !== d.key || n.kind !== d.kind || n.windowId !== d.windowId;
    })
    .map((d) => d.id);
}

import type { AuditStore, ConfigStore } from '../app/admin-ports';
import { changesSummary } from '../app/admin/config-change-words';
import { configDiff, secured, sha256Hex, validateConfig } from '../app/admin/config-editor';
import type { AuthService } from '../app/auth-service';
import { SYSTEM } from '../app/ports';
import type { HallConfig } from '../contracts';

/**
 * Which config a hall runs with. The config file seeds the database on the first start; after that the
 * database's latest version is in force (admins change it live), unless the server is started with
 * --reset-config, which makes the file the new latest version. Passwords and device keys are hashed
 * before anything is stored.
 */
export interface LiveConfig {
  config: HallConfig;
  version: number;
  at: number;
  by: string;
  /** `file`: seeded (or reset) from the file now; `database`: the stored version. */
  source: 'file' | 'database';
  /** The file differs from the one that last seeded the database (its edits are not in force). */
  fileChanged: boolean;
}

export class StoredConfigError extends Error {}

export async function resolveLiveConfig(
  file: HallConfig,
  store: ConfigStore,
  audit: AuditStore,
  auth: AuthService,
  now: number,
  reset: boolean,
): Promise<LiveConfig> {
  const digest = sha256Hex(JSON.stringify(file));
  const latest = await store.latestConfig(file.id);
  if (latest && !reset) {
    const checked = validateConfig(latest.config);
    if (!checked.ok) {
      throw new StoredConfigError(
        `hall ${file.id}: stored config version ${latest.version} is no longer valid (${checked.failure.messageEn}); start with --reset-config to load the config file instead`,
      );
    }
    const seeded = await store.latestFileVersion(file.id);
    return { config: checked.config, version: latest.version, at: latest.at, by: latest.actor.id, source: 'database', fileChanged: seeded?.fileDigest !== digest };
  }
  const safe = await secured(file, (u, p) => auth.passwordHashFor(file.id, u, p));
  const checked = validateConfig(safe);
  if (!checked.ok) throw new StoredConfigError(`hall ${file.id}: ${checked.failure.messageEn}`);
  const version = await store.saveConfig({ hallId: file.id, at: now, actor: SYSTEM, source: 'file', fileDigest: digest, config: checked.config });
  const before = latest ? validateConfig(latest.config) : null;
  const summary = before?.ok ? changesSummary(configDiff(before.config, checked.config), before.config, checked.config) : changesSummary([], checked.config, checked.config);
  await audit.append({
    hallId: file.id,
    at: now,
    actor: SYSTEM,
    action: latest ? 'config.reset' : 'config.seed',
    summary: latest ? `配置第 ${version} 版：按配置文件重置（${summary.zh}）` : `配置第 ${version} 版：由配置文件初始化`,
    summaryEn: latest ? `Config version ${version}: reset from the config file (${summary.en})` : `Config version ${version}: seeded from the config file`,
    data: { version },
  });
  return { config: checked.config, version, at: now, by: SYSTEM.id, source: 'file', fileChanged: false };
}

/** For the banner's one-click demo links: the file's device keys where they still match the live ones. */
export function withFileKeys(live: HallConfig, file: HallConfig | undefined): HallConfig {
  if (!file) return live;
  const devices = live.devices.map((d) => {
    const f = file.devices.find((x) => x.id === d.id);
    return f?.key !== undefined && (d.key === f.key || d.keyHash === sha256Hex(f.key)) ? { ...d, key: f.key } : d;
  });
  return { ...live, devices };
}

export function describeLiveConfig(hallId: string, live: LiveConfig): string {
  if (live.source === 'file') return `hall ${hallId}: config version ${live.version} loaded from the config file`;
  const note = live.fileChanged ? '; the config file has changed since it seeded the database and is NOT in force (start with --reset-config to load it)' : '';
  return `hall ${hallId}: config version ${live.version} from the database (changed by ${live.by})${note}`;
}

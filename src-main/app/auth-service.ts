import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { HallConfig } from '../contracts';
import { hashPassword, verifyPassword } from './passwords';
import type { AccountRecord, AccountStore, Clock, DeviceRecord } from './ports';

const SESSION_MS = 12 * 60 * 60 * 1000;
const MAX_FAILURES = 5;
const LOCK_MS = 60_000;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type LoginResult =
  | { ok: true; token: string; account: AccountRecord; expiresAt: number }
  | { ok: false; code: 'INVALID_LOGIN' | 'TOO_MANY_ATTEMPTS'; message: string; messageEn: string };

/** Staff and admin logins (scrypt), their sessions, and device keys. */
export class AuthService {
  private failures = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly store: AccountStore,
    private readonly clock: Clock,
  ) {}

  /** Puts the config's accounts and device keys into the database; plaintext passwords are hashed here. */
  async syncFromConfig(config: HallConfig): Promise<void> {
    const accounts = await Promise.all(
      config.accounts.filter((a) => !a.disabled).map(async (a) => ({
        hallId: config.id,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        passwordHash: a.passwordHash ?? (await this.keepOrHash(config.id, a.username, a.password!)),
      })),
    );
    await this.store.syncAccounts(config.id, accounts);
    const devices: DeviceRecord[] = config.devices.map((d) => ({
      hallId: config.id,
      id: d.id,
      kind: d.kind,
      name: d.name ?? null,
      keyHash: d.keyHash ?? sha256(d.key!),
      windowId: d.windowId ?? null,
    }));
    await this.store.syncDevices(config.id, devices);
  }

  /** The scrypt hash to keep for a plaintext password: the stored one while it still matches. */
  passwordHashFor(hallId: string, username: string, password: string): Promise<string> {
    return this.keepOrHash(hallId, username, password);
  }

  /** Re-hashing on every start would change the stored hash needlessly; keep it when it still matches. */
  private async keepOrHash(hallId: string, username: string, password: string): Promise<string> {
    const existing = await this.store.findAccount(hallId, username);
    if (existing && (await verifyPassword(password, existing.passwordHash))) return existing.passwordHash;
    return hashPassword(password);
  }

  async login(hallId: string, username: string, password: string, clientKey: string): Promise<LoginResult> {
    const key = `${hallId}:${username}:${clientKey}`;
    const now = this.clock.now();
    const failed = this.failures.get(key);
    if (failed && failed.count >= MAX_FAILURES && failed.until > now) {
      return { ok: false, code: 'TOO_MANY_ATTEMPTS', message: '登录失败次数过多，请一分钟后再试', messageEn: 'Too many failed logins; try again in a minute' };
    }
    const account = await this.store.findAccount(hallId, username);
    const good = account ? await verifyPassword(password, account.passwordHash) : await verifyPassword(password, DUMMY_HASH);
    if (!account || !good) {
      const count = (failed && failed.until > now ? failed.count : 0) + 1;
      this.failures.set(key, { count, until: now + LOCK_MS });
      return { ok: false, code: 'INVALID_LOGIN', message: '用户名或密码错误', messageEn: 'Wrong username or password' };
    }
    this.failures.delete(key);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_MS;
    await this.store.createSession({ tokenHash: sha256(token), hallId, username, createdAt: now, expiresAt });
    return { ok: true, token, account, expiresAt };
  }

  async resolveSession(hallId: string, token: string): Promise<AccountRecord | undefined> {
    const session = await this.store.findSession(sha256(token));
    if (!session || session.hallId !== hallId || session.expiresAt <= this.clock.now()) return undefined;
    return this.store.findAccount(hallId, session.username);
  }

  /** After a password reset: whoever was logged in as this account must log in again. */
  async endSessionsOf(hallId: string, username: string): Promise<void> {
    await this.store.deleteSessionsOf(hallId, username);
  }

  async logout(token: string): Promise<void> {
    await this.store.deleteSession(sha256(token));
  }

  async verifyDevice(hallId: string, deviceId: string, key: string): Promise<DeviceRecord | undefined> {
    const device = await this.store.findDevice(hallId, deviceId);
    if (!device) return undefined;
    const a = Buffer.from(device.keyHash, 'hex');
    const b = Buffer.from(sha256(key), 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? device : undefined;
  }
}

// Verifying against a dummy hash for unknown users keeps the response time the same as for known ones.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

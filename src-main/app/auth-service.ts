import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { HallConfig, SessionEndReason } from '../contracts';
import { DEFAULT_LIMITS } from '../contracts';
import type { ConcurrencyGate } from './concurrency-gate';
import { hashPassword, passwordChecks, verifyPassword } from './passwords';
import type { AccountRecord, AccountStore, Clock, DeviceRecord, SessionRecord } from './ports';
import type { BucketRate } from './rate-limiter';
import { addressKey, KeyedTokenBuckets, LruMap, retryAfterSeconds } from './rate-limiter';

const SESSION_MS = 12 * 60 * 60 * 1000;
const MAX_FAILURES = 5;
const LOCK_MS = 60_000;
/** (account, address) pairs whose failures are remembered; the least recently failed are forgotten. */
export const MAX_FAILURE_ENTRIES = 10_000;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type LoginResult =
  | { ok: true; token: string; account: AccountRecord; expiresAt: number }
  | { ok: false; code: 'INVALID_LOGIN' | 'TOO_MANY_ATTEMPTS' | 'RATE_LIMITED'; message: string; messageEn: string; retryAfterSeconds?: number };

/** Login attempts per client address (config `limits`): failed or still running ones count. */
export interface LoginLimits {
  loginAttemptsPerMinute: number;
  loginBurst: number;
}

/** Sessions that just ended: one (by its token's hash) or every session of an account. */
export type SessionsEnded = { hallId: string; reason: SessionEndReason } & ({ tokenHash: string } | { username: string });

/** A live session as a connection holds it: never the token itself. */
export interface ResolvedSession {
  account: AccountRecord;
  tokenHash: string;
  expiresAt: number;
}

export interface AuthOptions {
  /** The password check (scrypt); tests count calls. */
  verify?: (password: string, stored: string) => Promise<boolean>;
  /** Bounds password checks running and waiting; shared by every hall of the process by default. */
  gate?: ConcurrencyGate;
  maxFailureEntries?: number;
}

/**
 * Staff and admin logins (scrypt), their sessions, and device keys. A login is refused before any password
 * work when its (account, address) pair is locked or its address has used up its attempts; the checks that
 * do run are bounded by a gate. Every table here has a fixed size.
 */
export class AuthService {
  private readonly failures: LruMap<string, { count: number; until: number }>;
  private readonly addresses = new KeyedTokenBuckets();
  private readonly verify: (password: string, stored: string) => Promise<boolean>;
  private readonly gate: ConcurrencyGate;
  private readonly endListeners = new Set<(ended: SessionsEnded) => void>();

  constructor(
    private readonly store: AccountStore,
    private readonly clock: Clock,
    options: AuthOptions = {},
  ) {
    this.verify = options.verify ?? verifyPassword;
    this.gate = options.gate ?? passwordChecks;
    this.failures = new LruMap(options.maxFailureEntries ?? MAX_FAILURE_ENTRIES);
  }

  /** How many (account, address) pairs have failures remembered. */
  get failureEntries(): number {
    return this.failures.size;
  }

  /** How many client addresses have a login bucket. */
  get addressEntries(): number {
    return this.addresses.size;
  }

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

  async login(hallId: string, username: string, password: string, clientKey: string, limits: LoginLimits = DEFAULT_LIMITS): Promise<LoginResult> {
    const key = `${hallId}:${username}:${clientKey}`;
    const now = this.clock.now();
    const failed = this.failures.peek(key);
    if (failed && failed.count >= MAX_FAILURES && failed.until > now) {
      return {
        ok: false,
        code: 'TOO_MANY_ATTEMPTS',
        message: '登录失败次数过多，请一分钟后再试',
        messageEn: 'Too many failed logins; try again in a minute',
        retryAfterSeconds: retryAfterSeconds(failed.until - now),
      };
    }
    // Per address, before any password work: a flood of guesses costs the hall a few hashes, not one each.
    const address = addressKey(clientKey);
    const rate: BucketRate = { perSecond: limits.loginAttemptsPerMinute / 60, burst: limits.loginBurst };
    const allowed = this.addresses.take(address, now, rate);
    if (!allowed.ok) {
      const seconds = retryAfterSeconds(allowed.retryAfterMs);
      return { ok: false, code: 'RATE_LIMITED', message: `登录尝试过于频繁，请 ${seconds} 秒后再试`, messageEn: `Too many login attempts; try again in ${seconds} s`, retryAfterSeconds: seconds };
    }
    const account = await this.store.findAccount(hallId, username);
    // Verifying against a dummy hash for unknown users keeps the answer as slow as for known ones.
    const checking = this.gate.run(() => this.verify(password, account ? account.passwordHash : DUMMY_HASH), address);
    if (!checking) {
      this.addresses.give(address, this.clock.now(), rate);
      return { ok: false, code: 'RATE_LIMITED', message: '登录请求过多，请稍后再试', messageEn: 'Too many logins at once; try again shortly', retryAfterSeconds: 1 };
    }
    const good = await checking;
    const after = this.clock.now();
    if (!account || !good) {
      const last = this.failures.peek(key);
      const count = (last && last.until > after ? last.count : 0) + 1;
      this.failures.set(key, { count, until: after + LOCK_MS });
      return { ok: false, code: 'INVALID_LOGIN', message: '用户名或密码错误', messageEn: 'Wrong username or password' };
    }
    this.failures.delete(key);
    // A login that succeeds gives its attempt back: staff behind one address can all sign in.
    this.addresses.give(address, after, rate);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = after + SESSION_MS;
    await this.store.createSession({ tokenHash: sha256(token), hallId, username, createdAt: after, expiresAt });
    return { ok: true, token, account, expiresAt };
  }

  async resolveSession(hallId: string, token: string): Promise<AccountRecord | undefined> {
    return (await this.resolveLiveSession(hallId, token))?.account;
  }

  /** The account of a token and its session's expiry, for a connection that must end when the session does. */
  async resolveLiveSession(hallId: string, token: string): Promise<ResolvedSession | undefined> {
    const tokenHash = sha256(token);
    const session: SessionRecord | undefined = await this.store.findSession(tokenHash);
    if (!session || session.hallId !== hallId || session.expiresAt <= this.clock.now()) return undefined;
    const account = await this.store.findAccount(hallId, session.username);
    return account ? { account, tokenHash, expiresAt: session.expiresAt } : undefined;
  }

  /** Told, at once, of every session that ends here, so live connections of it end too (hall/live-sessions.ts). */
  onSessionsEnded(listener: (ended: SessionsEnded) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** A password reset, a role change, a disabled or removed account: whoever was logged in as it must log in again. */
  async endSessionsOf(hallId: string, username: string, reason: SessionEndReason = 'password-reset'): Promise<void> {
    await this.store.deleteSessionsOf(hallId, username);
    this.ended({ hallId, username, reason });
  }

  async logout(token: string): Promise<void> {
    const tokenHash = sha256(token);
    const session = await this.store.findSession(tokenHash);
    await this.store.deleteSession(tokenHash);
    if (session) this.ended({ hallId: session.hallId, tokenHash, reason: 'logout' });
  }

  private ended(ended: SessionsEnded): void {
    for (const listener of this.endListeners) listener(ended);
  }

  async verifyDevice(hallId: string, deviceId: string, key: string): Promise<DeviceRecord | undefined> {
    const device = await this.store.findDevice(hallId, deviceId);
    if (!device) return undefined;
    const a = Buffer.from(device.keyHash, 'hex');
    const b = Buffer.from(sha256(key), 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? device : undefined;
  }
}

// Checked for unknown users, so that they take as long as known ones.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

import { describe, expect, it } from 'vitest';
import { AuthService, MAX_FAILURE_ENTRIES } from '../../src-main/app/auth-service';
import { ConcurrencyGate } from '../../src-main/app/concurrency-gate';
import type { AccountRecord, AccountStore, SessionRecord } from '../../src-main/app/ports';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';

const HALL = 'demo-county';
const LIMITS = { loginAttemptsPerMinute: 10, loginBurst: 30 };

class MemoryAccounts implements AccountStore {
  accounts = new Map<string, AccountRecord>([['staff01', { hallId: HALL, username: 'staff01', displayName: '王丽', role: 'staff', passwordHash: 'hash:demo1234' }]]);
  sessions = new Map<string, SessionRecord>();
  syncAccounts(): void {}
  findAccount(_hallId: string, username: string): AccountRecord | undefined {
    return this.accounts.get(username);
  }
  listAccounts(): AccountRecord[] {
    return [...this.accounts.values()];
  }
  syncDevices(): void {}
  findDevice(): undefined {
    return undefined;
  }
  createSession(s: SessionRecord): void {
    this.sessions.set(s.tokenHash, s);
  }
  findSession(tokenHash: string): SessionRecord | undefined {
    return this.sessions.get(tokenHash);
  }
  deleteSession(tokenHash: string): void {
    this.sessions.delete(tokenHash);
  }
  deleteSessionsOf(): void {}
}

/** An AuthService whose password check is counted (and can be held), with its own gate. */
function rig(opts: { gate?: ConcurrencyGate; hold?: Promise<void> } = {}) {
  const clock = new ManualClock(MONDAY_9AM_BEIJING);
  const checks = { count: 0 };
  const auth = new AuthService(new MemoryAccounts(), clock, {
    gate: opts.gate ?? new ConcurrencyGate(2, 64),
    verify: async (password, stored) => {
      checks.count++;
      await opts.hold;
      return stored === `hash:${password}`;
    },
  });
  return { auth, clock, checks };
}

describe('AuthService login limits', () => {
  it('a flood of unknown usernames from one address is refused before any password check; another address logs in', async () => {
    const { auth, checks } = rig();
    const flood = await Promise.all(Array.from({ length: 64 }, (_, i) => auth.login(HALL, `nobody-${i}`, 'guess', '203.0.113.9', LIMITS)));
    expect(checks.count).toBe(LIMITS.loginBurst);
    const refused = flood.filter((r) => !r.ok && r.code === 'RATE_LIMITED');
    expect(refused).toHaveLength(64 - LIMITS.loginBurst);
    expect(refused[0]).toMatchObject({ retryAfterSeconds: 6, messageEn: expect.stringContaining('Too many login attempts') });
    expect(flood.filter((r) => !r.ok && r.code === 'INVALID_LOGIN')).toHaveLength(LIMITS.loginBurst);

    // Even the right password is refused from that address until a token comes back, without hashing.
    const before = checks.count;
    expect(await auth.login(HALL, 'staff01', 'demo1234', '203.0.113.9', LIMITS)).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(checks.count).toBe(before);
    expect(await auth.login(HALL, 'staff01', 'demo1234', '198.51.100.4', LIMITS)).toMatchObject({ ok: true, account: { username: 'staff01' } });
  });

  it('the address gets attempts back as time passes (service clock), one per 60/rate seconds', async () => {
    const { auth, clock } = rig();
    for (let i = 0; i < LIMITS.loginBurst; i++) await auth.login(HALL, `nobody-${i}`, 'guess', '203.0.113.9', LIMITS);
    expect(await auth.login(HALL, 'staff01', 'demo1234', '203.0.113.9', LIMITS)).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    clock.advance(6_000);
    expect(await auth.login(HALL, 'staff01', 'demo1234', '203.0.113.9', LIMITS)).toMatchObject({ ok: true });
  });

  it('successful logins give their attempt back: a whole office behind one address signs in', async () => {
    const { auth } = rig();
    const tight = { loginAttemptsPerMinute: 1, loginBurst: 2 };
    for (let i = 0; i < 20; i++) expect((await auth.login(HALL, 'staff01', 'demo1234', '192.0.2.1', tight)).ok).toBe(true);
  });

  it('keeps the lockout per account and address: after 5 failures even the right password is refused unchecked', async () => {
    const { auth, checks } = rig();
    for (let i = 0; i < 5; i++) expect(await auth.login(HALL, 'staff01', 'wrong', '192.0.2.1', LIMITS)).toMatchObject({ code: 'INVALID_LOGIN' });
    const before = checks.count;
    expect(await auth.login(HALL, 'staff01', 'demo1234', '192.0.2.1', LIMITS)).toMatchObject({ ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 60 });
    expect(checks.count).toBe(before);
    expect((await auth.login(HALL, 'staff01', 'demo1234', '192.0.2.2', LIMITS)).ok).toBe(true);
  });

  it('the failure table stays bounded after 100k distinct usernames from many addresses', async () => {
    const { auth, clock } = rig({ gate: new ConcurrencyGate(4, 1000) });
    let failed = 0;
    for (let i = 0; i < 100_000; i += 1000) {
      const results = await Promise.all(Array.from({ length: 1000 }, (_, k) => auth.login(HALL, `random-${i + k}`, 'x', `10.${(i + k) >> 16}.${((i + k) >> 8) & 255}.${(i + k) & 255}`, LIMITS)));
      failed += results.filter((r) => !r.ok && r.code === 'INVALID_LOGIN').length;
      clock.advance(1);
    }
    expect(failed).toBe(100_000);
    expect(auth.failureEntries).toBe(MAX_FAILURE_ENTRIES);
    expect(auth.addressEntries).toBeLessThanOrEqual(20_000);
  });

  it('bounds password checks in flight; beyond the waiting line a login is refused at once, its attempt given back', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const gate = new ConcurrencyGate(2, 3);
    const { auth, checks } = rig({ gate, hold });
    const running = Array.from({ length: 5 }, (_, i) => auth.login(HALL, `user-${i}`, 'x', `192.0.2.${i}`, LIMITS));
    await new Promise((r) => setImmediate(r));
    expect([gate.inFlight, gate.queued, checks.count]).toEqual([2, 3, 2]);
    expect(await auth.login(HALL, 'staff01', 'demo1234', '192.0.2.100', LIMITS)).toMatchObject({ ok: false, code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(checks.count).toBe(2);
    release();
    expect((await Promise.all(running)).map((r) => r.ok)).toEqual([false, false, false, false, false]);
    expect(checks.count).toBe(5);
    expect((await auth.login(HALL, 'staff01', 'demo1234', '192.0.2.100', LIMITS)).ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { CHECK_IN_MAX_CODES, CheckInGuard } from '../../src-main/app/check-in-guard';

const LIMITS = { checkInCodeFailuresPerMinute: 5, checkInCodeFailuresPerHour: 30, checkInFailuresPerCode: 5 };
const T0 = Date.UTC(2026, 10, 23, 1, 0, 0); // on a clock hour
const name = (id: string) => id;
const clock = (t: number) => new Date(t).toISOString().slice(11, 16);

describe('check-in guard: booking codes per kiosk and per code', () => {
  it('five wrong codes in a minute lock the kiosk until the minute ends; the lock is an alert while it lasts', () => {
    const g = new CheckInGuard();
    const locks = [];
    for (let i = 0; i < 5; i++) {
      const b = g.begin('kiosk-1', `10000${i}`, T0 + 1000, LIMITS);
      if (!b.ok) throw new Error('refused too early');
      locks.push(g.end(b.pass, false, T0 + 1000, LIMITS));
    }
    expect(locks.slice(0, 4)).toEqual([null, null, null, null]);
    expect(locks[4]).toMatchObject({ deviceId: 'kiosk-1', failures: 5, scope: 'minute', until: T0 + 60_000 });
    expect(g.begin('kiosk-1', '123456', T0 + 2000, LIMITS)).toEqual({ ok: false, retryAfterMs: 58_000, scope: 'device' });
    // Another kiosk is not locked.
    expect(g.begin('kiosk-2', '123456', T0 + 2000, LIMITS).ok).toBe(true);
    expect(g.conditions(T0 + 2000, name, clock)).toEqual([expect.objectContaining({ key: `check-in:kiosk-1:${T0 + 1000}`, kind: 'device', level: 'red', subject: 'kiosk-1' })]);
    // The next minute the kiosk may try again, and the alert clears.
    expect(g.begin('kiosk-1', '123457', T0 + 60_000, LIMITS).ok).toBe(true);
    expect(g.conditions(T0 + 60_000, name, clock)).toEqual([]);
  });

  it('a success gives its count back: citizens who mistype once then type the right code are never locked', () => {
    const g = new CheckInGuard();
    // Twenty citizens, a minute apart, each with one typo: twenty failures in the hour, under its thirty.
    for (let citizen = 0; citizen < 20; citizen++) {
      const t = T0 + citizen * 60_000;
      const wrong = g.begin('kiosk-1', '111111', t, { ...LIMITS, checkInFailuresPerCode: 100 });
      if (!wrong.ok) throw new Error(`citizen ${citizen} refused`);
      expect(g.end(wrong.pass, false, t, LIMITS)).toBeNull();
      const right = g.begin('kiosk-1', `2000${String(citizen).padStart(2, '0')}`, t + 5000, LIMITS);
      if (!right.ok) throw new Error(`citizen ${citizen} refused`);
      expect(g.end(right.pass, true, t + 5000, LIMITS)).toBeNull();
    }
    // Successes alone never count.
    for (let i = 0; i < 50; i++) {
      const b = g.begin('kiosk-2', '654321', T0 + i, LIMITS);
      if (!b.ok) throw new Error('successes must not count');
      g.end(b.pass, true, T0 + i, LIMITS);
    }
    expect(g.conditions(T0 + 30 * 60_000, name, clock)).toEqual([]);
  });

  it('attempts still running count: a thousand guesses sent at once let five through', () => {
    const g = new CheckInGuard();
    const begun = Array.from({ length: 1000 }, (_, i) => g.begin('kiosk-1', String(100000 + i), T0, LIMITS));
    expect(begun.filter((b) => b.ok)).toHaveLength(5);
  });

  it('thirty wrong codes in an hour lock the kiosk for the rest of the hour', () => {
    const g = new CheckInGuard();
    let t = T0;
    let lock = null;
    for (let i = 0; i < 30; i++) {
      t = T0 + Math.floor(i / 5) * 60_000 + i;
      const b = g.begin('kiosk-1', String(300000 + i), t, LIMITS);
      if (!b.ok) throw new Error(`refused at ${i}`);
      lock = g.end(b.pass, false, t, LIMITS) ?? lock;
    }
    expect(lock).toMatchObject({ scope: 'hour', until: T0 + 3_600_000 });
    expect(g.begin('kiosk-1', '777777', T0 + 20 * 60_000, LIMITS)).toMatchObject({ ok: false, scope: 'device', retryAfterMs: 40 * 60_000 });
  });

  it('the same code tried wrongly five times, from any kiosks, is locked for the hour', () => {
    const g = new CheckInGuard();
    for (let i = 0; i < 5; i++) {
      const b = g.begin(`kiosk-${i}`, '424242', T0 + i, LIMITS);
      if (!b.ok) throw new Error('refused');
      g.end(b.pass, false, T0 + i, LIMITS);
    }
    expect(g.begin('kiosk-9', '424242', T0 + 10, LIMITS)).toMatchObject({ ok: false, scope: 'code' });
    expect(g.begin('kiosk-9', '424243', T0 + 10, LIMITS).ok).toBe(true);
  });

  it('memory stays bounded under a flood of distinct codes and device ids', () => {
    const g = new CheckInGuard();
    for (let i = 0; i < 3 * CHECK_IN_MAX_CODES; i++) {
      const b = g.begin(`kiosk-${i % 5000}`, String(100000 + i), T0 + i * 61_000, LIMITS);
      if (b.ok) g.end(b.pass, false, T0 + i * 61_000, LIMITS);
    }
    const size = g.size;
    expect(size.codes).toBeLessThanOrEqual(CHECK_IN_MAX_CODES);
    expect(size.devices).toBeLessThanOrEqual(1000);
    expect(size.locks).toBeLessThanOrEqual(1000);
  });
});

import type { Condition } from './supervision/conditions';
import { LruMap } from './rate-limiter';

/**
 * Booking codes are six digits: 900,000 values, a few hundred of them open on a busy day. Without a limit a
 * script holding one kiosk's key tries them all in minutes (5,500 in 0.4 s was seen). So check-ins by code
 * are limited, counting attempts that failed or are still running (an attempt that succeeds gives its
 * count back, so parallel guesses cannot slip through before their failures are counted):
 * - per device, per clock minute and per clock hour: a kiosk over either is locked (RATE_LIMITED) until the
 *   window ends, and the lock raises a red 电子监察 device alert (key `check-in:…`) while the lock lasts;
 * - per code value, per clock hour, across every device: the same six digits tried wrongly again and again
 *   (from several kiosks, or while the booking is refused as too early or already used) are locked too.
 * Check-ins by ID card are not limited here: a card's hash needs the hall's key.
 * Every table is an LRU of fixed size, so a flood of distinct codes or device ids costs bounded memory;
 * forgetting a key only ever lets a client in earlier. Time is always passed in.
 */
export interface CheckInLimits {
  /** Failed (or running) code check-ins per device per clock minute. */
  checkInCodeFailuresPerMinute: number;
  /** Failed (or running) code check-ins per device per clock hour. */
  checkInCodeFailuresPerHour: number;
  /** Failed (or running) check-ins with one code value per clock hour, from any device. */
  checkInFailuresPerCode: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Window {
  window: number;
  count: number;
}

interface DeviceCounts {
  minute: Window;
  hour: Window;
}

/** A lock episode of one device, kept for its alert. */
export interface DeviceLock {
  deviceId: string;
  since: number;
  until: number;
  /** Failures counted in the window that locked (at the moment it locked). */
  failures: number;
  scope: 'minute' | 'hour';
}

/** One attempt let through: handed back with its result. */
export interface CheckInPass {
  deviceId: string;
  code: string;
  minute: number;
  hour: number;
}

export type CheckInRefusal = { ok: false; retryAfterMs: number; scope: 'device' | 'code' };
export type CheckInBegin = { ok: true; pass: CheckInPass } | CheckInRefusal;

export const CHECK_IN_MAX_DEVICES = 1_000;
export const CHECK_IN_MAX_CODES = 20_000;

function current(w: Window, window: number): Window {
  if (w.window !== window) {
    w.window = window;
    w.count = 0;
  }
  return w;
}

export class CheckInGuard {
  private readonly devices = new LruMap<string, DeviceCounts>(CHECK_IN_MAX_DEVICES);
  private readonly codes = new LruMap<string, Window>(CHECK_IN_MAX_CODES);
  private readonly locks = new LruMap<string, DeviceLock>(CHECK_IN_MAX_DEVICES);

  /** Entries held, for tests of the bound. */
  get size(): { devices: number; codes: number; locks: number } {
    return { devices: this.devices.size, codes: this.codes.size, locks: this.locks.size };
  }

  /** Before a check-in by code: refused while the device or the code is locked, else counted. */
  begin(deviceId: string, code: string, now: number, limits: CheckInLimits): CheckInBegin {
    const minute = Math.floor(now / MINUTE);
    const hour = Math.floor(now / HOUR);
    let d = this.devices.get(deviceId);
    if (!d) {
      d = { minute: { window: minute, count: 0 }, hour: { window: hour, count: 0 } };
      this.devices.set(deviceId, d);
    }
    const m = current(d.minute, minute);
    const h = current(d.hour, hour);
    if (h.count >= limits.checkInCodeFailuresPerHour) return { ok: false, retryAfterMs: (hour + 1) * HOUR - now, scope: 'device' };
    if (m.count >= limits.checkInCodeFailuresPerMinute) return { ok: false, retryAfterMs: (minute + 1) * MINUTE - now, scope: 'device' };
    let c = this.codes.get(code);
    if (!c) {
      c = { window: hour, count: 0 };
      this.codes.set(code, c);
    }
    if (current(c, hour).count >= limits.checkInFailuresPerCode) return { ok: false, retryAfterMs: (hour + 1) * HOUR - now, scope: 'code' };
    m.count++;
    h.count++;
    c.count++;
    return { ok: true, pass: { deviceId, code, minute, hour } };
  }

  /**
   * After the attempt: a success gives its counts back; a failure keeps them, and if it filled the
   * device's minute or hour the device is locked (returned, for the alert and the log).
   */
  end(pass: CheckInPass, succeeded: boolean, now: number, limits: CheckInLimits): DeviceLock | null {
    const d = this.devices.peek(pass.deviceId);
    if (succeeded) {
      if (d && d.minute.window === pass.minute && d.minute.count > 0) d.minute.count--;
      if (d && d.hour.window === pass.hour && d.hour.count > 0) d.hour.count--;
      const c = this.codes.peek(pass.code);
      if (c && c.window === pass.hour && c.count > 0) c.count--;
      return null;
    }
    if (!d) return null;
    const minute = Math.floor(now / MINUTE);
    const hour = Math.floor(now / HOUR);
    let lock: DeviceLock | null = null;
    if (d.hour.window === hour && d.hour.count >= limits.checkInCodeFailuresPerHour) {
      lock = { deviceId: pass.deviceId, since: now, until: (hour + 1) * HOUR, failures: d.hour.count, scope: 'hour' };
    } else if (d.minute.window === minute && d.minute.count >= limits.checkInCodeFailuresPerMinute) {
      lock = { deviceId: pass.deviceId, since: now, until: (minute + 1) * MINUTE, failures: d.minute.count, scope: 'minute' };
    }
    if (!lock) return null;
    const held = this.locks.peek(pass.deviceId);
    // Already locked (a parallel attempt got there first): the same episode, extended if longer.
    if (held && held.until > now) {
      if (lock.until > held.until) this.locks.set(pass.deviceId, { ...held, until: lock.until, scope: lock.scope, failures: lock.failures });
      return null;
    }
    this.locks.set(pass.deviceId, lock);
    return lock;
  }

  /**
   * The devices locked now, for 电子监察: one red alert per lock episode, cleared when it ends. `name` and
   * `clock` give a device's name and a time as the hall shows them.
   */
  conditions(now: number, name: (deviceId: string) => string, clock: (t: number) => string): Condition[] {
    const out: Condition[] = [];
    for (const [id, lock] of this.locks.entries()) {
      if (lock.until <= now) continue;
      out.push({
        key: `check-in:${id}:${lock.since}`,
        // A device alert (the kiosk and its key need a look); the key tells it from a device fault.
        kind: 'device',
        level: 'red',
        since: lock.since,
        subject: id,
        message: `${name(id)} 预约码签到出错 ${lock.failures} 次，疑似猜测预约码，该机预约码签到暂停至 ${clock(lock.until)}`,
        messageEn: `${name(id)}: ${lock.failures} wrong booking codes, possibly guessing; code check-in on this kiosk paused until ${clock(lock.until)}`,
      });
    }
    return out;
  }
}

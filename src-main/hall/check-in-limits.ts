import type { CheckInRefusal } from '../app/check-in-guard';
import { CheckInGuard } from '../app/check-in-guard';
import type { HallService } from '../app/hall-service';
import type { Condition } from '../app/supervision/conditions';
import { retryAfterSeconds } from '../app/rate-limiter';
import type { ErrorAck } from '../contracts';
import { localTime } from '../domain';
import { errorAck } from './event-handler';

/** One guard per hall, kept beside its service (like the phones' limits), created on first use. */
const guards = new WeakMap<HallService, CheckInGuard>();

export function checkInGuardOf(service: HallService): CheckInGuard {
  let guard = guards.get(service);
  if (!guard) {
    guard = new CheckInGuard();
    guards.set(service, guard);
  }
  return guard;
}

/** Kiosks locked now for guessing booking codes, as 电子监察 conditions (named and timed as the hall shows them). */
export function checkInGuardConditions(service: HallService, now: number): Condition[] {
  const guard = guards.get(service);
  if (!guard) return [];
  const names = new Map(service.config.devices.map((d) => [d.id, d.name ?? d.id]));
  return guard.conditions(now, (id) => names.get(id) ?? id, (t) => localTime(t, service.rules.timeZone).clock);
}

/** The answer to a check-in by code beyond a limit: RATE_LIMITED, with when to try again and what is locked. */
export function checkInLimitedAck(refusal: CheckInRefusal): ErrorAck {
  const seconds = retryAfterSeconds(refusal.retryAfterMs);
  return refusal.scope === 'device'
    ? errorAck('RATE_LIMITED', `预约码输错次数过多，请 ${seconds} 秒后再试，或刷身份证签到`, `Too many wrong booking codes; try again in ${seconds} s, or check in with the ID card`, {
        details: { retryAfterSeconds: seconds, scope: 'device' },
      })
    : errorAck('RATE_LIMITED', `该预约码尝试次数过多，请 ${seconds} 秒后再试，或刷身份证签到`, `This booking code was tried too often; try again in ${seconds} s, or check in with the ID card`, {
        details: { retryAfterSeconds: seconds, scope: 'code' },
      });
}

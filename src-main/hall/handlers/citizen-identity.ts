import { hashIdNumber } from '../../app/identity';
import { addressKey, RateLimiter, retryAfterSeconds } from '../../app/rate-limiter';
import type { ErrorAck } from '../../contracts';
import { gb11643Problem, maskIdNumber, maskName } from '../../domain';
import { errorAck } from '../event-handler';
import type { HallRuntime } from '../hall-runtime';

const HOUR = 3_600_000;

export interface CitizenIdentity {
  maskedName: string;
  maskedId: string;
  idHash: string;
}

/**
 * A typed-in ID number becomes what the hall may keep: a masked form and a keyed hash. The full number is
 * used here and nowhere else, and never stored or logged.
 */
export function citizenIdentity(hall: HallRuntime, name: string, idNumber: string): CitizenIdentity | ErrorAck {
  const problem = gb11643Problem(idNumber);
  if (problem) {
    return errorAck(
      'INVALID_ID_NUMBER',
      problem === 'check-digit' ? '身份证号码校验位不正确，请核对' : '身份证号码格式不正确，应为18位',
      problem === 'check-digit' ? 'The ID number’s check digit is wrong; please check it' : 'An ID number has 18 characters',
      { details: { field: 'idNumber', problem } },
    );
  }
  return { maskedName: maskName(name), maskedId: maskIdNumber(idNumber), idHash: hashIdNumber(idNumber, hall.idHashKey) };
}

const limiters = new WeakMap<HallRuntime, { address: RateLimiter; id: RateLimiter }>();

/**
 * Booking and remote tickets are limited per client address (each clock hour) and per ID number (each 24 h
 * window), config `limits`; on top of the per-event limits every phone event passes (anonymous-limits.ts).
 */
export function rateLimitRefusal(hall: HallRuntime, address: string, idHash: string, now: number): ErrorAck | null {
  const { perAddressPerHour, perIdPerDay } = hall.service.config.limits;
  let l = limiters.get(hall);
  if (!l || l.address.limit !== perAddressPerHour || l.id.limit !== perIdPerDay) {
    l = { address: new RateLimiter(perAddressPerHour, HOUR), id: new RateLimiter(perIdPerDay, 24 * HOUR) };
    limiters.set(hall, l);
  }
  for (const [limiter, key, zh, en] of [
    [l.address, addressKey(address), '操作过于频繁', 'Too many requests from this device'],
    [l.id, idHash, '该身份证今日预约取号次数过多', 'Too many bookings and numbers for this ID today'],
  ] as const) {
    const r = limiter.hit(key, now);
    if (!r.ok) {
      const seconds = retryAfterSeconds(r.retryAfterMs);
      return errorAck('RATE_LIMITED', `${zh}，请 ${Math.ceil(seconds / 60)} 分钟后再试`, `${en}; try again in ${Math.ceil(seconds / 60)} min`, { details: { retryAfterSeconds: seconds } });
    }
  }
  return null;
}

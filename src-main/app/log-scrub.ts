/**
 * What never goes into a log line: capabilities and full mobile numbers. Logs are read by operators,
 * shipped to collectors and kept for months; a ticket's token (`/t/<token>`) or a booking's (`/b/<token>`)
 * lets anyone watch, change or cancel it, a booking code checks it in, a session token or device key acts
 * as its holder. Applied to every line of the hall's and the kiosk's loggers (the merged object and the
 * message), so a value that reaches a log by way of a URL, an error or a notice is caught as well:
 * - values under secret keys (token, ticketToken, bookingCode, deviceKey, key, password, authorization,
 *   idNumber, secret) become "[redacted]", and a six-digit `code` (a booking code, not an error code) too;
 * - `/t/<token>` and `/b/<token>` inside any string keep their first four characters: `/t/AbCd…`;
 * - an 11-digit mainland mobile number inside any string is masked as 138****8000.
 * Error objects are left to pino's serializer (their messages are ours and carry none of these).
 */
const SECRET_KEYS = new Set(['token', 'ticketToken', 'bookingCode', 'deviceKey', 'key', 'password', 'authorization', 'idNumber', 'secret']);
const LINK_TOKEN = /(\/[tb]\/)([A-Za-z0-9_-]{4})[A-Za-z0-9_-]{12,60}/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const BOOKING_CODE = /^\d{6}$/;
const MAX_DEPTH = 8;

export function scrubText(text: string): string {
  return text.replace(LINK_TOKEN, '$1$2…').replace(MOBILE, '$1****$2');
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null || value instanceof Error || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEYS.has(k) && v !== null && v !== undefined) out[k] = '[redacted]';
    else if (k === 'code' && typeof v === 'string' && BOOKING_CODE.test(v)) out[k] = '[redacted]';
    else out[k] = scrub(v, depth + 1);
  }
  return out;
}

/** A log line's merged object without capabilities or full mobile numbers. */
export function scrubLogObject(obj: Record<string, unknown>): Record<string, unknown> {
  return scrub(obj, 0) as Record<string, unknown>;
}

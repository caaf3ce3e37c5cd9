import { createHash, createHmac, randomBytes } from 'node:crypto';

/** HMAC-SHA256 (hex) of the upper-cased number: comparable within the hall, useless without the key. */
export function hashIdNumber(idNumber: string, key: string): string {
  if (!key) throw new Error('the ID hash key is empty');
  return createHmac('sha256', key).update(idNumber.trim().toUpperCase(), 'utf8').digest('hex');
}

/**
 * The scope under which a citizen's request result is remembered for a retry (six hours, request_results):
 * the same ID number and request id find it again. Hashed with the request id so that stored scopes do not
 * link one citizen's requests; made from the ID hash's first 24 characters, the part that migration 7 found
 * in the old actor ids, so answers remembered before it still match.
 */
export function citizenRequestScope(idHash: string, requestId: string | undefined): string {
  return `citizen:${createHash('sha256').update(`${idHash.slice(0, 24)} ${requestId ?? ''}`, 'utf8').digest('hex').slice(0, 32)}`;
}

/** A citizen's actor id in the log: random for each remote ticket, never derived from the ID number. */
export const newCitizenActorId = (): string => randomBytes(12).toString('base64url');

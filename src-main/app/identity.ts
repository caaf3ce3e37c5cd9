import { createHmac } from 'node:crypto';

/** HMAC-SHA256 (hex) of the upper-cased number: comparable within the hall, useless without the key. */
export function hashIdNumber(idNumber: string, key: string): string {
  if (!key) throw new Error('the ID hash key is empty');
  return createHmac('sha256', key).update(idNumber.trim().toUpperCase(), 'utf8').digest('hex');
}

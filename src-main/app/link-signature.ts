import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Signatures of the edge ↔ city link (formulas in src-main/contracts/city-link.ts): the hall signs each
// request, the city each answer, both with the hall's key, so each side proves it holds the key.

export const sha256Hex = (body: string | Buffer): string => createHash('sha256').update(body).digest('hex');

export function requestSignature(key: string, method: string, path: string, at: number, nonce: string, body: string | Buffer): string {
  return createHmac('sha256', key).update(`hall\n${method.toUpperCase()}\n${path}\n${at}\n${nonce}\n${sha256Hex(body)}`).digest('hex');
}

export function answerSignature(key: string, nonce: string, status: number, body: string | Buffer): string {
  return createHmac('sha256', key).update(`city\n${nonce}\n${status}\n${sha256Hex(body)}`).digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** Link keys are long random strings kept in files or the environment, never in a database. */
export const MIN_LINK_KEY_LENGTH = 32;

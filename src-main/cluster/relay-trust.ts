import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header a hall server sets on requests it relays to another (the cluster's shared secret). */
export const RELAY_HEADER = 'x-hall-relay';

/**
 * Recognises requests relayed by another server of the same cluster: they carry the cluster secret, the
 * client's address (X-Forwarded-For, one hop) and the Host the client asked for (X-Forwarded-Host). Without
 * the secret those headers mean nothing: anyone can send them.
 */
export class RelayTrust {
  private readonly digest: Buffer | null;

  constructor(secret: string | null) {
    this.digest = secret ? sha(secret) : null;
  }

  fromRelay(req: Pick<IncomingMessage, 'headers'>): boolean {
    if (!this.digest) return false;
    const given = req.headers[RELAY_HEADER];
    if (typeof given !== 'string' || given === '') return false;
    return timingSafeEqual(sha(given), this.digest);
  }

  /** The client's address as the relaying server saw it. */
  clientAddress(req: Pick<IncomingMessage, 'headers'>): string | null {
    const header = req.headers['x-forwarded-for'];
    const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').at(-1)?.trim();
    return value ? value : null;
  }

  /** The Host the client addressed (Origin checks compare with it). */
  clientHost(req: Pick<IncomingMessage, 'headers'>): string | undefined {
    const h = req.headers['x-forwarded-host'];
    return typeof h === 'string' && h !== '' ? h : undefined;
  }
}

const sha = (s: string) => createHash('sha256').update(s).digest();

import type { IncomingMessage } from 'node:http';
import type { RelayTrust } from '../../cluster/relay-trust';

/**
 * Which browser pages may open a socket.io connection to the hall:
 * - `same`: the page came from this server (its Origin names the host the request is addressed to), or,
 *   when origins are configured, from one of them (the list then replaces the default);
 * - `none`: no Origin header and nothing saying a browser sent it cross-site: a program (the kiosk
 *   service, Electron's main process, a test). It must then authenticate as a device or staff member:
 *   anonymous phone connections need a browser's Origin (socket-auth.ts);
 * - `foreign`: another site's page. Refused at the engine.io handshake, before any socket.io packet.
 *
 * Scripts can send any header they like, so this is no defence against them (the rate limits are); it
 * keeps other sites from driving visitors' browsers against the hall. docs/SECURITY.md.
 */
export type OriginVerdict = 'same' | 'none' | 'foreign';

type Req = Pick<IncomingMessage, 'headers'>;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export class OriginPolicy {
  private readonly allowed: ReadonlySet<string> | null;

  constructor(
    allowedOrigins: readonly string[] = [],
    private readonly relay: RelayTrust | null = null,
  ) {
    this.allowed = allowedOrigins.length > 0 ? new Set(allowedOrigins.map((o) => new URL(o).origin)) : null;
  }

  check(req: Req): OriginVerdict {
    const origin = one(req.headers.origin);
    if (origin === undefined || origin === '') {
      // A browser's same-origin GET (socket.io's polling handshake) carries no Origin, but says where it comes from.
      const site = one(req.headers['sec-fetch-site']);
      if (site === undefined || site === 'none') return 'none';
      return site === 'same-origin' ? 'same' : 'foreign';
    }
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return 'foreign'; // "null" (a sandboxed frame, a file:// page) or garbage
    }
    if (this.allowed) return this.allowed.has(parsed.origin) ? 'same' : 'foreign';
    // A connection relayed by another server of the cluster was addressed to the host that server was asked for.
    const host = (this.relay?.fromRelay(req) ? this.relay.clientHost(req) : undefined) ?? one(req.headers.host);
    return host !== undefined && parsed.host === host.toLowerCase() ? 'same' : 'foreign';
  }

  /** engine.io's allowRequest: a foreign origin is answered 403 before a session exists. */
  readonly allowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    const verdict = this.check(req);
    callback(verdict === 'foreign' ? 'origin not allowed' : null, verdict !== 'foreign');
  };
}

import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { RelayTrust } from '../../cluster/relay-trust';

/** "::ffff:10.0.0.7" (an IPv4 peer of a dual-stack socket) is 10.0.0.7. */
export function plainAddress(address: string): string {
  const a = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
}

/**
 * Whose request it is: the peer's address, unless the peer is one of the configured reverse proxies. Then
 * X-Forwarded-For is read from the right (the hop the proxy added) past every trusted proxy, and the first
 * address not of a proxy is the client. Without trusted proxies the header is never read: anyone can send it.
 */
export class ClientAddresses {
  private readonly proxies: BlockList | null;

  constructor(
    trustProxy: readonly string[],
    private readonly relay: RelayTrust | null = null,
  ) {
    if (trustProxy.length === 0) {
      this.proxies = null;
      return;
    }
    const list = new BlockList();
    for (const entry of trustProxy) {
      const [ip, bits] = entry.split('/') as [string, string | undefined];
      const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(ip, family);
      else list.addSubnet(ip, Number(bits), family);
    }
    this.proxies = list;
  }

  get trustsProxies(): boolean {
    return this.proxies !== null;
  }

  isProxy(address: string): boolean {
    if (!this.proxies) return false;
    const a = plainAddress(address);
    const family = isIP(a);
    if (family === 0) return false;
    return this.proxies.check(a, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** The client's address for limits and logs. */
  of(req: Pick<IncomingMessage, 'headers' | 'socket'>): string {
    // Another server of the cluster relaying a client says who the client is (it read its own proxies).
    if (this.relay?.fromRelay(req)) {
      const relayed = this.relay.clientAddress(req);
      if (relayed !== null && isIP(plainAddress(relayed)) !== 0) return plainAddress(relayed);
    }
    const peer = plainAddress(req.socket.remoteAddress ?? '');
    if (!this.isProxy(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((h) => plainAddress(h))
      .filter((h) => h !== '');
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      // Garbage in the header ends the walk: what is left of it was written by someone we do not trust.
      if (isIP(hop) === 0) break;
      client = hop;
      if (!this.isProxy(hop)) break;
    }
    return client;
  }
}

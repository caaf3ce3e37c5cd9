import type { HallService } from '../app/hall-service';
import { PublicReads } from '../app/public-reads';
import type { BucketRate, LimitResult } from '../app/rate-limiter';
import { addressKey, KeyedTokenBuckets, retryAfterSeconds, TokenBucket } from '../app/rate-limiter';
import type { ErrorAck, LimitsConfig } from '../contracts';
import { errorAck } from './event-handler';
import type { HallRuntime } from './hall-runtime';
import type { HallSocket } from './socket-types';

/**
 * Anonymous clients (phones) of one hall: the connections each address holds open, the event buckets per
 * address, and the cache their reads are answered from. Kept beside the hall, created on first use.
 */
interface AnonymousSide {
  connections: Map<string, number>;
  addressEvents: KeyedTokenBuckets;
  reads: PublicReads;
}

const sides = new WeakMap<HallService, AnonymousSide>();

function sideOf(service: HallService): AnonymousSide {
  let side = sides.get(service);
  if (!side) {
    side = { connections: new Map(), addressEvents: new KeyedTokenBuckets(), reads: new PublicReads(service) };
    sides.set(service, side);
  }
  return side;
}

/** The cache the hall's public reads (slots, ticket positions, bookings by token) are answered from. */
export function publicReadsOf(hall: HallRuntime): PublicReads {
  return sideOf(hall.service).reads;
}

/** Refusals in a row, in bursts' worth, after which a phone's connection is closed. */
const FLOOD_REFUSALS = 4;

const connectionRate = (l: LimitsConfig): BucketRate => ({ perSecond: l.eventsPerSecond, burst: l.eventBurst });
const addressRate = (l: LimitsConfig): BucketRate => ({ perSecond: l.addressEventsPerSecond, burst: l.addressEventBurst });

/** The answer to an event beyond a limit: RATE_LIMITED, with when to try again. */
export function rateLimitedAck(retryAfterMs: number, scope: 'connection' | 'address'): ErrorAck {
  const seconds = retryAfterSeconds(retryAfterMs);
  return errorAck('RATE_LIMITED', `操作过于频繁，请 ${seconds} 秒后再试`, `Too many requests; try again in ${seconds} s`, { details: { retryAfterSeconds: seconds, scope } });
}

/** In the handshake: is another phone connection from this address one too many? */
export function connectionLimitReached(hall: HallRuntime, address: string): boolean {
  const open = sideOf(hall.service).connections.get(addressKey(address)) ?? 0;
  return open >= hall.service.config.limits.connectionsPerAddress;
}

/**
 * Guards a phone's connection: counts it against its address until it closes, and checks every event it
 * sends against the connection's and the address's bucket before anything else is done with it (size
 * check, parsing, handlers, and the role check's answer). An event beyond a limit is answered
 * RATE_LIMITED and dropped; a connection that goes on regardless (four bursts' worth of refusals in a
 * row) is closed.
 */
export function guardAnonymous(socket: HallSocket, hall: HallRuntime): void {
  const { service } = hall;
  const side = sideOf(service);
  const key = addressKey(socket.handshake.address);
  side.connections.set(key, (side.connections.get(key) ?? 0) + 1);
  socket.once('disconnect', () => {
    const n = (side.connections.get(key) ?? 1) - 1;
    if (n > 0) side.connections.set(key, n);
    else side.connections.delete(key);
  });

  const own = new TokenBucket(connectionRate(service.config.limits), service.clock.now());
  let refusedInRow = 0;
  socket.use((packet, next) => {
    const limits = service.config.limits;
    const now = service.clock.now();
    let refused: LimitResult & { ok: false };
    let scope: 'connection' | 'address' = 'connection';
    const mine = own.take(now, connectionRate(limits));
    if (mine.ok) {
      const shared = side.addressEvents.take(key, now, addressRate(limits));
      if (shared.ok) {
        refusedInRow = 0;
        next();
        return;
      }
      // Not this connection's fault: its own allowance stays.
      own.give(now, connectionRate(limits));
      refused = shared;
      scope = 'address';
    } else {
      refused = mine;
    }
    // A page that goes on sending while every answer says "wait" is not a page: it is cut off, so that
    // answering its flood costs the hall nothing more.
    if (++refusedInRow > FLOOD_REFUSALS * limits.eventBurst) {
      socket.disconnect(true);
      return;
    }
    const ack = packet.at(-1);
    if (typeof ack === 'function') (ack as (a: ErrorAck) => void)(rateLimitedAck(refused.retryAfterMs, scope));
  });
}

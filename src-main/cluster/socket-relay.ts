import { io as connectTo } from 'socket.io-client';
import type { Socket as ClientSocket } from 'socket.io-client';
import { HandshakeError } from '../hall/socket-auth';
import type { Logger } from '../hall/logger';
import type { HallIo, HallSocket } from '../hall/socket-types';
import { RELAY_HEADER } from './relay-trust';

// A server that does not run a client's hall relays the client's connection to the server that does: it
// opens its own socket.io connection there with the client's handshake, and passes every event both ways,
// acknowledgements included. The owner sees an ordinary client (its handlers, rooms, limits and request-id
// memory all apply as they are); this server keeps no state of the hall. When the owner goes away the
// client's transport is cut, the client reconnects, and lands on whoever runs the hall then.

export interface OwnerAddress {
  id: string;
  url: string;
}

export interface RelayDeps {
  /** Halls of this cluster's configuration. */
  knows(hallId: string): boolean;
  runsHere(hallId: string): boolean;
  /** The server running the hall; waits up to `timeoutMs` while a hall is between owners. */
  ownerOf(hallId: string, timeoutMs: number): Promise<OwnerAddress | null>;
  secret: string;
  log: Logger;
  /** How long a handshake waits for a hall between owners (a failover takes a few seconds). */
  waitMs?: number | undefined;
}

const UPSTREAMS = new WeakMap<HallSocket, Upstream>();

interface Upstream {
  client: ClientSocket;
  ownerId: string;
  /** Events from the owner that arrived before this connection was established here. */
  early: Array<[string, unknown[]]> | null;
}

/** socket.io middleware, before socket-auth: relayed connections skip every later check (the owner makes them). */
export function relayMiddleware(deps: RelayDeps) {
  return async (socket: HallSocket, next: (err?: Error) => void) => {
    const hallId = (socket.handshake.auth as { hallId?: unknown } | undefined)?.hallId;
    if (typeof hallId !== 'string' || !deps.knows(hallId) || deps.runsHere(hallId)) return next();
    try {
      deps.log.debug({ socket: socket.id, hall: hallId }, 'relaying a connection');
      const upstream = await reachOwner(socket, hallId, deps);
      deps.log.debug({ socket: socket.id, hall: hallId, owner: upstream?.ownerId }, 'relayed connection established');
      if (!upstream) return next();
      if (socket.conn.readyState !== 'open') {
        deps.log.debug({ socket: socket.id, state: socket.conn.readyState }, 'client left while its owner was being reached');
        upstream.client.disconnect();
        return;
      }
      UPSTREAMS.set(socket, upstream);
      socket.data = { ...socket.data, hallId, relay: { ownerId: upstream.ownerId } };
      next();
    } catch (err) {
      next(err instanceof Error ? err : new Error(String(err)));
    }
  };
}

/**
 * Connects to the hall's owner. An owner that cannot be reached (it just died: its lease has not run out
 * yet) is tried again until another takes the hall over, within the wait; a refusal by the owner (bad key,
 * expired session) is final. Null: the hall came here meanwhile.
 */
async function reachOwner(socket: HallSocket, hallId: string, deps: RelayDeps): Promise<Upstream | null> {
  const until = Date.now() + (deps.waitMs ?? 10_000);
  let lastProblem = '';
  for (;;) {
    const owner = await deps.ownerOf(hallId, Math.max(0, until - Date.now()));
    if (deps.runsHere(hallId)) return null;
    if (owner) {
      try {
        // The same object the owner's events are buffered in (a copy would keep buffering them forever).
        return await openUpstream(socket, owner, deps.secret);
      } catch (err) {
        if (!(err instanceof OwnerUnreachable)) throw err;
        lastProblem = err.message;
        deps.log.debug({ hall: hallId, owner: owner.id, err: err.message }, 'owner unreachable; trying again');
      }
    }
    if (Date.now() >= until || socket.conn.readyState !== 'open') {
      throw new HandshakeError('HALL_UNAVAILABLE', '大厅服务正在切换，请稍后重试', `No server runs this hall at the moment; try again shortly${lastProblem ? ` (${lastProblem})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

class OwnerUnreachable extends Error {}

/** On 'connection' of a relayed socket: events both ways from now on. */
export function wireRelay(socket: HallSocket, log: Logger): void {
  const upstream = UPSTREAMS.get(socket);
  if (!upstream) {
    socket.conn.close();
    return;
  }
  const { client } = upstream;
  const toClient = socket as unknown as { emit(event: string, ...args: unknown[]): boolean };
  for (const [event, args] of upstream.early ?? []) toClient.emit(event, ...args);
  upstream.early = null;
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (...a: unknown[]) => void) : undefined;
    if (ack) client.emit(event, ...args, (...answer: unknown[]) => ack(...answer));
    else client.emit(event, ...args);
  });
  // The owner stopped (killed, or gave the hall up): the client reconnects and is routed again.
  client.on('disconnect', (reason) => {
    log.debug({ socket: socket.id, reason }, 'relayed connection ended by the owner');
    // The owner ended this client on purpose (its session ended): so does the relay, and the client does
    // not reconnect. Otherwise the owner went away: the transport is cut and the client reconnects.
    if (reason === 'io server disconnect') socket.disconnect(true);
    else socket.conn.close();
  });
  socket.on('disconnect', () => client.disconnect());
}

function openUpstream(socket: HallSocket, owner: OwnerAddress, secret: string): Promise<Upstream> {
  const h = socket.handshake.headers;
  const headers: Record<string, string> = { [RELAY_HEADER]: secret, 'x-forwarded-for': socket.handshake.address };
  if (typeof h.host === 'string') headers['x-forwarded-host'] = h.host;
  if (typeof h.origin === 'string') headers.origin = h.origin;
  if (typeof h['sec-fetch-site'] === 'string') headers['sec-fetch-site'] = h['sec-fetch-site'];
  if (typeof h['user-agent'] === 'string') headers['user-agent'] = h['user-agent'];
  const client = connectTo(owner.url, {
    auth: socket.handshake.auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5000,
    extraHeaders: headers,
  });
  const upstream: Upstream = { client, ownerId: owner.id, early: [] };
  client.onAny((event: string, ...args: unknown[]) => {
    if (upstream.early) upstream.early.push([event, args]);
    else (socket as unknown as { emit(event: string, ...a: unknown[]): boolean }).emit(event, ...args);
  });
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(upstream));
    client.once('connect_error', (err: Error & { data?: { code?: string; message?: string; messageEn?: string } }) => {
      client.disconnect();
      // The owner's refusal (bad key, expired session…) reaches the client as if it had been made here.
      if (err.data?.code) reject(new HandshakeError(err.data.code, err.data.message ?? err.message, err.data.messageEn ?? err.message));
      else reject(new OwnerUnreachable(`the server running this hall cannot be reached: ${err.message}`));
    });
  });
}

/** Relayed sockets of a hall on this server (a test and the load view count them). */
export function relayedCount(io: HallIo): number {
  let n = 0;
  for (const s of io.of('/').sockets.values()) if (s.data.relay) n++;
  return n;
}

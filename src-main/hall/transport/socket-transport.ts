import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logger';
import { HandshakeError } from '../socket-auth';
import type { HallIo, HallSocket } from '../socket-types';
import type { ClientAddresses } from './client-address';
import type { OriginPolicy } from './origin-policy';
import { BASE_SECURITY_HEADERS } from './security-headers';

/** engine.io's error code of a request allowRequest refused. */
const FORBIDDEN = 4;

/**
 * The transport side of the hall's socket.io: every connection's address is the client's (behind a
 * trusted proxy, from X-Forwarded-For), polling answers carry the security headers, and a phone (an
 * anonymous connection) must come from a browser page of the hall. Foreign origins are refused earlier,
 * by allowRequest (origin-policy.ts).
 */
export function secureSocketTransport(io: HallIo, addresses: ClientAddresses, origins: OriginPolicy, log: Logger): void {
  // engine.io reads the address from the TCP peer; socket.io copies it into socket.handshake.address when
  // the client's CONNECT packet arrives, always after this (the documented hook for the raw connection).
  io.engine.on('connection', (conn: { request: IncomingMessage; remoteAddress: string }) => {
    conn.remoteAddress = addresses.of(conn.request);
  });
  io.engine.on('headers', (headers: Record<string, string>) => {
    Object.assign(headers, BASE_SECURITY_HEADERS);
  });
  io.engine.on('connection_error', (err: { req?: IncomingMessage; code?: number; message?: string; context?: unknown }) => {
    if (err.code === FORBIDDEN && err.req) {
      log.info({ origin: err.req.headers.origin, address: addresses.of(err.req) }, 'refused handshake: origin not allowed');
    }
  });
}

/** After socket-auth: a phone's connection without a browser Origin is refused (devices and staff have keys). */
export function requirePhoneOrigin(origins: OriginPolicy) {
  return (socket: HallSocket, next: (err?: Error) => void) => {
    if (!socket.data.relay && socket.data.role === 'mobile' && origins.check(socket.request) === 'none') {
      next(new HandshakeError('ORIGIN_REQUIRED', '请从大厅的网页连接', 'Anonymous (phone) connections come from the hall’s web pages: the Origin header is missing'));
      return;
    }
    next();
  };
}

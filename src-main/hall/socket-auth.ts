import { z } from 'zod';
import { connectionLimitReached } from './anonymous-limits';
import type { HallRegistry } from './hall-runtime';
import type { LiveSessions } from './live-sessions';
import type { HallSocket } from './socket-types';

const handshake = z.union([
  z.object({ hallId: z.string().min(1).max(48), token: z.string().min(16).max(128) }).strict(),
  z.object({ hallId: z.string().min(1).max(48), deviceId: z.string().min(1).max(48), deviceKey: z.string().min(1).max(200) }).strict(),
  z.object({ hallId: z.string().min(1).max(48), role: z.literal('mobile') }).strict(),
]);

export class HandshakeError extends Error {
  readonly data: { code: string; message: string; messageEn: string };
  constructor(code: string, zh: string, en: string) {
    super(`${code}: ${en}`);
    this.data = { code, message: zh, messageEn: en };
  }
}

/** Decides who a connection is before any event is accepted: staff/admin session, device key, or a phone. */
export function socketAuth(halls: HallRegistry, live?: LiveSessions) {
  return async (socket: HallSocket, next: (err?: Error) => void) => {
    // A relayed connection is authenticated by the server that runs its hall (cluster/socket-relay.ts).
    if (socket.data.relay) return next();
    try {
      const parsed = handshake.safeParse(socket.handshake.auth);
      if (!parsed.success) {
        throw new HandshakeError('AUTH_INVALID', '连接认证信息格式错误', 'Handshake auth must be {hallId, token}, {hallId, deviceId, deviceKey} or {hallId, role: "mobile"}');
      }
      const auth = parsed.data;
      const hall = halls.get(auth.hallId);
      if (!hall) throw new HandshakeError('UNKNOWN_HALL', '没有这个大厅', `No hall "${auth.hallId}"`);
      if ('token' in auth) {
        const mark = live?.mark() ?? 0;
        const session = await hall.auth.resolveLiveSession(auth.hallId, auth.token);
        if (!session) throw new HandshakeError('SESSION_INVALID', '登录已失效，请重新登录', 'Session expired or unknown; log in again');
        const { account } = session;
        socket.data = {
          hallId: auth.hallId,
          role: account.role === 'staff' ? 'counter' : account.role,
          actor: { kind: account.role, id: account.username },
          username: account.username,
          displayName: account.displayName,
          accountRole: account.role,
          session: { tokenHash: session.tokenHash, expiresAt: session.expiresAt, mark },
        };
      } else if ('deviceId' in auth) {
        const device = await hall.auth.verifyDevice(auth.hallId, auth.deviceId, auth.deviceKey);
        if (!device) throw new HandshakeError('DEVICE_KEY_INVALID', '设备密钥无效', 'Unknown device or wrong device key');
        socket.data = {
          hallId: auth.hallId,
          role: device.kind === 'kiosk' ? 'kiosk' : 'display',
          actor: { kind: 'device', id: device.id },
          windowId: device.windowId ?? undefined,
        };
      } else {
        // Phones are anonymous: one address may hold only so many connections open (config `limits`).
        if (connectionLimitReached(hall, socket.handshake.address)) {
          throw new HandshakeError('TOO_MANY_CONNECTIONS', '来自该网络的连接过多，请稍后再试', 'Too many connections from this address; try again later');
        }
        socket.data = { hallId: auth.hallId, role: 'mobile', actor: { kind: 'citizen', id: socket.id }, watching: new Set() };
      }
      next();
    } catch (err) {
      next(err instanceof Error ? err : new Error(String(err)));
    }
  };
}

import { io, type Socket } from 'socket.io-client';
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { Ack, AllClientEvents, ClientEventsByRole, HandshakeAuth, Role, ServerEvents } from '../../src-main/contracts';

export type HallClientSocket = Socket<ServerEvents, AllClientEvents>;

export interface HallConnection<R extends Role> {
  socket: HallClientSocket;
  connected: Ref<boolean>;
  /** Why the last connection attempt failed (bad key, expired session…), for the banner. */
  lastError: Ref<{ code: string; message: string; messageEn: string } | null>;
  /** Emits and resolves with the acknowledgement; never rejects (a timeout becomes an error ack). */
  request<E extends keyof ClientEventsByRole[R] & string>(event: E, payload?: RequestPayload<R, E>, timeoutMs?: number): Promise<AckData<R, E>>;
  close(): void;
}

type EventFn<R extends Role, E extends keyof ClientEventsByRole[R]> = ClientEventsByRole[R][E] extends (...args: infer A) => void ? A : never;
export type RequestPayload<R extends Role, E extends keyof ClientEventsByRole[R]> = EventFn<R, E>[0];
export type AckData<R extends Role, E extends keyof ClientEventsByRole[R]> = EventFn<R, E>[1] extends (ack: infer A) => void ? A : never;

export const OFFLINE_ACK = {
  ok: false as const,
  code: 'OFFLINE',
  message: '与服务器的连接已断开，操作未执行',
  messageEn: 'Not connected to the hall server; nothing was done',
};

export const TIMEOUT_ACK = {
  ok: false as const,
  code: 'TIMEOUT',
  message: '服务器未响应，请稍后重试',
  messageEn: 'The hall server did not answer; try again',
};

/**
 * The one way pages talk to the hall: typed events, websocket with polling fallback, endless reconnects.
 * After each (re)connection the server sends a fresh snapshot, so pages never keep stale state.
 */
export function connectHall<R extends Role>(_role: R, auth: HandshakeAuth, url = ''): HallConnection<R> {
  const socket: HallClientSocket = io(url || undefined, {
    auth,
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  const connected = ref(false);
  const lastError: ShallowRef<{ code: string; message: string; messageEn: string } | null> = shallowRef(null);
  socket.on('connect', () => {
    connected.value = true;
    lastError.value = null;
  });
  socket.on('disconnect', () => (connected.value = false));
  socket.on('connect_error', (err: Error & { data?: { code: string; message: string; messageEn: string } }) => {
    connected.value = false;
    lastError.value = err.data ?? { code: 'CONNECT_FAILED', message: '无法连接服务器', messageEn: `Cannot reach the hall server (${err.message})` };
    // The hall is between two servers (a failover takes seconds): try again, socket.io would not by itself.
    if (err.data?.code === 'HALL_UNAVAILABLE' && !socket.active) setTimeout(() => socket.connect(), 2000);
  });

  return {
    socket,
    connected,
    lastError,
    request(event, payload, timeoutMs = 8000) {
      // While offline nothing is queued: an action must not fire later without the user seeing it.
      if (!socket.connected) return Promise.resolve(OFFLINE_ACK as AckData<R, typeof event>);
      const emitter = socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, ...a: unknown[]): Promise<Ack<unknown>> };
      const sent = payload === undefined ? emitter.emitWithAck(event) : emitter.emitWithAck(event, payload);
      return sent.then(
        (ack) => ack as AckData<R, typeof event>,
        () => TIMEOUT_ACK as AckData<R, typeof event>,
      );
    },
    close() {
      socket.close();
    },
  };
}

/** A request id that stays the same when the same action is retried. */
export function newRequestId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

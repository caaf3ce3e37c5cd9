import type { z } from 'zod';
import type { Outcome } from '../app/hall-service';
import type { Ack, ErrorAck } from '../contracts';
import { fieldIssues } from '../contracts';
import type { Logger } from './logger';
import type { HallSocket } from './socket-types';

/** Larger payloads are refused before parsing: no legitimate event comes near it. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

export function errorAck(code: string, message: string, messageEn: string, extra: Partial<ErrorAck> = {}): ErrorAck {
  return { ok: false, code, message, messageEn, ...extra };
}

export function toAck<T>(outcome: Outcome<T>): Ack<T> {
  return outcome.ok ? { ok: true, data: outcome.data } : { ok: false, ...outcome.failure };
}

function payloadSize(payload: unknown): number {
  try {
    return payload === undefined ? 0 : Buffer.byteLength(JSON.stringify(payload));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Registers one event: size check, schema check, then the handler; every path answers the ack and
 * nothing a client sends can throw out of here.
 */
export function handle<S extends z.ZodType, T>(
  socket: HallSocket,
  log: Logger,
  event: string,
  schema: S,
  handler: (input: z.output<S>) => Promise<Ack<T>> | Ack<T>,
): void {
  (socket as unknown as { on: (e: string, fn: (...args: unknown[]) => void) => void }).on(event, (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (a: Ack<T>) => void) : undefined;
    if (!ack) {
      log.warn({ event, socket: socket.id }, 'event without acknowledgement callback dropped');
      return;
    }
    const payload = args[0];
    if (payloadSize(payload) > MAX_PAYLOAD_BYTES) {
      ack(errorAck('PAYLOAD_TOO_LARGE', `数据过大（上限 ${MAX_PAYLOAD_BYTES} 字节）`, `Payload over ${MAX_PAYLOAD_BYTES} bytes`));
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error);
      ack(
        errorAck('INVALID_PAYLOAD', `请求数据无效：${issues.map((i) => `${i.path} ${i.message}`).join('；')}`, `Invalid payload for ${event}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues }),
      );
      return;
    }
    Promise.resolve()
      .then(() => handler(parsed.data))
      .then(ack, (err: unknown) => {
        log.error({ err, event, socket: socket.id }, 'handler failed');
        ack(errorAck('INTERNAL_ERROR', '服务器内部错误，操作未完成', 'Internal server error; the action did not complete'));
      });
  });
}

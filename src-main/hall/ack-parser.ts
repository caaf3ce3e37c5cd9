import { createRequire } from 'node:module';
import type * as SocketIoParser from 'socket.io-parser';
import type { Packet } from 'socket.io-parser';
import { isSharedAnswer } from '../app/shared-answers';

// The CommonJS build, the one socket.io itself loads (an ESM import would get the package's debug build).
const { Decoder, Encoder, PacketType } = createRequire(import.meta.url)('socket.io-parser') as typeof SocketIoParser;

const encoded = new WeakMap<object, string>();

/**
 * socket.io's packet encoder, with one shortcut: an acknowledgement `{ ok: true, data }` whose data is a
 * shared answer (app/shared-answers.ts) reuses that answer's JSON text, and skips the walk that looks for
 * binary parts in it. Everything else is encoded exactly as socket.io does.
 */
class SharedAnswerEncoder extends Encoder {
  override encode(obj: Packet): Array<string | Buffer> {
    const ack = obj.type === PacketType.ACK && Array.isArray(obj.data) && obj.data.length === 1 ? (obj.data[0] as { ok?: unknown; data?: unknown } | null) : null;
    if (ack && ack.ok === true && Object.keys(ack).length === 2 && isSharedAnswer(ack.data)) {
      let json = encoded.get(ack.data);
      if (json === undefined) {
        json = JSON.stringify(ack.data);
        encoded.set(ack.data, json);
      }
      const nsp = obj.nsp && obj.nsp !== '/' ? `${obj.nsp},` : '';
      return [`${PacketType.ACK}${nsp}${obj.id ?? ''}[{"ok":true,"data":${json}}]`];
    }
    return super.encode(obj);
  }
}

/** For `new Server(http, { parser: ackParser })`. */
export const ackParser = { Encoder: SharedAnswerEncoder, Decoder };

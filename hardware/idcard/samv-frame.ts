import type { DecodeResult, FrameSpec } from '../serial/frame-parser';
import { xorChecksum } from '../serial/xor-checksum';

// AA AA AA 96 69 | len (2, BE: everything after it incl. checksum) | payload | XOR of len..payload
export const SAMV_HEADER = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
const LENGTH_OFFSET = SAMV_HEADER.length;
const PAYLOAD_OFFSET = LENGTH_OFFSET + 2;

/** Largest real frame is a read with fingerprints (len 0x090A); anything far beyond is a damaged length. */
export const SAMV_MAX_LEN_FIELD = 0x1000;

export interface SamvCommand {
  cmd: number;
  para: number;
  data: Buffer;
}

export interface SamvReply {
  sw1: number;
  sw2: number;
  /** The status byte (offset 9 of the frame). */
  sw3: number;
  data: Buffer;
}

export function encodeSamvFrame(payload: Uint8Array): Buffer {
  const len = payload.length + 1;
  if (len > 0xffff) throw new RangeError(`SAM_V payload of ${payload.length} bytes does not fit the 2-byte length`);
  const frame = Buffer.alloc(PAYLOAD_OFFSET + len);
  frame.set(SAMV_HEADER, 0);
  frame.writeUInt16BE(len, LENGTH_OFFSET);
  frame.set(payload, PAYLOAD_OFFSET);
  frame[frame.length - 1] = xorChecksum(frame, LENGTH_OFFSET, frame.length - 1);
  return frame;
}

export function encodeSamvCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array()): Buffer {
  return encodeSamvFrame(Buffer.concat([Uint8Array.of(cmd, para), data]));
}

export function encodeSamvReply(sw3: number, data: Uint8Array = new Uint8Array(), sw1 = 0x00, sw2 = 0x00): Buffer {
  return encodeSamvFrame(Buffer.concat([Uint8Array.of(sw1, sw2, sw3), data]));
}

/**
 * Shared by both directions; `minPayload` is 2 for commands (cmd para) and 3 for replies (SW1-3).
 * A frame with LEN = 2 (a command byte without PARA, or a reply without its status) is not SAM_V: the
 * protocol gives every command a PARA byte (0xFF when the command takes no parameter: 10 FF, 11 FF, 12 FF)
 * and every reply SW1 SW2 SW3, and a reader answers a command of the wrong length with SW3 = 0x11. Such a
 * frame is reported as a length corruption and the parser resyncs one byte later, so it costs nothing more.
 */
function decodeSamvPayload(buffer: Buffer, minPayload: number): DecodeResult<Buffer> {
  if (buffer.length < PAYLOAD_OFFSET) return { status: 'incomplete' };
  const len = buffer.readUInt16BE(LENGTH_OFFSET);
  const total = PAYLOAD_OFFSET + len;
  if (len < minPayload + 1 || len > SAMV_MAX_LEN_FIELD) {
    return { status: 'corrupt', reason: 'length', detail: `length field ${len} outside ${minPayload + 1}..${SAMV_MAX_LEN_FIELD}`, length: PAYLOAD_OFFSET };
  }
  if (buffer.length < total) return { status: 'incomplete' };
  const expected = xorChecksum(buffer, LENGTH_OFFSET, total - 1);
  const actual = buffer[total - 1] ?? -1;
  if (expected !== actual) {
    return {
      status: 'corrupt',
      reason: 'checksum',
      detail: `checksum 0x${actual.toString(16).padStart(2, '0')} should be 0x${expected.toString(16).padStart(2, '0')}`,
      length: total,
    };
  }
  return { status: 'frame', frame: Buffer.from(buffer.subarray(PAYLOAD_OFFSET, total - 1)), length: total };
}

export const samvReplySpec: FrameSpec<SamvReply> = {
  header: SAMV_HEADER,
  decode(buffer) {
    const result = decodeSamvPayload(buffer, 3);
    if (result.status !== 'frame') return result;
    const p = result.frame;
    return { status: 'frame', length: result.length, frame: { sw1: p[0] ?? 0, sw2: p[1] ?? 0, sw3: p[2] ?? 0, data: p.subarray(3) } };
  },
};

export const samvCommandSpec: FrameSpec<SamvCommand> = {
  header: SAMV_HEADER,
  decode(buffer) {
    const result = decodeSamvPayload(buffer, 2);
    if (result.status !== 'frame') return result;
    const p = result.frame;
    return { status: 'frame', length: result.length, frame: { cmd: p[0] ?? 0, para: p[1] ?? 0, data: p.subarray(2) } };
  },
};

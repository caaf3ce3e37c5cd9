import { idcardError } from './idcard-errors';
import { TEXT_BLOCK_BYTES } from './layouts/field-layout';

export const PHOTO_BYTES = 1024;

export interface CardReadout {
  /** 256 bytes of UCS-2 LE text, see the layouts. */
  readonly text: Buffer;
  /** 1024 bytes of WLT-compressed photo. */
  readonly photoWlt: Buffer;
  readonly fingerprint?: Buffer;
}

/**
 * Splits the data of a read reply: text length, photo length (and fingerprint length for 30 10),
 * each 2 bytes big-endian, then the blocks in that order.
 */
export function parseReadData(data: Buffer, withFingerprint: boolean): CardReadout {
  const headerBytes = withFingerprint ? 6 : 4;
  if (data.length < headerBytes) throw bad(`reply data has ${data.length} bytes, fewer than the ${headerBytes}-byte length header`, { dataBytes: data.length });
  const textBytes = data.readUInt16BE(0);
  const photoBytes = data.readUInt16BE(2);
  const fingerprintBytes = withFingerprint ? data.readUInt16BE(4) : 0;
  if (textBytes !== TEXT_BLOCK_BYTES) throw bad(`text length ${textBytes}, expected ${TEXT_BLOCK_BYTES}`, { textBytes });
  if (photoBytes !== PHOTO_BYTES) throw bad(`photo length ${photoBytes}, expected ${PHOTO_BYTES}`, { photoBytes });
  const expected = headerBytes + textBytes + photoBytes + fingerprintBytes;
  if (data.length !== expected) {
    throw bad(`reply data has ${data.length} bytes, the length header announces ${expected}`, { dataBytes: data.length, expected });
  }
  const text = Buffer.from(data.subarray(headerBytes, headerBytes + textBytes));
  const photoWlt = Buffer.from(data.subarray(headerBytes + textBytes, headerBytes + textBytes + photoBytes));
  if (fingerprintBytes === 0) return { text, photoWlt };
  return { text, photoWlt, fingerprint: Buffer.from(data.subarray(expected - fingerprintBytes)) };
}

function bad(english: string, details: Record<string, unknown>) {
  return idcardError('IDCARD_BAD_READ_REPLY', details, { note: [english, english] });
}

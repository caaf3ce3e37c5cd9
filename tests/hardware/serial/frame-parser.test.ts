import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SamvReply } from '../../../hardware/idcard/samv-frame';
import { encodeSamvReply, samvReplySpec } from '../../../hardware/idcard/samv-frame';
import type { CorruptFrame } from '../../../hardware/serial/frame-parser';
import { FrameParser } from '../../../hardware/serial/frame-parser';
import { byteByByte, bytes, splitAt } from '../helpers/bytes';

// Real SAM_V replies: "find: card present" and "find: no card".
const FIND_OK = bytes('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
const NO_CARD = bytes('AA AA AA 96 69 00 04 00 00 80 84');

function collect() {
  const frames: SamvReply[] = [];
  const corrupt: CorruptFrame[] = [];
  const noise: Buffer[] = [];
  const parser = new FrameParser(samvReplySpec, {
    onFrame: (f) => frames.push(f),
    onCorrupt: (c) => corrupt.push(c),
    onNoise: (n) => noise.push(Buffer.from(n)),
  });
  return { parser, frames, corrupt, noise };
}

describe('FrameParser with SAM_V framing', () => {
  it('decodes a known reply in one chunk', () => {
    const { parser, frames } = collect();
    parser.push(FIND_OK);
    expect(frames).toEqual([{ sw1: 0, sw2: 0, sw3: 0x9f, data: bytes('00 00 00 00') }]);
    expect(parser.buffered).toBe(0);
  });

  it('decodes replies delivered byte by byte', () => {
    const { parser, frames, corrupt, noise } = collect();
    for (const b of byteByByte(Buffer.concat([FIND_OK, NO_CARD]))) parser.push(b);
    expect(frames.map((f) => f.sw3)).toEqual([0x9f, 0x80]);
    expect(corrupt).toEqual([]);
    expect(noise).toEqual([]);
  });

  it('decodes the same frames wherever the stream is cut', () => {
    const stream = Buffer.concat([FIND_OK, encodeSamvReply(0x90, Buffer.alloc(1280, 0x41)), NO_CARD]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }), (cuts) => {
        const { parser, frames, corrupt } = collect();
        for (const piece of splitAt(stream, cuts)) parser.push(piece);
        expect(frames.map((f) => f.sw3)).toEqual([0x9f, 0x90, 0x80]);
        expect(frames[1]?.data.length).toBe(1280);
        expect(corrupt).toEqual([]);
      }),
    );
  });

  it('skips garbage before the header and reports it as noise', () => {
    const { parser, frames, noise } = collect();
    parser.push(Buffer.concat([bytes('00 FF AA 96 13 AA AA'), FIND_OK]));
    expect(frames.map((f) => f.sw3)).toEqual([0x9f]);
    expect(Buffer.concat(noise)).toEqual(bytes('00 FF AA 96 13 AA AA'));
  });

  it('keeps a header prefix at the end of a chunk for the next chunk', () => {
    const { parser, frames, noise } = collect();
    parser.push(bytes('12 34 AA AA'));
    expect(noise).toEqual([bytes('12 34')]);
    expect(parser.buffered).toBe(2);
    parser.push(FIND_OK.subarray(2));
    expect(frames.map((f) => f.sw3)).toEqual([0x9f]);
  });

  it('drops a frame with a bad checksum, reports why, and finds the next good frame', () => {
    const { parser, frames, corrupt } = collect();
    const damaged = Buffer.from(FIND_OK);
    damaged[damaged.length - 1] = 0x00;
    parser.push(Buffer.concat([damaged, NO_CARD]));
    expect(corrupt).toHaveLength(1);
    expect(corrupt[0]?.reason).toBe('checksum');
    expect(corrupt[0]?.detail).toBe('checksum 0x00 should be 0x97');
    expect(corrupt[0]?.bytes).toEqual(damaged);
    expect(frames.map((f) => f.sw3)).toEqual([0x80]);
  });

  it('resyncs on a real header hidden inside a frame whose length field was damaged', () => {
    const { parser, frames, corrupt } = collect();
    // A header followed by a length of 0xFFFF cannot be a SAM_V frame; the good frame right after must survive.
    parser.push(Buffer.concat([bytes('AA AA AA 96 69 FF FF'), NO_CARD]));
    expect(corrupt.map((c) => c.reason)).toEqual(['length']);
    expect(frames.map((f) => f.sw3)).toEqual([0x80]);
  });

  it('rejects a length too short to hold the status bytes', () => {
    const { parser, frames, corrupt } = collect();
    parser.push(bytes('AA AA AA 96 69 00 02 00 02'));
    expect(frames).toEqual([]);
    expect(corrupt[0]?.reason).toBe('length');
  });

  it('reset() forgets a half-received frame', () => {
    const { parser, frames } = collect();
    parser.push(FIND_OK.subarray(0, 9));
    parser.reset();
    parser.push(NO_CARD);
    expect(frames.map((f) => f.sw3)).toEqual([0x80]);
  });

  it('survives random garbage mixed with frames (no throw, every intact frame found)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (before, between) => {
        const { parser, frames } = collect();
        parser.push(Buffer.concat([before, FIND_OK, between, NO_CARD]));
        // Garbage can itself look like a frame start, but the two real frames are always recovered in order.
        const statuses = frames.map((f) => f.sw3);
        expect(statuses.indexOf(0x9f)).toBeGreaterThanOrEqual(0);
        expect(statuses.lastIndexOf(0x80)).toBeGreaterThan(statuses.indexOf(0x9f));
      }),
    );
  });
});

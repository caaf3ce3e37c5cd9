import { describe, expect, it } from 'vitest';
import { SAMV_COMMANDS } from '../../../hardware/idcard/samv-commands';
import { encodeSamvCommand, encodeSamvReply, samvCommandSpec, samvReplySpec } from '../../../hardware/idcard/samv-frame';
import { FrameParser } from '../../../hardware/serial/frame-parser';
import { bytes, toHex } from '../helpers/bytes';

describe('SAM_V frames', () => {
  it('encodes the known command frames byte for byte', () => {
    const { findCard, selectCard, readText, readTextWithFingerprint, samStatus, readSamId } = SAMV_COMMANDS;
    expect(toHex(encodeSamvCommand(findCard.cmd, findCard.para))).toBe('AA AA AA 96 69 00 03 20 01 22');
    expect(toHex(encodeSamvCommand(selectCard.cmd, selectCard.para))).toBe('AA AA AA 96 69 00 03 20 02 21');
    expect(toHex(encodeSamvCommand(readText.cmd, readText.para))).toBe('AA AA AA 96 69 00 03 30 01 32');
    expect(toHex(encodeSamvCommand(readTextWithFingerprint.cmd, readTextWithFingerprint.para))).toBe('AA AA AA 96 69 00 03 30 10 23');
    expect(toHex(encodeSamvCommand(samStatus.cmd, samStatus.para))).toBe('AA AA AA 96 69 00 03 11 FF ED');
    expect(toHex(encodeSamvCommand(readSamId.cmd, readSamId.para))).toBe('AA AA AA 96 69 00 03 12 FF EE');
  });

  it('encodes the known replies byte for byte', () => {
    expect(toHex(encodeSamvReply(0x9f, Buffer.alloc(4)))).toBe('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
    expect(toHex(encodeSamvReply(0x80))).toBe('AA AA AA 96 69 00 04 00 00 80 84');
    expect(toHex(encodeSamvReply(0x90, Buffer.alloc(8)))).toBe('AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C');
  });

  it('puts the read reply length where readers put it: 0x0508 for text + photo', () => {
    const data = Buffer.concat([bytes('01 00 04 00'), Buffer.alloc(256 + 1024)]);
    const frame = encodeSamvReply(0x90, data);
    expect(toHex(frame.subarray(0, 10))).toBe('AA AA AA 96 69 05 08 00 00 90');
    expect(frame.length).toBe(7 + 0x0508);
  });

  it('decodes a reply with SW3 at offset 9 and data after it', () => {
    const frame = bytes('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
    expect(frame[9]).toBe(0x9f);
    const result = samvReplySpec.decode(frame);
    expect(result).toEqual({ status: 'frame', length: 15, frame: { sw1: 0, sw2: 0, sw3: 0x9f, data: bytes('00 00 00 00') } });
  });

  it('decodes a command (what the simulator sees)', () => {
    expect(samvCommandSpec.decode(bytes('AA AA AA 96 69 00 03 20 01 22'))).toEqual({
      status: 'frame',
      length: 10,
      frame: { cmd: 0x20, para: 0x01, data: Buffer.alloc(0) },
    });
  });

  it('says incomplete until the whole frame is there', () => {
    const frame = bytes('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
    for (let n = 5; n < frame.length; n++) expect(samvReplySpec.decode(frame.subarray(0, n)).status).toBe('incomplete');
  });

  it('names the expected checksum when it is wrong', () => {
    expect(samvReplySpec.decode(bytes('AA AA AA 96 69 00 04 00 00 80 85'))).toMatchObject({
      status: 'corrupt',
      reason: 'checksum',
      detail: 'checksum 0x85 should be 0x84',
    });
  });

  it('refuses LEN = 2 frames in both directions: every command has PARA (FF for none), every reply SW1-SW3', () => {
    // 11 without its FF parameter; XOR of 00 02 11 = 13.
    expect(samvCommandSpec.decode(bytes('AA AA AA 96 69 00 02 11 13'))).toMatchObject({ status: 'corrupt', reason: 'length', detail: 'length field 2 outside 3..4096' });
    expect(samvReplySpec.decode(bytes('AA AA AA 96 69 00 02 90 92'))).toMatchObject({ status: 'corrupt', reason: 'length', detail: 'length field 2 outside 4..4096' });
    expect(samvReplySpec.decode(bytes('AA AA AA 96 69 00 03 00 90 93'))).toMatchObject({ status: 'corrupt', reason: 'length' });
  });

  it('a LEN = 2 frame on the line does not hide the good reply after it', () => {
    const frames: number[] = [];
    const corrupt: string[] = [];
    const parser = new FrameParser(samvReplySpec, { onFrame: (f) => frames.push(f.sw3), onCorrupt: (c) => corrupt.push(c.reason) });
    parser.push(Buffer.concat([bytes('AA AA AA 96 69 00 02 90 92'), encodeSamvReply(0x9f, Buffer.alloc(4))]));
    expect(corrupt).toEqual(['length']);
    expect(frames).toEqual([0x9f]);
  });
});

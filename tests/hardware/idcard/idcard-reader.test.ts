import { describe, expect, it } from 'vitest';
import { IdCardReader } from '../../../hardware/idcard/idcard-reader';
import { encodeSamvReply } from '../../../hardware/idcard/samv-frame';
import type { MemoryLine } from '../../../hardware/serial/memory-line';
import { createMemoryLine } from '../../../hardware/serial/memory-line';
import { byteByByte, bytes, settle, splitAt } from '../helpers/bytes';
import { residentBlock } from '../helpers/card-blocks';

const FIND = bytes('AA AA AA 96 69 00 03 20 01 22');
const SELECT = bytes('AA AA AA 96 69 00 03 20 02 21');
const READ = bytes('AA AA AA 96 69 00 03 30 01 32');
const FIND_OK = bytes('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
const NO_CARD = bytes('AA AA AA 96 69 00 04 00 00 80 84');

function readReply(text = residentBlock(), photo = Buffer.alloc(1024, 0x5a)): Buffer {
  return encodeSamvReply(0x90, Buffer.concat([bytes('01 00 04 00'), text, photo]));
}

function setup(options: ConstructorParameters<typeof IdCardReader>[1] = {}) {
  const line = createMemoryLine();
  const reader = new IdCardReader(line, { replyTimeoutMs: 200, readTimeoutMs: 200, ...options });
  return { line, reader };
}

/** Waits until the driver has written `count` frames, then answers with `pieces`. */
async function answer(line: MemoryLine, count: number, pieces: Buffer[]): Promise<void> {
  for (let i = 0; i < 100 && line.written.length < count; i++) await settle(1);
  expect(line.written.length).toBe(count);
  for (const piece of pieces) line.inject(piece);
}

describe('IdCardReader over an injected line', () => {
  it('sends the find frame and resolves on 0x9F', async () => {
    const { line, reader } = setup();
    const found = reader.findCard();
    await answer(line, 1, [FIND_OK]);
    await expect(found).resolves.toBeUndefined();
    expect(line.written).toEqual([FIND]);
  });

  it('turns "no card" into IDCARD_NO_CARD', async () => {
    const { line, reader } = setup();
    const found = reader.findCard();
    await answer(line, 1, [NO_CARD]);
    await expect(found).rejects.toMatchObject({ code: 'IDCARD_NO_CARD', message: '未放置身份证', messageEn: 'No card on the reader' });
  });

  it('reads and parses a card whose reply arrives byte by byte after line noise', async () => {
    const { line, reader } = setup();
    const selected = reader.selectCard();
    await answer(line, 1, [encodeSamvReply(0x90, Buffer.alloc(8))]);
    await selected;
    const card = reader.readCard();
    await answer(line, 2, [bytes('FF 00 AA 13'), ...byteByByte(readReply())]);
    await expect(card).resolves.toMatchObject({ kind: 'resident', name: '张三明', idNumber: '11010519491231002X', idNumberValid: true });
    expect((await card).photoWlt).toEqual(Buffer.alloc(1024, 0x5a));
    expect(line.written).toEqual([SELECT, READ]);
  });

  it('reads a reply split into uneven chunks', async () => {
    const { line, reader } = setup();
    const card = reader.readCard();
    await answer(line, 1, splitAt(readReply(), [1, 5, 6, 9, 10, 300, 301, 1000]));
    await expect(card).resolves.toMatchObject({ name: '张三明' });
  });

  it('fails fast with IDCARD_CORRUPT_REPLY when the reply checksum is wrong', async () => {
    const corrupt: string[] = [];
    const { line, reader } = setup({ replyTimeoutMs: 5000, onCorruptFrame: (c) => corrupt.push(c.reason) });
    const found = reader.findCard();
    const damaged = Buffer.from(FIND_OK);
    damaged[damaged.length - 1] = 0x96;
    const started = performance.now();
    await answer(line, 1, [damaged]);
    await expect(found).rejects.toMatchObject({ code: 'IDCARD_CORRUPT_REPLY', details: { reason: 'checksum', command: 'find card' } });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(corrupt).toEqual(['checksum']);
  });

  it('times out with IDCARD_TIMEOUT naming the command when the reader stays silent', async () => {
    const { reader } = setup({ replyTimeoutMs: 40 });
    await expect(reader.findCard()).rejects.toMatchObject({
      code: 'IDCARD_TIMEOUT',
      message: '身份证阅读器无响应（find card，40 ms 内无应答）',
      details: { command: 'find card', timeoutMs: 40 },
    });
  });

  it('after a timeout, the tail of the late frame does not spoil the next reply', async () => {
    const { line, reader } = setup({ replyTimeoutMs: 40 });
    const first = reader.findCard();
    await answer(line, 1, [FIND_OK.subarray(0, 8)]);
    await expect(first).rejects.toMatchObject({ code: 'IDCARD_TIMEOUT' });
    const second = reader.findCard();
    await answer(line, 2, [NO_CARD]);
    await expect(second).rejects.toMatchObject({ code: 'IDCARD_NO_CARD' });
  });

  it('keeps one request in flight: the second command is written only after the first reply', async () => {
    const { line, reader } = setup();
    const calls = [reader.findCard(), reader.selectCard(), reader.findCard()];
    await settle(10);
    expect(line.written).toEqual([FIND]);
    expect(reader.inFlight).toBe(1);
    line.inject(FIND_OK);
    await answer(line, 2, [encodeSamvReply(0x90, Buffer.alloc(8))]);
    await answer(line, 3, [NO_CARD]);
    const results = await Promise.allSettled(calls);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(line.written).toEqual([FIND, SELECT, FIND]);
  });

  it.each([
    { status: 0x41, hex: '41', code: 'IDCARD_READ_FAILED' },
    { status: 0x40, hex: '40', code: 'IDCARD_UNKNOWN_CARD_TYPE' },
    { status: 0x33, hex: '33', code: 'IDCARD_INFO_VERIFY_FAILED' },
    { status: 0x5e, hex: '5E', code: 'IDCARD_UNKNOWN_STATUS' },
  ])('a read answered with status 0x$hex fails with $code', async ({ status, code }) => {
    const { line, reader } = setup();
    const card = reader.readCard();
    await answer(line, 1, [encodeSamvReply(status)]);
    await expect(card).rejects.toMatchObject({ code });
  });

  it('rejects a read reply whose lengths do not add up', async () => {
    const { line, reader } = setup();
    const card = reader.readCard();
    await answer(line, 1, [encodeSamvReply(0x90, Buffer.concat([bytes('01 00 04 00'), Buffer.alloc(100)]))]);
    await expect(card).rejects.toMatchObject({ code: 'IDCARD_BAD_READ_REPLY', messageEn: expect.stringContaining('announces 1284') });
  });

  it('reads fingerprints with 30 10 when asked to', async () => {
    const { line, reader } = setup({ withFingerprint: true });
    const card = reader.readCard();
    await answer(line, 1, [encodeSamvReply(0x90, Buffer.concat([bytes('01 00 04 00 04 00'), residentBlock(), Buffer.alloc(1024, 1), Buffer.alloc(1024, 2)]))]);
    const result = await card;
    expect(line.written[0]).toEqual(bytes('AA AA AA 96 69 00 03 30 10 23'));
    expect(result.fingerprint).toEqual(Buffer.alloc(1024, 2));
  });

  it('formats the SAM id', async () => {
    const { line, reader } = setup();
    const id = reader.readSamId();
    const data = Buffer.alloc(16);
    data[0] = 5;
    data[2] = 1;
    data.writeUInt32LE(20201217, 4);
    data.writeUInt32LE(180, 8);
    data.writeUInt32LE(1234, 12);
    await answer(line, 1, [encodeSamvReply(0x90, data)]);
    await expect(id).resolves.toBe('05.01-20201217-000000180-000001234');
  });
});

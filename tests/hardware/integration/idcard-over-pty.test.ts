import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ageAt } from '../../../hardware/idcard/age';
import { CardPoller } from '../../../hardware/idcard/card-poller';
import type { IdCard } from '../../../hardware/idcard/card-types';
import { IdCardReader } from '../../../hardware/idcard/idcard-reader';
import { maskIdNumber, maskName } from '../../../hardware/idcard/masking';
import type { DeviceError } from '../../../hardware/serial/device-error';
import { openSerialLine } from '../../../hardware/serial/open-serial-line';
import type { CardFixture } from '../../../hardware/simulators/idcard/card-fixture';
import { loadCardFixtures } from '../../../hardware/simulators/idcard/card-fixture';
import { IdCardSimulator } from '../../../hardware/simulators/idcard/idcard-simulator';
import type { PtyPair } from '../../../hardware/simulators/pty-pair';
import { createPtyPair } from '../../../hardware/simulators/pty-pair';
import { nextEvent, sleep } from '../helpers/events';
import { socatChildren } from '../helpers/processes';

// The driver and the simulator talk through a real pseudo-terminal pair made by socat.
let pair: PtyPair;
let cards: CardFixture[];

beforeAll(async () => {
  cards = await loadCardFixtures();
});

afterAll(() => {
  expect(socatChildren()).toEqual([]);
});

describe('ID card reader driver ↔ simulator over socat ptys', () => {
  let simulator: IdCardSimulator | undefined;
  let cleanup: (() => Promise<void>)[] = [];

  async function start(options: { replyChunkBytes?: number; withFingerprint?: boolean } = {}) {
    const sim = await IdCardSimulator.open(pair.devicePath, { cards, replyChunkBytes: options.replyChunkBytes });
    simulator = sim;
    const reader = new IdCardReader(await openSerialLine(pair.driverPath, 115200), { replyTimeoutMs: 150, readTimeoutMs: 400, withFingerprint: options.withFingerprint });
    const poller = new CardPoller(reader, { intervalMs: 20 });
    cleanup.push(() => poller.stop(), () => reader.close());
    const events: string[] = [];
    const faults: DeviceError[] = [];
    poller.on('card-in', (card) => events.push(`in:${card.kind}`));
    poller.on('card-out', (card) => events.push(`out:${card.kind}`));
    poller.on('fault', (error) => {
      events.push(`fault:${error.code}`);
      faults.push(error);
    });
    return { simulator: sim, poller, events, faults };
  }

  beforeEach(async () => {
    pair = await createPtyPair({ name: 'idcard' });
  });

  afterEach(async () => {
    for (const step of cleanup) await step();
    cleanup = [];
    await simulator?.close();
    simulator = undefined;
    await pair.stop();
  });

  it('card in, then card out, once each; the elderly citizen is 75 on the day', async () => {
    const { simulator, poller, events } = await start();
    poller.start();
    await sleep(60);
    expect(events).toEqual([]);
    const cardIn = nextEvent<[IdCard]>(poller, 'card-in');
    simulator.insert('elder-75');
    const [card] = await cardIn;
    expect(card).toMatchObject({ kind: 'resident', name: '张建国', idNumber: '110101195105120018', idNumberValid: true, validTo: 'long-term', nation: { name: '汉' } });
    expect(card.photoWlt).toHaveLength(1024);
    expect(ageAt(card.birthDate, { year: 2026, month: 11, day: 21 })).toBe(75);
    expect(maskName(card.kind === 'resident' ? card.name : '')).toBe('张*国');
    expect(maskIdNumber(card.kind === 'resident' ? card.idNumber : '')).toBe('1****************8');
    await sleep(100);
    const cardOut = nextEvent(poller, 'card-out');
    simulator.remove();
    await cardOut;
    await sleep(60);
    expect(events).toEqual(['in:resident', 'out:resident']);
  });

  it('reads every kind of card the fixtures hold, the rare character intact', async () => {
    const { simulator, poller, events, faults } = await start();
    for (const id of ['rare-char', 'foreign-2017', 'foreign-2023', 'hmt-permit', 'resident-30']) {
      simulator.insert(id);
      await poller.pollOnce();
      const card = poller.current;
      expect(card?.kind).toBe(cards.find((c) => c.id === id)?.kind);
      simulator.remove();
      await poller.pollOnce();
      expect(poller.current).toBeUndefined();
    }
    expect(faults).toEqual([]);
    expect(events.filter((e) => e.startsWith('in:'))).toHaveLength(5);
  });

  it('reads the name with 䶮 and the fingerprints over the tty', async () => {
    const { simulator, poller } = await start({ withFingerprint: true });
    simulator.insert('rare-char');
    await poller.pollOnce();
    expect(poller.current).toMatchObject({ kind: 'resident', name: '王䶮' });
    simulator.remove();
    await poller.pollOnce();
    simulator.insert('elder-75');
    await poller.pollOnce();
    expect(poller.current?.fingerprint).toHaveLength(1024);
  });

  it('a card removed mid-read: a fault, no card-in, and the next card is read normally', async () => {
    const { simulator, poller, events, faults } = await start();
    simulator.injectFault('remove-mid-read');
    simulator.insert('resident-30');
    await poller.pollOnce();
    expect(events).toEqual(['fault:IDCARD_TIMEOUT']);
    expect(faults[0]?.details).toMatchObject({ command: 'read text and photo' });
    expect(simulator.inserted).toBeUndefined();
    await poller.pollOnce();
    expect(events).toEqual(['fault:IDCARD_TIMEOUT']);
    simulator.insert('resident-30');
    await poller.pollOnce();
    expect(events).toEqual(['fault:IDCARD_TIMEOUT', 'in:resident']);
  });

  it('a reply with a bad checksum is a fault, and the loop recovers on the next cycle', async () => {
    const { simulator, poller, events, faults } = await start();
    simulator.insert('elder-75');
    simulator.injectFault('bad-checksum');
    const started = performance.now();
    await poller.pollOnce();
    expect(performance.now() - started).toBeLessThan(150);
    expect(events).toEqual(['fault:IDCARD_CORRUPT_REPLY']);
    expect(faults[0]?.details).toMatchObject({ reason: 'checksum', command: 'find card' });
    await poller.pollOnce();
    expect(events).toEqual(['fault:IDCARD_CORRUPT_REPLY', 'in:resident']);
  });

  it('a silent reader times out, and the loop carries on', async () => {
    const { simulator, poller, events, faults } = await start();
    simulator.insert('elder-75');
    simulator.injectFault('silence', 2);
    poller.start();
    await nextEvent(poller, 'card-in', 3000);
    expect(events).toEqual(['fault:IDCARD_TIMEOUT', 'fault:IDCARD_TIMEOUT', 'in:resident']);
    expect(faults.every((f) => f.message === '身份证阅读器无响应（find card，150 ms 内无应答）')).toBe(true);
  });

  it('0x41 read failed is reported, then the retry succeeds', async () => {
    const { simulator, poller, events, faults } = await start();
    simulator.insert('hmt-permit');
    simulator.injectFault('read-failed');
    await poller.pollOnce();
    await poller.pollOnce();
    expect(events).toEqual(['fault:IDCARD_READ_FAILED', 'in:hmt-residence-permit']);
    expect(faults[0]).toMatchObject({ message: '读卡失败，请勿移动身份证', messageEn: 'Reading the card failed; keep the card still on the reader' });
  });

  it('replies trickling in 64-byte pieces are put back together', async () => {
    const { simulator, poller } = await start({ replyChunkBytes: 64 });
    simulator.insert('foreign-2023');
    await poller.pollOnce();
    expect(poller.current).toMatchObject({ kind: 'foreign-permanent-2023', englishName: 'IVANOVA ANNA SERGEEVNA', idNumberValid: true });
  });

  it('like a real reader, the simulator answers a damaged command with status 0x10', async () => {
    simulator = await IdCardSimulator.open(pair.devicePath, { cards });
    const driver = await openSerialLine(pair.driverPath, 115200);
    const replies: Buffer[] = [];
    driver.onData((chunk) => replies.push(chunk));
    await driver.write(Buffer.from('AAAAAA9669000320012F', 'hex'));
    for (let i = 0; i < 50 && Buffer.concat(replies).length < 11; i++) await sleep(10);
    expect(Buffer.concat(replies).toString('hex').toUpperCase()).toBe('AAAAAA96690004000010' + '14');
    await driver.close();
  });

  it('a two-byte command (LEN = 2, no PARA) is not SAM_V: answered with 0x11 like a real reader, and the next command works', async () => {
    simulator = await IdCardSimulator.open(pair.devicePath, { cards });
    const driver = await openSerialLine(pair.driverPath, 115200);
    const replies: Buffer[] = [];
    driver.onData((chunk) => replies.push(chunk));
    // 11 (SAM status) without its FF parameter: LEN 00 02, checksum 00 ^ 02 ^ 11 = 13.
    await driver.write(Buffer.from('AAAAAA9669000211' + '13', 'hex'));
    for (let i = 0; i < 50 && Buffer.concat(replies).length < 11; i++) await sleep(10);
    expect(Buffer.concat(replies).toString('hex').toUpperCase()).toBe('AAAAAA96690004000011' + '15');
    replies.length = 0;
    // The same command with its parameter, as the protocol writes it.
    await driver.write(Buffer.from('AAAAAA96690003' + '11FF' + 'ED', 'hex'));
    for (let i = 0; i < 50 && Buffer.concat(replies).length < 11; i++) await sleep(10);
    expect(Buffer.concat(replies).subarray(0, 10).toString('hex').toUpperCase()).toBe('AAAAAA96690004000090');
    expect(simulator.received.map((c) => c.cmd)).toEqual([0x11]);
    await driver.close();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { CardPoller } from '../../../hardware/idcard/card-poller';
import type { IdCard } from '../../../hardware/idcard/card-types';
import { idcardError } from '../../../hardware/idcard/idcard-errors';
import type { CardReaderCommands } from '../../../hardware/idcard/idcard-reader';
import { parseTextBlock } from '../../../hardware/idcard/text-block';
import type { DeviceError } from '../../../hardware/serial/device-error';
import { residentBlock } from '../helpers/card-blocks';

const CARD: IdCard = { ...parseTextBlock(residentBlock()), photoWlt: Buffer.alloc(1024) };
const OTHER: IdCard = { ...parseTextBlock(residentBlock({ name: '李四', id: '110101195105120018' })), photoWlt: Buffer.alloc(1024) };

/** A reader in memory: a card slot and a queue of failures to hand out. */
class FakeReader implements CardReaderCommands {
  card: IdCard | undefined;
  /** Readers that stop answering 'find' for a card they already selected. */
  findFailsWhileSelected = false;
  private selected = false;
  readonly failures: { command: 'find' | 'select' | 'read'; error: DeviceError }[] = [];
  readonly calls: string[] = [];

  place(card: IdCard | undefined): void {
    this.card = card;
    this.selected = false;
  }

  async findCard(): Promise<void> {
    this.calls.push('find');
    this.fail('find');
    if (!this.card || (this.findFailsWhileSelected && this.selected)) throw idcardError('IDCARD_NO_CARD');
  }

  async selectCard(): Promise<void> {
    this.calls.push('select');
    this.fail('select');
    if (!this.card) throw idcardError('IDCARD_SELECT_FAILED');
    this.selected = true;
  }

  async readCard(): Promise<IdCard> {
    this.calls.push('read');
    this.fail('read');
    if (!this.card) throw idcardError('IDCARD_READ_FAILED');
    return this.card;
  }

  private fail(command: 'find' | 'select' | 'read'): void {
    const index = this.failures.findIndex((f) => f.command === command);
    if (index < 0) return;
    const [failure] = this.failures.splice(index, 1);
    if (failure) throw failure.error;
  }
}

function watch(poller: CardPoller) {
  const events: string[] = [];
  poller.on('card-in', (card) => events.push(`in:${card.kind === 'resident' ? card.name : card.kind}`));
  poller.on('card-out', (card) => events.push(`out:${card.kind === 'resident' ? card.name : card.kind}`));
  poller.on('fault', (error) => events.push(`fault:${error.code}`));
  return events;
}

describe('CardPoller', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits card-in once and card-out once per card, however many cycles run', async () => {
    const reader = new FakeReader();
    const poller = new CardPoller(reader);
    const events = watch(poller);
    await poller.pollOnce();
    reader.place(CARD);
    for (let i = 0; i < 5; i++) await poller.pollOnce();
    expect(poller.current).toBe(CARD);
    reader.place(undefined);
    for (let i = 0; i < 5; i++) await poller.pollOnce();
    expect(events).toEqual(['in:张三明', 'out:张三明']);
    expect(poller.current).toBeUndefined();
    expect(reader.calls.filter((c) => c === 'read')).toHaveLength(1);
  });

  it('reads the next card after the first was lifted', async () => {
    const reader = new FakeReader();
    const poller = new CardPoller(reader);
    const events = watch(poller);
    reader.place(CARD);
    await poller.pollOnce();
    reader.place(undefined);
    await poller.pollOnce();
    reader.place(OTHER);
    await poller.pollOnce();
    expect(events).toEqual(['in:张三明', 'out:张三明', 'in:李四']);
  });

  it('does not report card-out while select still sees a card that find no longer reports', async () => {
    const reader = new FakeReader();
    reader.findFailsWhileSelected = true;
    const poller = new CardPoller(reader);
    const events = watch(poller);
    reader.place(CARD);
    for (let i = 0; i < 4; i++) await poller.pollOnce();
    expect(events).toEqual(['in:张三明']);
    reader.place(undefined);
    await poller.pollOnce();
    expect(events).toEqual(['in:张三明', 'out:张三明']);
  });

  it('reports faults and carries on: silent reader, corrupt reply, 0x41 read failed', async () => {
    const reader = new FakeReader();
    const poller = new CardPoller(reader);
    const events = watch(poller);
    reader.failures.push({ command: 'find', error: idcardError('IDCARD_TIMEOUT') });
    reader.failures.push({ command: 'find', error: idcardError('IDCARD_CORRUPT_REPLY') });
    reader.failures.push({ command: 'read', error: idcardError('IDCARD_READ_FAILED') });
    reader.place(CARD);
    for (let i = 0; i < 4; i++) await poller.pollOnce();
    expect(events).toEqual(['fault:IDCARD_TIMEOUT', 'fault:IDCARD_CORRUPT_REPLY', 'fault:IDCARD_READ_FAILED', 'in:张三明']);
  });

  it('a card removed mid-read gives a fault, then neither card-in nor card-out', async () => {
    const reader = new FakeReader();
    const poller = new CardPoller(reader);
    const events = watch(poller);
    reader.place(CARD);
    reader.failures.push({ command: 'read', error: idcardError('IDCARD_TIMEOUT') });
    await poller.pollOnce();
    reader.place(undefined);
    await poller.pollOnce();
    await poller.pollOnce();
    expect(events).toEqual(['fault:IDCARD_TIMEOUT']);
  });

  it('a timeout while a card is present is a fault, not a removal', async () => {
    const reader = new FakeReader();
    const poller = new CardPoller(reader);
    const events = watch(poller);
    reader.place(CARD);
    await poller.pollOnce();
    reader.failures.push({ command: 'find', error: idcardError('IDCARD_TIMEOUT') });
    await poller.pollOnce();
    await poller.pollOnce();
    expect(events).toEqual(['in:张三明', 'fault:IDCARD_TIMEOUT']);
  });

  it('wraps a non-device error as IDCARD_DRIVER_ERROR', async () => {
    const reader = new FakeReader();
    reader.findCard = async () => {
      throw new TypeError('oops');
    };
    const poller = new CardPoller(reader);
    const errors: DeviceError[] = [];
    poller.on('fault', (e) => errors.push(e));
    await poller.pollOnce();
    expect(errors[0]).toMatchObject({ code: 'IDCARD_DRIVER_ERROR', details: { reason: 'oops' } });
  });

  it('a listener that throws does not stop the loop', async () => {
    const reader = new FakeReader();
    const listenerErrors: unknown[] = [];
    const poller = new CardPoller(reader, { onListenerError: (e) => listenerErrors.push(e) });
    poller.on('card-in', () => {
      throw new Error('screen crashed');
    });
    const outs: string[] = [];
    poller.on('card-out', () => outs.push('out'));
    reader.place(CARD);
    await poller.pollOnce();
    reader.place(undefined);
    await poller.pollOnce();
    expect(listenerErrors).toHaveLength(1);
    expect(outs).toEqual(['out']);
  });

  it('polls on the injected interval and stop() ends the loop', async () => {
    vi.useFakeTimers();
    const reader = new FakeReader();
    const poller = new CardPoller(reader, { intervalMs: 500 });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(reader.calls).toEqual(['find']);
    await vi.advanceTimersByTimeAsync(499);
    expect(reader.calls).toEqual(['find']);
    await vi.advanceTimersByTimeAsync(1);
    expect(reader.calls).toEqual(['find', 'find']);
    await poller.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(reader.calls).toEqual(['find', 'find']);
    expect(poller.isRunning).toBe(false);
  });

  it('overlapping pollOnce calls share one cycle', async () => {
    const reader = new FakeReader();
    const poller = new CardPoller(reader);
    await Promise.all([poller.pollOnce(), poller.pollOnce(), poller.pollOnce()]);
    expect(reader.calls).toEqual(['find']);
  });
});

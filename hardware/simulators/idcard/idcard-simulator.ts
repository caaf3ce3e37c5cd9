import { EventEmitter } from 'node:events';
import { SAMV_COMMANDS, SAMV_STATUS } from '../../idcard/samv-commands';
import type { SamvCommand } from '../../idcard/samv-frame';
import { encodeSamvReply, samvCommandSpec } from '../../idcard/samv-frame';
import type { CorruptFrame } from '../../serial/frame-parser';
import { FrameParser } from '../../serial/frame-parser';
import { openSerialLine } from '../../serial/open-serial-line';
import type { SerialLine } from '../../serial/serial-line';
import type { CardFixture } from './card-fixture';
import { encodeCardText, fakeFingerprint, fakeWltPhoto } from './encode-card-text';

/**
 * - bad-checksum: the next reply goes out with its checksum inverted
 * - silence: the next command gets no reply at all
 * - read-failed: the next read answers 0x41
 * - remove-mid-read: the next read sends part of its reply, then the card is gone
 */
export type IdCardFault = 'bad-checksum' | 'silence' | 'read-failed' | 'remove-mid-read';

export const ID_CARD_FAULTS: readonly IdCardFault[] = ['bad-checksum', 'silence', 'read-failed', 'remove-mid-read'];

export interface IdCardSimulatorOptions {
  cards?: readonly CardFixture[];
  /** Sends replies in pieces of this many bytes with a short pause, as slow USB adapters do. */
  replyChunkBytes?: number;
}

export interface IdCardSimulatorEvents {
  command: [command: SamvCommand];
  corrupt: [corrupt: CorruptFrame];
  inserted: [card: CardFixture];
  removed: [card: CardFixture];
}

const READ_PARAS = new Set<number>([SAMV_COMMANDS.readText.para, SAMV_COMMANDS.readTextWithFingerprint.para]);
const SAM_ID = Buffer.from('0500010000003a5fb4000000d2040000', 'hex');

/** A SAM_V reader with a fake card slot, driven through its serial line like the real one. */
export class IdCardSimulator extends EventEmitter<IdCardSimulatorEvents> {
  private readonly catalogue = new Map<string, CardFixture>();
  private card: CardFixture | undefined;
  private selected = false;
  private readonly faults: { fault: IdCardFault; remaining: number }[] = [];
  private readonly parser: FrameParser<SamvCommand>;
  private readonly unsubscribe: () => void;
  private readonly log: SamvCommand[] = [];
  private readonly replyChunkBytes: number | undefined;

  constructor(
    private readonly line: SerialLine,
    options: IdCardSimulatorOptions = {},
  ) {
    super();
    for (const card of options.cards ?? []) this.catalogue.set(card.id, card);
    this.replyChunkBytes = options.replyChunkBytes;
    this.parser = new FrameParser(samvCommandSpec, {
      onFrame: (command) => void this.handle(command),
      onCorrupt: (corrupt) => {
        this.emit('corrupt', corrupt);
        // A real reader answers a damaged command with the matching status instead of keeping quiet.
        void this.send(encodeSamvReply(corrupt.reason === 'checksum' ? SAMV_STATUS.FRAME_CHECKSUM_ERROR : SAMV_STATUS.FRAME_LENGTH_ERROR));
      },
    });
    this.unsubscribe = line.onData((chunk) => this.parser.push(chunk));
  }

  /** Opens the device end of a pty (or any port) at the reader's default 115200 baud. */
  static async open(path: string, options: IdCardSimulatorOptions = {}): Promise<IdCardSimulator> {
    return new IdCardSimulator(await openSerialLine(path, 115200), options);
  }

  get cards(): readonly CardFixture[] {
    return [...this.catalogue.values()];
  }

  get inserted(): CardFixture | undefined {
    return this.card;
  }

  /** Every well-formed command received, oldest first. */
  get received(): readonly SamvCommand[] {
    return this.log;
  }

  addCard(card: CardFixture): void {
    this.catalogue.set(card.id, card);
  }

  /** Places a card from the catalogue (by id) or a fixture on the reader, replacing any card there. */
  insert(card: string | CardFixture): CardFixture {
    const fixture = typeof card === 'string' ? this.catalogue.get(card) : card;
    if (!fixture) throw new Error(`no card fixture with id "${String(card)}"; known: ${[...this.catalogue.keys()].join(', ') || 'none'}`);
    // Encode now so a fixture that does not fit the card fails here, not in the middle of a read.
    encodeCardText(fixture);
    if (this.card) this.remove();
    this.card = fixture;
    this.selected = false;
    this.emit('inserted', fixture);
    return fixture;
  }

  remove(): void {
    const card = this.card;
    this.card = undefined;
    this.selected = false;
    if (card) this.emit('removed', card);
  }

  /** Arms a fault for the next `times` matching commands (Infinity: until cleared). */
  injectFault(fault: IdCardFault, times = 1): void {
    if (!ID_CARD_FAULTS.includes(fault)) throw new Error(`unknown fault "${String(fault)}"; known: ${ID_CARD_FAULTS.join(', ')}`);
    this.faults.push({ fault, remaining: times });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.line.close();
  }

  private takeFault(applies: (fault: IdCardFault) => boolean): IdCardFault | undefined {
    const entry = this.faults.find((f) => applies(f.fault));
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.faults.splice(this.faults.indexOf(entry), 1);
    return entry.fault;
  }

  private async handle(command: SamvCommand): Promise<void> {
    this.log.push(command);
    this.emit('command', command);
    const isRead = command.cmd === SAMV_COMMANDS.readText.cmd && READ_PARAS.has(command.para);
    const fault = this.takeFault((f) => f === 'silence' || f === 'bad-checksum' || (isRead && (f === 'read-failed' || f === 'remove-mid-read')));
    if (fault === 'silence') return;
    if (fault === 'read-failed') {
      await this.send(encodeSamvReply(SAMV_STATUS.READ_FAILED));
      return;
    }
    const reply = this.reply(command);
    if (fault === 'remove-mid-read') {
      // The card leaves the field while the reader streams its data: a truncated frame, then nothing.
      await this.send(reply.subarray(0, Math.floor(reply.length / 2)));
      this.remove();
      return;
    }
    if (fault === 'bad-checksum') {
      const damaged = Buffer.from(reply);
      damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 0xff;
      await this.send(damaged);
      return;
    }
    await this.send(reply);
  }

  private reply(command: SamvCommand): Buffer {
    const { cmd, para } = command;
    if (cmd === SAMV_COMMANDS.findCard.cmd && para === SAMV_COMMANDS.findCard.para) {
      return this.card ? encodeSamvReply(SAMV_STATUS.FIND_OK, Buffer.alloc(4)) : encodeSamvReply(SAMV_STATUS.FIND_FAILED);
    }
    if (cmd === SAMV_COMMANDS.selectCard.cmd && para === SAMV_COMMANDS.selectCard.para) {
      if (!this.card) return encodeSamvReply(SAMV_STATUS.SELECT_FAILED);
      this.selected = true;
      return encodeSamvReply(SAMV_STATUS.OK, Buffer.alloc(8));
    }
    if (cmd === SAMV_COMMANDS.readText.cmd && READ_PARAS.has(para)) {
      if (!this.card || !this.selected) return encodeSamvReply(SAMV_STATUS.READ_FAILED);
      return encodeSamvReply(SAMV_STATUS.OK, readData(this.card, para === SAMV_COMMANDS.readTextWithFingerprint.para));
    }
    if (cmd === SAMV_COMMANDS.samStatus.cmd && para === SAMV_COMMANDS.samStatus.para) return encodeSamvReply(SAMV_STATUS.OK);
    if (cmd === SAMV_COMMANDS.readSamId.cmd && para === SAMV_COMMANDS.readSamId.para) return encodeSamvReply(SAMV_STATUS.OK, SAM_ID);
    return encodeSamvReply(SAMV_STATUS.COMMAND_ERROR);
  }

  private async send(bytes: Buffer): Promise<void> {
    try {
      const size = this.replyChunkBytes;
      if (!size) {
        await this.line.write(bytes);
        return;
      }
      for (let offset = 0; offset < bytes.length; offset += size) {
        await this.line.write(bytes.subarray(offset, offset + size));
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } catch {
      // The driver side went away; a real reader would not notice either.
    }
  }
}

/** text length, photo length [, fingerprint length], each 2 bytes BE, then the blocks. */
function readData(card: CardFixture, withFingerprint: boolean): Buffer {
  const text = encodeCardText(card);
  const photo = fakeWltPhoto(card);
  const fingerprint = withFingerprint && card.hasFingerprint ? fakeFingerprint(card) : Buffer.alloc(0);
  const header = Buffer.alloc(withFingerprint ? 6 : 4);
  header.writeUInt16BE(text.length, 0);
  header.writeUInt16BE(photo.length, 2);
  if (withFingerprint) header.writeUInt16BE(fingerprint.length, 4);
  return Buffer.concat([header, text, photo, fingerprint]);
}

import type { CorruptFrame } from '../serial/frame-parser';
import { FramedTransport } from '../serial/framed-transport';
import type { SerialLine } from '../serial/serial-line';
import type { IdCard } from './card-types';
import { idcardError } from './idcard-errors';
import type { CardReadout } from './read-reply';
import { parseReadData } from './read-reply';
import type { SamvCommandName } from './samv-commands';
import { SAMV_COMMANDS, SAMV_STATUS } from './samv-commands';
import type { SamvReply } from './samv-frame';
import { encodeSamvCommand, samvReplySpec } from './samv-frame';
import { statusError } from './samv-status';
import { parseTextBlock } from './text-block';

export interface IdCardReaderOptions {
  /** Deadline for find, select and SAM commands. */
  replyTimeoutMs?: number;
  /** Deadline for a read: the card needs a moment and the reply is ~1.3 kB (~2.3 kB with fingerprints). */
  readTimeoutMs?: number;
  /** Read with command 30 10 to get the fingerprint templates as well. */
  withFingerprint?: boolean;
  /** Every corrupt frame, also those that arrive while no request waits. */
  onCorruptFrame?: (corrupt: CorruptFrame) => void;
  onNoise?: (bytes: Buffer) => void;
}

/** What the poller needs; lets it run against a fake in unit tests. */
export interface CardReaderCommands {
  findCard(): Promise<void>;
  selectCard(): Promise<void>;
  readCard(): Promise<IdCard>;
}

export const DEFAULT_REPLY_TIMEOUT_MS = 500;
export const DEFAULT_READ_TIMEOUT_MS = 3000;

/** Speaks SAM_V to a second-generation ID card reader over an injected serial line. */
export class IdCardReader implements CardReaderCommands {
  private readonly transport: FramedTransport<SamvReply>;
  private readonly replyTimeoutMs: number;
  private readonly readTimeoutMs: number;
  private readonly withFingerprint: boolean;

  constructor(line: SerialLine, options: IdCardReaderOptions = {}) {
    this.replyTimeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
    this.readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    this.withFingerprint = options.withFingerprint ?? false;
    this.transport = new FramedTransport(line, samvReplySpec, {
      onCorrupt: options.onCorruptFrame,
      onNoise: options.onNoise,
    });
  }

  async findCard(): Promise<void> {
    await this.command('findCard', SAMV_STATUS.FIND_OK, this.replyTimeoutMs);
  }

  async selectCard(): Promise<void> {
    await this.command('selectCard', SAMV_STATUS.OK, this.replyTimeoutMs);
  }

  /** Reads the raw blocks; the card must have been found and selected. */
  async readRaw(): Promise<CardReadout> {
    const reply = await this.command(this.withFingerprint ? 'readTextWithFingerprint' : 'readText', SAMV_STATUS.OK, this.readTimeoutMs);
    return parseReadData(reply.data, this.withFingerprint);
  }

  async readCard(): Promise<IdCard> {
    const raw = await this.readRaw();
    const text = parseTextBlock(raw.text);
    return raw.fingerprint ? { ...text, photoWlt: raw.photoWlt, fingerprint: raw.fingerprint } : { ...text, photoWlt: raw.photoWlt };
  }

  /** Asks the security module whether it is ready (device status for the kiosk). */
  async checkSam(): Promise<void> {
    await this.command('samStatus', SAMV_STATUS.OK, this.replyTimeoutMs);
  }

  /** The security module's serial number in its usual printed form, e.g. 05.01-20201217-0001234567-0123456789. */
  async readSamId(): Promise<string> {
    const reply = await this.command('readSamId', SAMV_STATUS.OK, this.replyTimeoutMs);
    const d = reply.data;
    if (d.length < 16) throw idcardError('IDCARD_BAD_READ_REPLY', { dataBytes: d.length }, { note: ['安全模块号应为 16 字节', 'the SAM id must be 16 bytes'] });
    const two = (n: number) => String(n).padStart(2, '0');
    return `${two(d[0] ?? 0)}.${two(d[2] ?? 0)}-${d.readUInt32LE(4)}-${String(d.readUInt32LE(8)).padStart(9, '0')}-${String(d.readUInt32LE(12)).padStart(9, '0')}`;
  }

  get inFlight(): number {
    return this.transport.inFlight;
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private async command(name: SamvCommandName, expected: number, timeoutMs: number): Promise<SamvReply> {
    const spec = SAMV_COMMANDS[name];
    const reply = await this.transport.request(encodeSamvCommand(spec.cmd, spec.para), {
      timeoutMs,
      timeoutError: () =>
        idcardError('IDCARD_TIMEOUT', { command: spec.name, timeoutMs }, { note: [`${spec.name}，${timeoutMs} ms 内无应答`, `no reply to ${spec.name} within ${timeoutMs} ms`] }),
      corruptError: (corrupt) =>
        idcardError('IDCARD_CORRUPT_REPLY', { command: spec.name, reason: corrupt.reason, detail: corrupt.detail }, { note: [corrupt.detail, corrupt.detail] }),
    });
    const error = statusError(reply.sw3, expected, spec.name);
    if (error) throw error;
    return reply;
  }
}

import { EventEmitter } from 'node:events';
import type { DeviceError } from '../serial/device-error';
import { isDeviceError } from '../serial/device-error';
import type { IdCard } from './card-types';
import { idcardError } from './idcard-errors';
import type { CardReaderCommands } from './idcard-reader';

export interface CardPollerEvents {
  /** Once per card placed on the reader, with the parsed card. */
  'card-in': [card: IdCard];
  /** Once per card lifted off, with the card that was there. */
  'card-out': [card: IdCard];
  /** Anything that went wrong in a cycle; the loop carries on. */
  fault: [error: DeviceError];
}

export interface CardPollerOptions {
  /** Pause between the end of one cycle and the start of the next. */
  intervalMs?: number;
  /** Errors thrown by event listeners; they must not stop the loop. Default: a process warning. */
  onListenerError?: (error: unknown) => void;
}

export const DEFAULT_POLL_INTERVAL_MS = 500;

/**
 * find → select → read in a loop, turning the reader's answers into card-in / card-out once per card.
 * A card that stays on the reader is not read again: only its absence is watched for.
 */
export class CardPoller extends EventEmitter<CardPollerEvents> {
  private present: IdCard | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private active = false;
  private readonly intervalMs: number;
  private readonly onListenerError: (error: unknown) => void;

  constructor(
    private readonly reader: CardReaderCommands,
    options: CardPollerOptions = {},
  ) {
    super();
    this.intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.onListenerError = options.onListenerError ?? ((error) => process.emitWarning(`CardPoller listener failed: ${String(error)}`));
  }

  /** The card currently on the reader, if one was read. */
  get current(): IdCard | undefined {
    return this.present;
  }

  get isRunning(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.schedule(0);
  }

  /** Stops polling and waits for a cycle in progress, so the line can be closed safely afterwards. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One find → select → read cycle. Never throws; problems become 'fault' events. */
  pollOnce(): Promise<void> {
    this.running ??= this.cycle().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollOnce().then(() => {
        if (this.active) this.schedule(this.intervalMs);
      });
    }, delayMs);
  }

  private async cycle(): Promise<void> {
    try {
      const found = await this.attempt(() => this.reader.findCard(), 'IDCARD_NO_CARD');
      if (found === 'failed') return;
      if (found === 'absent') {
        await this.confirmRemoval();
        return;
      }
      if (this.present) return;
      if ((await this.attempt(() => this.reader.selectCard())) !== 'ok') return;
      const card = await this.reader.readCard();
      this.present = card;
      this.emitSafely('card-in', card);
    } catch (error) {
      this.emitSafely('fault', toDeviceError(error));
    }
  }

  /**
   * Some readers stop answering 'find' for a card they have already selected while it still lies
   * there; a successful 'select' shows the card is still present.
   */
  private async confirmRemoval(): Promise<void> {
    const card = this.present;
    if (!card) return;
    const stillThere = await this.attempt(() => this.reader.selectCard(), 'IDCARD_SELECT_FAILED', 'IDCARD_NO_CARD');
    if (stillThere !== 'absent') return;
    this.present = undefined;
    this.emitSafely('card-out', card);
  }

  /** Runs a command; the listed codes mean 'absent', other failures are reported and mean 'failed'. */
  private async attempt(command: () => Promise<void>, ...absentCodes: string[]): Promise<'ok' | 'absent' | 'failed'> {
    try {
      await command();
      return 'ok';
    } catch (error) {
      if (isDeviceError(error) && absentCodes.includes(error.code)) return 'absent';
      this.emitSafely('fault', toDeviceError(error));
      return 'failed';
    }
  }

  private emitSafely<E extends keyof CardPollerEvents>(event: E, ...args: CardPollerEvents[E]): void {
    try {
      // The cast is the price of forwarding a generic rest tuple to the typed emit.
      (this.emit as (event: E, ...args: CardPollerEvents[E]) => boolean)(event, ...args);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}

function toDeviceError(error: unknown): DeviceError {
  if (isDeviceError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return idcardError('IDCARD_DRIVER_ERROR', { reason }, { note: [reason, reason], cause: error });
}

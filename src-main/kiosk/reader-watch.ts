import type { KioskProblem, ReaderState } from '../contracts';
import type { CardReaderCommands, IdCard } from '../../hardware';
import { isDeviceError } from '../../hardware';
import { problemOf } from './kiosk-problems';

/** Faults that say the reader itself is not working (as opposed to a card that could not be read). */
const READER_FAULTS = new Set([
  'IDCARD_TIMEOUT',
  'IDCARD_CORRUPT_REPLY',
  'IDCARD_FRAME_CHECKSUM_REJECTED',
  'IDCARD_FRAME_LENGTH_REJECTED',
  'IDCARD_COMMAND_REJECTED',
  'IDCARD_SAM_SELF_TEST_FAILED',
  'IDCARD_SAM_UNAUTHORIZED',
  'IDCARD_UNKNOWN_STATUS',
  'IDCARD_UNEXPECTED_STATUS',
  'IDCARD_DRIVER_ERROR',
  'SERIAL_OPEN_FAILED',
  'SERIAL_WRITE_FAILED',
  'SERIAL_CLOSED',
]);

/** One lost reply is noise on a serial line; this many in a row is a reader staff must look at. */
export const READER_FAULTS_BEFORE_ERROR = 3;

export function isReaderFault(error: unknown): boolean {
  return isDeviceError(error) && READER_FAULTS.has(error.code);
}

/**
 * Wraps the reader's commands to learn whether the reader answers: any status reply ("no card" included)
 * shows it works; several reader faults in a row mark it broken until it answers again.
 */
export class ReaderWatch implements CardReaderCommands {
  private faults = 0;
  private state: ReaderState = 'ok';
  private problem: KioskProblem | null = null;

  constructor(
    private readonly reader: CardReaderCommands,
    private readonly onChange: (state: ReaderState, problem: KioskProblem | null) => void,
  ) {}

  get health(): { state: ReaderState; problem: KioskProblem | null } {
    return { state: this.state, problem: this.problem };
  }

  findCard(): Promise<void> {
    return this.watch(() => this.reader.findCard());
  }

  selectCard(): Promise<void> {
    return this.watch(() => this.reader.selectCard());
  }

  readCard(): Promise<IdCard> {
    return this.watch(() => this.reader.readCard());
  }

  private async watch<T>(command: () => Promise<T>): Promise<T> {
    try {
      const result = await command();
      this.answered();
      return result;
    } catch (error) {
      if (isReaderFault(error)) this.faulted(error);
      else this.answered();
      throw error;
    }
  }

  private answered(): void {
    this.faults = 0;
    this.set('ok', null);
  }

  private faulted(error: unknown): void {
    this.faults++;
    if (this.faults >= READER_FAULTS_BEFORE_ERROR) this.set('error', problemOf(error));
  }

  private set(state: ReaderState, problem: KioskProblem | null): void {
    if (state === this.state && problem?.code === this.problem?.code) return;
    this.state = state;
    this.problem = problem;
    this.onChange(state, problem);
  }
}

import type { DeviceError } from '../serial/device-error';
import { hex } from '../serial/device-error';
import type { PrinterErrorCode } from './printer-errors';
import { printerError } from './printer-errors';

/** DLE EOT n — transmit real-time status. */
export const STATUS_QUERIES = { printer: 1, offlineCause: 2, errorCause: 3, paperSensor: 4 } as const;

export type StatusQueryName = keyof typeof STATUS_QUERIES;

/** The four reply bytes as received. */
export interface RawStatus {
  readonly printer: number;
  readonly offlineCause: number;
  readonly errorCause: number;
  readonly paperSensor: number;
}

export interface PrinterStatus {
  readonly online: boolean;
  readonly coverOpen: boolean;
  readonly paperEnd: boolean;
  readonly paperNearEnd: boolean;
  readonly feedButtonPressed: boolean;
  readonly waitingForOnlineRecovery: boolean;
  readonly stoppedByPaperEnd: boolean;
  readonly errorOccurred: boolean;
  readonly mechanicalError: boolean;
  readonly autocutterError: boolean;
  readonly unrecoverableError: boolean;
  readonly autoRecoverableError: boolean;
  readonly raw: RawStatus;
}

// Every DLE EOT reply has bit 1 and bit 4 set and bits 0 and 7 clear; anything else is not a status byte.
const FIXED_MASK = 0b1001_0011;
const FIXED_VALUE = 0b0001_0010;

const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0;

export function isStatusByte(byte: number): boolean {
  return (byte & FIXED_MASK) === FIXED_VALUE;
}

/** Decodes the replies to DLE EOT 1-4 (Epson ESC/POS bit assignments). Throws PRINTER_BAD_STATUS on a malformed byte. */
export function decodeStatus(raw: RawStatus): PrinterStatus {
  for (const name of Object.keys(STATUS_QUERIES) as StatusQueryName[]) {
    if (!isStatusByte(raw[name])) {
      throw printerError('PRINTER_BAD_STATUS', { query: `DLE EOT ${STATUS_QUERIES[name]}`, byte: hex(raw[name]) }, {
        note: [`DLE EOT ${STATUS_QUERIES[name]} 返回 ${hex(raw[name])}`, `DLE EOT ${STATUS_QUERIES[name]} answered ${hex(raw[name])}`],
      });
    }
  }
  const { printer, offlineCause, errorCause, paperSensor } = raw;
  return {
    online: !bit(printer, 3),
    waitingForOnlineRecovery: bit(printer, 5),
    feedButtonPressed: bit(printer, 6),
    coverOpen: bit(offlineCause, 2),
    stoppedByPaperEnd: bit(offlineCause, 5),
    errorOccurred: bit(offlineCause, 6),
    mechanicalError: bit(errorCause, 2),
    autocutterError: bit(errorCause, 3),
    unrecoverableError: bit(errorCause, 5),
    autoRecoverableError: bit(errorCause, 6),
    // Sensor pairs: bits 2-3 near-end, bits 5-6 end; printers set both bits of a pair together.
    paperNearEnd: bit(paperSensor, 2) || bit(paperSensor, 3),
    paperEnd: bit(paperSensor, 5) || bit(paperSensor, 6),
    raw,
  };
}

/** The state a simulator (or a test) wants to report, turned into the four reply bytes. */
export interface StatusState {
  coverOpen?: boolean;
  paperEnd?: boolean;
  paperNearEnd?: boolean;
  offline?: boolean;
  mechanicalError?: boolean;
  autocutterError?: boolean;
  unrecoverableError?: boolean;
  autoRecoverableError?: boolean;
}

export function encodeStatus(state: StatusState): RawStatus {
  const error = !!(state.mechanicalError || state.autocutterError || state.unrecoverableError || state.autoRecoverableError);
  const offline = !!(state.offline || state.coverOpen || state.paperEnd || error);
  const set = (flags: [boolean | undefined, number][]) => flags.reduce((byte, [on, n]) => (on ? byte | (1 << n) : byte), FIXED_VALUE);
  return {
    printer: set([[offline, 3]]),
    offlineCause: set([[state.coverOpen, 2], [state.paperEnd, 5], [error, 6]]),
    errorCause: set([[state.mechanicalError, 2], [state.autocutterError, 3], [state.unrecoverableError, 5], [state.autoRecoverableError, 6]]),
    paperSensor: set([[state.paperNearEnd || state.paperEnd, 2], [state.paperNearEnd || state.paperEnd, 3], [state.paperEnd, 5], [state.paperEnd, 6]]),
  };
}

/**
 * The one problem that stops printing, most actionable first: staff can fix paper and cover on the spot.
 * Paper near end is not a problem here; it is returned as a warning by the printer driver.
 */
export function blockingProblem(status: PrinterStatus): DeviceError<PrinterErrorCode> | undefined {
  const details = { status: { ...status.raw } };
  if (status.paperEnd || status.stoppedByPaperEnd) return printerError('PRINTER_PAPER_END', details);
  if (status.coverOpen) return printerError('PRINTER_COVER_OPEN', details);
  if (status.autocutterError) return printerError('PRINTER_CUTTER_ERROR', details);
  if (status.unrecoverableError) return printerError('PRINTER_UNRECOVERABLE_ERROR', details);
  if (status.mechanicalError) return printerError('PRINTER_MECHANICAL_ERROR', details);
  if (status.autoRecoverableError) return printerError('PRINTER_AUTO_RECOVERABLE_ERROR', details);
  if (!status.online) return printerError('PRINTER_OFFLINE', details);
  return undefined;
}

/**
 * GS r 1 — paper sensor status, answered in order with the print data (unlike DLE EOT), so its reply
 * means the printer has worked through everything sent before it. Bits 0-1 near end, bits 2-3 end.
 */
export function decodePaperSensorInOrder(byte: number): { paperNearEnd: boolean; paperEnd: boolean } {
  if ((byte & 0b1001_0000) !== 0) {
    throw printerError('PRINTER_BAD_STATUS', { query: 'GS r 1', byte: hex(byte) }, { note: [`GS r 1 返回 ${hex(byte)}`, `GS r 1 answered ${hex(byte)}`] });
  }
  return { paperNearEnd: (byte & 0b0011) !== 0, paperEnd: (byte & 0b1100) !== 0 };
}

export function encodePaperSensorInOrder(state: { paperNearEnd?: boolean; paperEnd?: boolean }): number {
  return (state.paperNearEnd || state.paperEnd ? 0b0011 : 0) | (state.paperEnd ? 0b1100 : 0);
}

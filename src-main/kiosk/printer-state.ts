import type { PrinterState } from '../contracts';
import type { PrinterStatus } from '../../hardware';
import { blockingProblem, isDeviceError } from '../../hardware';

const STATE_OF_CODE: Record<string, PrinterState> = {
  PRINTER_PAPER_END: 'paper-out',
  PRINTER_COVER_OPEN: 'cover-open',
  PRINTER_OFFLINE: 'offline',
  // A printer that does not answer at all is switched off or unplugged: off line to staff.
  PRINTER_TIMEOUT: 'offline',
  SERIAL_OPEN_FAILED: 'offline',
  SERIAL_WRITE_FAILED: 'offline',
  SERIAL_CLOSED: 'offline',
  PRINTER_PAPER_NEAR_END: 'near-end',
};

/** The state staff see for a status the printer reported. */
export function printerStateOfStatus(status: PrinterStatus): PrinterState {
  const problem = blockingProblem(status);
  if (problem) return printerStateOfError(problem);
  return status.paperNearEnd ? 'near-end' : 'ok';
}

/** The state behind a failure; an interrupted print is judged by its cause (paper end part-way…). */
export function printerStateOfError(error: unknown): PrinterState {
  if (!isDeviceError(error)) return 'error';
  const code = error.code === 'PRINTER_PRINT_INTERRUPTED' && typeof error.details.cause === 'string' ? error.details.cause : error.code;
  return STATE_OF_CODE[code] ?? 'error';
}

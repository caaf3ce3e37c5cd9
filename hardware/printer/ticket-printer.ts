import type { DeviceError } from '../serial/device-error';
import { isDeviceError } from '../serial/device-error';
import { ByteReplyTransport } from '../serial/byte-reply-transport';
import { RequestQueue } from '../serial/request-queue';
import type { SerialLine } from '../serial/serial-line';
import { PAPER_STATUS_IN_ORDER, realTimeStatusQuery } from './escpos-bytes';
import type { PrinterErrorCode } from './printer-errors';
import { printerError } from './printer-errors';
import type { PrinterStatus, RawStatus, StatusQueryName } from './printer-status';
import { STATUS_QUERIES, blockingProblem, decodePaperSensorInOrder, decodeStatus } from './printer-status';
import { writeSlip } from './slip-writer';
import type { LayoutOptions } from './ticket-layout';
import { layoutTicket } from './ticket-layout';
import type { TicketSlip, ValidTicketSlip } from './ticket-slip';
import { validateTicketSlip } from './ticket-slip';

export interface TicketPrinterOptions extends LayoutOptions {
  /** Deadline for each real-time status byte. */
  statusTimeoutMs?: number;
  /** Deadline for the in-order confirmation after the ticket: covers printing and cutting. */
  printTimeoutMs?: number;
  /** Bytes nobody asked for (a printer with automatic status back enabled, line noise). */
  onUnsolicitedByte?: (byte: number) => void;
}

export interface PrintResult {
  /** Status checked before printing (it allowed printing). */
  readonly before: PrinterStatus;
  /** Warnings worth showing staff, e.g. PRINTER_PAPER_NEAR_END. */
  readonly warnings: readonly DeviceError<PrinterErrorCode>[];
}

export const DEFAULT_STATUS_TIMEOUT_MS = 500;
export const DEFAULT_PRINT_TIMEOUT_MS = 8000;

/** Prints queue tickets on an ESC/POS thermal printer over an injected serial line. */
export class TicketPrinter {
  private readonly transport: ByteReplyTransport;
  /** Whole tickets, one at a time: a second ticket's status check must not slip in before the first is confirmed. */
  private readonly jobs = new RequestQueue();
  private readonly statusTimeoutMs: number;
  private readonly printTimeoutMs: number;

  constructor(
    line: SerialLine,
    private readonly options: TicketPrinterOptions = {},
  ) {
    this.statusTimeoutMs = options.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
    this.printTimeoutMs = options.printTimeoutMs ?? DEFAULT_PRINT_TIMEOUT_MS;
    this.transport = new ByteReplyTransport(line, options.onUnsolicitedByte);
  }

  /** Asks DLE EOT 1-4, one at a time; real-time, so it answers even while the printer is offline. */
  async queryStatus(): Promise<PrinterStatus> {
    const raw: Record<StatusQueryName, number> = { printer: 0, offlineCause: 0, errorCause: 0, paperSensor: 0 };
    for (const name of Object.keys(STATUS_QUERIES) as StatusQueryName[]) {
      const n = STATUS_QUERIES[name];
      raw[name] = await this.transport.requestByte(realTimeStatusQuery(n), {
        timeoutMs: this.statusTimeoutMs,
        timeoutError: () =>
          printerError('PRINTER_TIMEOUT', { query: `DLE EOT ${n}`, timeoutMs: this.statusTimeoutMs }, {
            note: [`DLE EOT ${n}，${this.statusTimeoutMs} ms 内无应答`, `no answer to DLE EOT ${n} within ${this.statusTimeoutMs} ms`],
          }),
      });
    }
    return decodeStatus(raw as RawStatus);
  }

  /**
   * Checks the status, prints, cuts, then waits for the printer to confirm it worked through the ticket.
   * Refuses (throws) before sending anything when the paper is out, the cover is open or the printer
   * is offline; throws PRINTER_PRINT_INTERRUPTED when it stops part-way.
   */
  async printTicket(slip: TicketSlip): Promise<PrintResult> {
    const valid = validateTicketSlip(slip);
    return this.jobs.run(() => this.print(valid));
  }

  get inFlight(): number {
    return this.transport.inFlight;
  }

  close(): Promise<void> {
    this.jobs.close();
    return this.transport.close();
  }

  private async print(valid: ValidTicketSlip): Promise<PrintResult> {
    const layout = layoutTicket(valid, this.options);
    const before = await this.queryStatus();
    const problem = blockingProblem(before);
    if (problem) throw problem;

    const printer = writeSlip(layout, {
      getPrinterName: () => 'serial',
      // Real connectivity is what queryStatus just proved.
      isPrinterConnected: async () => true,
      execute: async (buffer) => {
        if (buffer) await this.transport.send(buffer);
      },
    });
    await printer.execute();
    const paper = await this.confirmPrinted();
    const warnings = before.paperNearEnd || paper.paperNearEnd ? [printerError('PRINTER_PAPER_NEAR_END', {})] : [];
    return { before, warnings };
  }

  private async confirmPrinted(): Promise<{ paperNearEnd: boolean }> {
    try {
      const byte = await this.transport.requestByte(PAPER_STATUS_IN_ORDER, {
        timeoutMs: this.printTimeoutMs,
        timeoutError: () => printerError('PRINTER_TIMEOUT', { query: 'GS r 1', timeoutMs: this.printTimeoutMs }),
      });
      const paper = decodePaperSensorInOrder(byte);
      if (paper.paperEnd) throw printerError('PRINTER_PRINT_INTERRUPTED', { cause: 'PRINTER_PAPER_END' });
      return paper;
    } catch (error) {
      if (!isDeviceError(error) || error.code !== 'PRINTER_TIMEOUT') throw error;
      // A printer stopped part-way does not answer in-order queries; the real-time status says why.
      const problem = blockingProblem(await this.queryStatus());
      if (problem) {
        throw printerError('PRINTER_PRINT_INTERRUPTED', { cause: problem.code }, { note: [problem.message, problem.messageEn], cause: problem });
      }
      throw error;
    }
  }
}

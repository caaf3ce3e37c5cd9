import { EventEmitter } from 'node:events';
import type { StatusState } from '../../printer/printer-status';
import { encodePaperSensorInOrder, encodeStatus } from '../../printer/printer-status';
import { openSerialLine } from '../../serial/open-serial-line';
import type { SerialLine } from '../../serial/serial-line';
import type { EscPosEvent } from './escpos-stream-decoder';
import { EscPosStreamDecoder } from './escpos-stream-decoder';
import { renderTicketPng } from './render-ticket-png';
import type { PrintedElement } from './ticket-assembler';
import { TicketAssembler } from './ticket-assembler';

export interface DecodedTicket {
  /** Text lines in print order, as a person reads them off the slip: blank lines as '', the feed before the cut left out. */
  readonly lines: readonly string[];
  /** The same content with styles, QR codes and feeds. */
  readonly elements: readonly PrintedElement[];
  /** Data of the first QR code on the slip. */
  readonly qrData?: string;
  readonly cut: boolean;
  /** A preview of the slip; its QR code scans. */
  readonly png: Buffer;
  /** ESC/POS commands the simulator did not recognise (hex); empty for a well-formed ticket. */
  readonly unknownCommands: readonly string[];
}

export type PaperState = 'ok' | 'near-end' | 'out';

export interface PrinterSimulatorEvents {
  ticket: [ticket: DecodedTicket];
  'status-query': [n: number];
}

export interface PrinterSimulatorOptions {
  paperDots?: number;
}

/**
 * An ESC/POS receipt printer on a serial line: answers DLE EOT at any time, answers GS r in order,
 * turns print data into decoded tickets. While offline (paper out, cover open, error) it behaves like
 * a stopped printer: real-time queries are answered, everything else is dropped and counted.
 */
export class PrinterSimulator extends EventEmitter<PrinterSimulatorEvents> {
  private readonly decoder = new EscPosStreamDecoder();
  private readonly assembler = new TicketAssembler();
  private readonly unsubscribe: () => void;
  private readonly printed: DecodedTicket[] = [];
  private paper: PaperState = 'ok';
  private coverOpen = false;
  private forcedOffline = false;
  private errors: Pick<StatusState, 'mechanicalError' | 'autocutterError' | 'unrecoverableError' | 'autoRecoverableError'> = {};
  private paperLeftBytes = Infinity;
  private accepted = 0;
  private dropped = 0;
  private readonly queries: number[] = [];

  constructor(
    private readonly line: SerialLine,
    private readonly options: PrinterSimulatorOptions = {},
  ) {
    super();
    this.unsubscribe = line.onData((chunk) => {
      for (const event of this.decoder.push(chunk)) this.handle(event);
    });
  }

  static async open(path: string, options: PrinterSimulatorOptions = {}): Promise<PrinterSimulator> {
    return new PrinterSimulator(await openSerialLine(path, 115200), options);
  }

  setPaper(state: PaperState): void {
    this.paper = state;
    if (state !== 'out') this.paperLeftBytes = Infinity;
  }

  /** Paper runs out after this many more bytes of print data: a ticket cut off part-way. */
  runOutOfPaperAfter(bytes: number): void {
    this.paperLeftBytes = bytes;
  }

  openCover(): void {
    this.coverOpen = true;
  }

  closeCover(): void {
    this.coverOpen = false;
  }

  setOffline(offline: boolean): void {
    this.forcedOffline = offline;
  }

  setErrors(errors: Pick<StatusState, 'mechanicalError' | 'autocutterError' | 'unrecoverableError' | 'autoRecoverableError'>): void {
    this.errors = { ...errors };
  }

  get state(): StatusState {
    return {
      paperEnd: this.paper === 'out',
      paperNearEnd: this.paper === 'near-end',
      coverOpen: this.coverOpen,
      offline: this.forcedOffline,
      ...this.errors,
    };
  }

  get isOffline(): boolean {
    const s = this.state;
    return !!(s.paperEnd || s.coverOpen || s.offline || s.mechanicalError || s.autocutterError || s.unrecoverableError || s.autoRecoverableError);
  }

  lastTicket(): DecodedTicket | undefined {
    return this.printed.at(-1);
  }

  get tickets(): readonly DecodedTicket[] {
    return this.printed;
  }

  /** Bytes of print data the printer accepted (status queries excluded). */
  get printBytesAccepted(): number {
    return this.accepted;
  }

  /** Bytes of print data thrown away because the printer was offline. */
  get printBytesDropped(): number {
    return this.dropped;
  }

  /** The n of every DLE EOT query, in order. */
  get statusQueries(): readonly number[] {
    return this.queries;
  }

  /** What was printed since the last cut: lets a test look at a ticket that never got cut. */
  get uncutElements(): readonly PrintedElement[] {
    return this.assembler.pending;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.line.close();
  }

  private handle(event: EscPosEvent): void {
    if (event.type === 'real-time-status') {
      this.queries.push(event.n);
      this.emit('status-query', event.n);
      const raw = encodeStatus(this.state);
      const byte = [undefined, raw.printer, raw.offlineCause, raw.errorCause, raw.paperSensor][event.n];
      if (byte !== undefined) this.reply(byte);
      return;
    }
    if (this.isOffline) {
      this.dropped += event.size;
      return;
    }
    if (this.paperLeftBytes !== Infinity) {
      this.paperLeftBytes -= event.size;
      if (this.paperLeftBytes <= 0) {
        this.paper = 'out';
        this.paperLeftBytes = Infinity;
      }
    }
    this.accepted += event.size;
    if (event.type === 'in-order-status') {
      if (event.n === 1) this.reply(encodePaperSensorInOrder(this.state));
      return;
    }
    const finished = this.assembler.apply(event);
    if (finished) {
      const ticket = toDecodedTicket(finished.elements, finished.unknownCommands, this.options.paperDots);
      this.printed.push(ticket);
      this.emit('ticket', ticket);
    }
  }

  private reply(byte: number): void {
    // A driver that has gone away cannot be told; the real printer would not know either.
    this.line.write(Uint8Array.of(byte)).catch(() => undefined);
  }
}

function toDecodedTicket(elements: readonly PrintedElement[], unknownCommands: readonly string[], paperDots?: number): DecodedTicket {
  const lines: string[] = [];
  for (const element of elements) {
    if (element.kind === 'text') lines.push(element.text);
    if (element.kind === 'blank') for (let i = 0; i < element.lines; i++) lines.push('');
  }
  while (lines.at(-1) === '') lines.pop();
  const qr = elements.find((e): e is Extract<PrintedElement, { kind: 'qr' }> => e.kind === 'qr');
  return {
    lines,
    elements,
    ...(qr ? { qrData: qr.data } : {}),
    cut: true,
    png: renderTicketPng(elements, { paperDots }),
    unknownCommands,
  };
}

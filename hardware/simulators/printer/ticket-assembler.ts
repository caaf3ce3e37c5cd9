import { decodeGb18030 } from '../../printer/gb18030';
import type { EscPosEvent } from './escpos-stream-decoder';

export type PrintedAlign = 'left' | 'center' | 'right';

export type PrintedElement =
  | { kind: 'text'; text: string; align: PrintedAlign; widthScale: number; heightScale: number; bold: boolean }
  | { kind: 'blank'; lines: number }
  | { kind: 'qr'; data: string; cellSize: number; errorCorrection: 'L' | 'M' | 'Q' | 'H'; align: PrintedAlign }
  | { kind: 'image'; widthDots: number; heightDots: number };

export interface AssembledTicket {
  readonly elements: readonly PrintedElement[];
  readonly cut: boolean;
  readonly partialCut: boolean;
  /** Commands we did not recognise, hex, so a test can insist there are none. */
  readonly unknownCommands: readonly string[];
}

interface Style {
  align: PrintedAlign;
  widthScale: number;
  heightScale: number;
  bold: boolean;
}

const ERROR_LEVELS = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' } as const;

/**
 * Applies decoded ESC/POS events to a model of the paper: styled text lines, blank feeds and QR codes,
 * until a cut closes the ticket. Text bytes are collected per line and decoded as GB18030 at the line
 * feed, so a character split between chunks still comes out whole.
 */
export class TicketAssembler {
  private elements: PrintedElement[] = [];
  private unknown: string[] = [];
  private style: Style = defaultStyle();
  private lineBytes: Buffer[] = [];
  private lineStyle: Style | undefined;
  private qrData: Buffer | undefined;
  private qrCellSize = 3;
  private qrLevel: 'L' | 'M' | 'Q' | 'H' = 'L';

  /** Returns the finished ticket when the event is a cut. */
  apply(event: EscPosEvent): AssembledTicket | undefined {
    switch (event.type) {
      case 'text':
        this.lineStyle ??= { ...this.style };
        this.lineBytes.push(event.bytes);
        return undefined;
      case 'line-feed':
        this.endLine();
        return undefined;
      case 'initialize':
        this.style = defaultStyle();
        return undefined;
      case 'align':
        this.style.align = event.align;
        return undefined;
      case 'char-size':
        this.style.widthScale = event.width;
        this.style.heightScale = event.height;
        return undefined;
      case 'print-mode':
        this.style.widthScale = event.doubleWidth ? 2 : 1;
        this.style.heightScale = event.doubleHeight ? 2 : 1;
        this.style.bold = event.bold;
        return undefined;
      case 'bold':
        this.style.bold = event.on;
        return undefined;
      case 'feed-lines':
        this.flushLine();
        if (event.lines > 0) this.elements.push({ kind: 'blank', lines: event.lines });
        return undefined;
      case 'qr-setting':
        if (event.fn === 0x43) this.qrCellSize = event.value;
        if (event.fn === 0x45) this.qrLevel = ERROR_LEVELS[event.value as keyof typeof ERROR_LEVELS] ?? this.qrLevel;
        return undefined;
      case 'qr-store':
        this.qrData = event.data;
        return undefined;
      case 'qr-print':
        this.flushLine();
        if (this.qrData) {
          this.elements.push({ kind: 'qr', data: this.qrData.toString('latin1'), cellSize: this.qrCellSize, errorCorrection: this.qrLevel, align: this.style.align });
        }
        return undefined;
      case 'raster-image':
        this.flushLine();
        this.elements.push({ kind: 'image', widthDots: event.widthBytes * 8, heightDots: event.height });
        return undefined;
      case 'cut':
        return this.finish(event.partial);
      case 'unknown':
        this.unknown.push(event.bytes.toString('hex'));
        return undefined;
      case 'chinese-mode':
      case 'real-time-status':
      case 'in-order-status':
      case 'ignored':
        return undefined;
    }
  }

  /** What has been printed since the last cut (for a printer that stops before cutting). */
  get pending(): readonly PrintedElement[] {
    return this.elements;
  }

  /** Prints text waiting in the line buffer; an empty buffer prints nothing (unlike a line feed). */
  private flushLine(): void {
    if (this.lineBytes.length > 0) this.endLine();
  }

  private endLine(): void {
    const style = this.lineStyle ?? this.style;
    if (this.lineBytes.length === 0) {
      this.elements.push({ kind: 'blank', lines: 1 });
    } else {
      const text = decodeGb18030(Buffer.concat(this.lineBytes)).replace(/\s+$/, '');
      this.elements.push({ kind: 'text', text, ...style });
    }
    this.lineBytes = [];
    this.lineStyle = undefined;
  }

  private finish(partial: boolean): AssembledTicket {
    this.flushLine();
    const ticket: AssembledTicket = { elements: this.elements, cut: true, partialCut: partial, unknownCommands: this.unknown };
    this.elements = [];
    this.unknown = [];
    this.qrData = undefined;
    return ticket;
  }
}

function defaultStyle(): Style {
  return { align: 'left', widthScale: 1, heightScale: 1, bold: false };
}

import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { CHINESE_MODE_ON, INITIALIZE, feedLines } from './escpos-bytes';
import { encodeGb18030 } from './gb18030';
import { printableText } from './printable-text';
import type { SlipLayout } from './ticket-layout';

/** What node-thermal-printer calls with the finished buffer (its Interface class, by shape). */
export interface PrinterInterface {
  getPrinterName(): string;
  isPrinterConnected(): Promise<boolean>;
  execute(buffer: Buffer | null): Promise<unknown>;
}

/**
 * Builds the ESC/POS bytes of a laid-out slip with node-thermal-printer's Epson command set. Text goes in
 * as GB18030 bytes through `add`, never through `println`, which would re-encode with its own code pages.
 */
export function writeSlip(layout: SlipLayout, target: PrinterInterface): ThermalPrinter {
  const printer = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    // The typings say string, but the library returns an object interface unchanged (lib/interfaces/index.js).
    interface: target as unknown as string,
    width: layout.columns,
  });
  printer.add(Buffer.from(INITIALIZE));
  printer.add(Buffer.from(CHINESE_MODE_ON));
  for (const block of layout.blocks) {
    switch (block.kind) {
      case 'text':
        align(printer, block.align);
        printer.setTextSize(block.scale - 1, block.scale - 1);
        printer.bold(block.bold);
        // Whatever built the layout, no control byte of a text reaches the printer as a command.
        printer.add(encodeGb18030(printableText(block.text)));
        printer.newLine();
        printer.bold(false);
        printer.setTextSize(0, 0);
        break;
      case 'rule':
        printer.alignLeft();
        printer.drawLine('-');
        break;
      case 'qr':
        printer.alignCenter();
        // The Epson driver only has cell sizes 1-8.
        printer.printQR(block.data, { cellSize: Math.min(8, Math.max(1, Math.round(block.cellSize))), correction: 'M', model: 2 });
        printer.newLine();
        break;
      case 'feed':
        printer.add(Buffer.from(feedLines(block.lines)));
        break;
    }
  }
  printer.alignLeft();
  printer.cut();
  return printer;
}

/** The bytes alone, for tests and previews. */
export function slipBytes(layout: SlipLayout): Buffer {
  const printer = writeSlip(layout, { getPrinterName: () => 'capture', isPrinterConnected: async () => true, execute: async () => undefined });
  return printer.getBuffer();
}

function align(printer: ThermalPrinter, value: 'left' | 'center' | 'right'): void {
  if (value === 'center') printer.alignCenter();
  else if (value === 'right') printer.alignRight();
  else printer.alignLeft();
}

import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { charWidth } from '../../printer/printed-width';
import { GLYPH_COLUMNS, GLYPH_ROWS, glyphFor } from './bitmap-font';
import type { PrintedAlign, PrintedElement } from './ticket-assembler';

export interface RenderOptions {
  /** Printable width: 576 dots is 72 mm at 203 dpi (80 mm paper). */
  paperDots?: number;
}

// Font A: 12 x 24 dots per half-width character; default line spacing 30 dots.
const CELL_WIDTH = 12;
const CELL_HEIGHT = 24;
const LINE_GAP = 6;
const MARGIN = 24;
const QR_QUIET_MODULES = 4;

interface Canvas {
  png: PNG;
  fill(x: number, y: number, width: number, height: number, shade: number): void;
}

/**
 * A picture of the slip: text as dot glyphs (ASCII) or glyph boxes (everything else), QR codes module
 * by module from the data the printer stored, so the PNG scans like the paper would.
 */
export function renderTicketPng(elements: readonly PrintedElement[], options: RenderOptions = {}): Buffer {
  const paper = options.paperDots ?? 576;
  const qrMatrices = new Map<PrintedElement, { size: number; get(row: number, col: number): number }>();
  let height = MARGIN * 2;
  for (const element of elements) {
    if (element.kind === 'qr') {
      const matrix = QRCode.create(element.data, { errorCorrectionLevel: element.errorCorrection }).modules;
      qrMatrices.set(element, matrix);
      height += (matrix.size + QR_QUIET_MODULES * 2) * qrModule(element.cellSize);
    } else {
      height += elementHeight(element);
    }
  }
  const canvas = createCanvas(paper, height);
  let y = MARGIN;
  for (const element of elements) {
    switch (element.kind) {
      case 'text':
        drawText(canvas, element, y, paper);
        break;
      case 'qr': {
        const matrix = qrMatrices.get(element);
        if (!matrix) break;
        const dot = qrModule(element.cellSize);
        const side = matrix.size * dot;
        const x = alignX(element.align, side, paper);
        const top = y + QR_QUIET_MODULES * dot;
        for (let row = 0; row < matrix.size; row++) {
          for (let col = 0; col < matrix.size; col++) {
            if (matrix.get(row, col)) canvas.fill(x + col * dot, top + row * dot, dot, dot, 0);
          }
        }
        y += (matrix.size + QR_QUIET_MODULES * 2) * dot;
        continue;
      }
      case 'image':
        canvas.fill(alignX('center', element.widthDots, paper), y, element.widthDots, element.heightDots, 200);
        break;
      case 'blank':
        break;
    }
    y += elementHeight(element);
  }
  // The cut: a dashed line across the bottom edge.
  for (let x = 0; x < paper; x += 16) canvas.fill(x, height - 2, 8, 2, 120);
  return PNG.sync.write(canvas.png);
}

function qrModule(cellSize: number): number {
  return Math.max(1, Math.min(16, cellSize));
}

function elementHeight(element: PrintedElement): number {
  switch (element.kind) {
    case 'text':
      return CELL_HEIGHT * element.heightScale + LINE_GAP;
    case 'blank':
      return (CELL_HEIGHT + LINE_GAP) * element.lines;
    case 'image':
      return element.heightDots;
    case 'qr':
      return 0;
  }
}

function alignX(align: PrintedAlign, width: number, paper: number): number {
  if (align === 'center') return Math.max(0, Math.floor((paper - width) / 2));
  if (align === 'right') return Math.max(0, paper - width);
  return 0;
}

function drawText(canvas: Canvas, element: Extract<PrintedElement, { kind: 'text' }>, top: number, paper: number): void {
  const cellWidth = CELL_WIDTH * element.widthScale;
  const cellHeight = CELL_HEIGHT * element.heightScale;
  const chars = Array.from(element.text);
  const width = chars.reduce((sum, char) => sum + charWidth(char) * cellWidth, 0);
  let x = alignX(element.align, width, paper);
  for (const char of chars) {
    const advance = charWidth(char) * cellWidth;
    if (x + advance > paper) break;
    const glyph = glyphFor(char);
    if (glyph) {
      const dotW = Math.floor((cellWidth - 2) / GLYPH_COLUMNS);
      const dotH = Math.floor((cellHeight - 3) / GLYPH_ROWS);
      const weight = element.bold ? 1 : 0;
      glyph.forEach((row, r) => {
        for (let c = 0; c < GLYPH_COLUMNS; c++) {
          if (row[c] === '#') canvas.fill(x + 1 + c * dotW, top + 1 + r * dotH, dotW + weight, dotH, 0);
        }
      });
    } else if (char.trim() !== '') {
      canvas.fill(x + 2, top + 3, advance - 4, cellHeight - 6, element.bold ? 40 : 90);
    }
    x += advance;
  }
}

function createCanvas(width: number, height: number): Canvas {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return {
    png,
    fill(x, y, w, h, shade) {
      for (let row = Math.max(0, y); row < Math.min(height, y + h); row++) {
        for (let col = Math.max(0, x); col < Math.min(width, x + w); col++) {
          const i = (row * width + col) * 4;
          png.data[i] = shade;
          png.data[i + 1] = shade;
          png.data[i + 2] = shade;
          png.data[i + 3] = 255;
        }
      }
    },
  };
}

import { DLE, EOT, ESC, FS, GS, LF } from '../../printer/escpos-bytes';

/** One ESC/POS element, as a printer's command interpreter sees it. `size` is the bytes it took. */
export type EscPosEvent = { size: number } & (
  | { type: 'text'; bytes: Buffer }
  | { type: 'line-feed' }
  | { type: 'initialize' }
  | { type: 'align'; align: 'left' | 'center' | 'right' }
  /** GS ! — character size multipliers 1-8. */
  | { type: 'char-size'; width: number; height: number }
  /** ESC ! — print mode; bits 4/5 double height/width, bit 3 emphasised. */
  | { type: 'print-mode'; doubleWidth: boolean; doubleHeight: boolean; bold: boolean }
  | { type: 'bold'; on: boolean }
  | { type: 'feed-lines'; lines: number }
  | { type: 'chinese-mode'; on: boolean }
  | { type: 'qr-setting'; fn: number; value: number }
  | { type: 'qr-store'; data: Buffer }
  | { type: 'qr-print' }
  | { type: 'cut'; partial: boolean }
  | { type: 'real-time-status'; n: number }
  | { type: 'in-order-status'; n: number }
  | { type: 'raster-image'; widthBytes: number; height: number }
  /** Understood, but with no effect on the decoded ticket (underline, code page, line spacing, ...). */
  | { type: 'ignored'; name: string }
  | { type: 'unknown'; bytes: Buffer }
);

type Parsed = EscPosEvent | 'incomplete';

// ESC x commands that take a fixed number of parameter bytes and do not matter for the ticket text.
const ESC_FIXED: Record<number, [string, number]> = {
  0x20: ['right-side spacing', 1],
  0x2d: ['underline', 1],
  0x32: ['default line spacing', 0],
  0x33: ['line spacing', 1],
  0x3d: ['peripheral select', 1],
  0x3f: ['cancel user character', 1],
  0x42: ['beep', 2],
  0x47: ['double strike', 1],
  0x4a: ['feed dots', 1],
  0x4d: ['font', 1],
  0x52: ['international character set', 1],
  0x56: ['rotation', 1],
  0x70: ['drawer pulse', 3],
  0x74: ['code page', 1],
  0x7b: ['upside down', 1],
};

const GS_FIXED: Record<number, [string, number]> = {
  0x42: ['reverse', 1],
  0x48: ['barcode text position', 1],
  0x49: ['printer id', 1],
  0x4c: ['left margin', 2],
  0x57: ['print area width', 2],
  0x61: ['automatic status back', 1],
  0x66: ['barcode text font', 1],
  0x68: ['barcode height', 1],
  0x77: ['barcode width', 1],
  0x7c: ['density', 1],
};

const FS_FIXED: Record<number, [string, number]> = {
  0x21: ['Chinese print mode', 1],
  0x2d: ['Chinese underline', 1],
  0x53: ['Chinese spacing', 2],
  0x57: ['Chinese quadruple size', 1],
};

/**
 * A streaming ESC/POS interpreter: feed it chunks cut anywhere, get whole commands back. Bytes of a
 * command split across chunks wait for the rest; text bytes pass straight through (GB18030 never
 * uses bytes below 0x20 inside a character, so control codes cannot hide in text).
 */
export class EscPosStreamDecoder {
  private pending = Buffer.alloc(0);

  push(chunk: Uint8Array): EscPosEvent[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const events: EscPosEvent[] = [];
    let offset = 0;
    while (offset < this.pending.length) {
      const parsed = parseAt(this.pending, offset);
      if (parsed === 'incomplete') break;
      events.push(parsed);
      offset += parsed.size;
    }
    this.pending = this.pending.subarray(offset);
    return events;
  }

  /** Bytes of a command still waiting for the rest. */
  get buffered(): number {
    return this.pending.length;
  }
}

function parseAt(buf: Buffer, at: number): Parsed {
  const first = buf[at] ?? 0;
  if (first >= 0x20 && first !== 0x7f) {
    let end = at;
    while (end < buf.length && (buf[end] ?? 0) >= 0x20 && buf[end] !== 0x7f) end++;
    return { type: 'text', bytes: Buffer.from(buf.subarray(at, end)), size: end - at };
  }
  switch (first) {
    case LF:
      return { type: 'line-feed', size: 1 };
    case ESC:
      return parseEsc(buf, at);
    case GS:
      return parseGs(buf, at);
    case FS:
      return parseFs(buf, at);
    case DLE:
      return parseDle(buf, at);
    default:
      // CR, HT and other C0 codes change nothing on our slips.
      return { type: 'ignored', name: `control 0x${first.toString(16).padStart(2, '0')}`, size: 1 };
  }
}

function need(buf: Buffer, at: number, length: number): boolean {
  return buf.length - at >= length;
}

function fixed(buf: Buffer, at: number, table: Record<number, [string, number]>, prefix: string): Parsed {
  if (!need(buf, at, 2)) return 'incomplete';
  const entry = table[buf[at + 1] ?? 0];
  if (!entry) return { type: 'unknown', bytes: Buffer.from(buf.subarray(at, at + 2)), size: 2 };
  const [name, params] = entry;
  if (!need(buf, at, 2 + params)) return 'incomplete';
  return { type: 'ignored', name: `${prefix} ${name}`, size: 2 + params };
}

function parseEsc(buf: Buffer, at: number): Parsed {
  if (!need(buf, at, 2)) return 'incomplete';
  const command = buf[at + 1] ?? 0;
  const param = buf[at + 2] ?? 0;
  switch (command) {
    case 0x40:
      return { type: 'initialize', size: 2 };
    case 0x61:
      if (!need(buf, at, 3)) return 'incomplete';
      return { type: 'align', align: param % 48 === 1 ? 'center' : param % 48 === 2 ? 'right' : 'left', size: 3 };
    case 0x21:
      if (!need(buf, at, 3)) return 'incomplete';
      return { type: 'print-mode', doubleHeight: (param & 0x10) !== 0, doubleWidth: (param & 0x20) !== 0, bold: (param & 0x08) !== 0, size: 3 };
    case 0x45:
      if (!need(buf, at, 3)) return 'incomplete';
      return { type: 'bold', on: (param & 1) === 1, size: 3 };
    case 0x64:
      if (!need(buf, at, 3)) return 'incomplete';
      return { type: 'feed-lines', lines: param, size: 3 };
    case 0x44: {
      // ESC D n1 ... NUL — tab stops, up to 32 of them.
      const end = buf.indexOf(0x00, at + 2);
      if (end < 0) return need(buf, at, 35) ? { type: 'unknown', bytes: Buffer.from(buf.subarray(at, at + 2)), size: 2 } : 'incomplete';
      return { type: 'ignored', name: 'ESC tab stops', size: end - at + 1 };
    }
    case 0x63:
      // ESC c 3/4/5 n — paper sensor and panel button settings.
      return need(buf, at, 4) ? { type: 'ignored', name: 'ESC c settings', size: 4 } : 'incomplete';
    default:
      return fixed(buf, at, ESC_FIXED, 'ESC');
  }
}

function parseGs(buf: Buffer, at: number): Parsed {
  if (!need(buf, at, 2)) return 'incomplete';
  const command = buf[at + 1] ?? 0;
  switch (command) {
    case 0x21: {
      if (!need(buf, at, 3)) return 'incomplete';
      const n = buf[at + 2] ?? 0;
      return { type: 'char-size', width: ((n >> 4) & 0x07) + 1, height: (n & 0x07) + 1, size: 3 };
    }
    case 0x56: {
      // GS V m [n]: function B (m = 65, 66, 97, 98, 103, 104) carries a feed amount.
      if (!need(buf, at, 3)) return 'incomplete';
      const m = buf[at + 2] ?? 0;
      const withFeed = [65, 66, 97, 98, 103, 104].includes(m);
      if (withFeed && !need(buf, at, 4)) return 'incomplete';
      return { type: 'cut', partial: [1, 49, 66, 98, 104].includes(m), size: withFeed ? 4 : 3 };
    }
    case 0x72:
      if (!need(buf, at, 3)) return 'incomplete';
      return { type: 'in-order-status', n: (buf[at + 2] ?? 0) % 48, size: 3 };
    case 0x28:
      return parseGsParen(buf, at);
    case 0x76: {
      // GS v 0 m xL xH yL yH d1...dk
      if (!need(buf, at, 8)) return 'incomplete';
      const widthBytes = (buf[at + 4] ?? 0) + (buf[at + 5] ?? 0) * 256;
      const height = (buf[at + 6] ?? 0) + (buf[at + 7] ?? 0) * 256;
      const size = 8 + widthBytes * height;
      return need(buf, at, size) ? { type: 'raster-image', widthBytes, height, size } : 'incomplete';
    }
    case 0x6b: {
      // GS k m: m 0-6 data ends with NUL; m 65-79 has a length byte.
      if (!need(buf, at, 3)) return 'incomplete';
      const m = buf[at + 2] ?? 0;
      if (m <= 6) {
        const end = buf.indexOf(0x00, at + 3);
        return end < 0 ? 'incomplete' : { type: 'ignored', name: 'GS barcode', size: end - at + 1 };
      }
      if (!need(buf, at, 4)) return 'incomplete';
      const size = 4 + (buf[at + 3] ?? 0);
      return need(buf, at, size) ? { type: 'ignored', name: 'GS barcode', size } : 'incomplete';
    }
    default:
      return fixed(buf, at, GS_FIXED, 'GS');
  }
}

/** GS ( X pL pH d1...dk, k = pL + pH*256; for 'k' (2D codes) d1 = cn, d2 = fn. */
function parseGsParen(buf: Buffer, at: number): Parsed {
  if (!need(buf, at, 5)) return 'incomplete';
  const fnGroup = buf[at + 2] ?? 0;
  const k = (buf[at + 3] ?? 0) + (buf[at + 4] ?? 0) * 256;
  const size = 5 + k;
  if (!need(buf, at, size)) return 'incomplete';
  if (fnGroup !== 0x6b || k < 2) return { type: 'ignored', name: `GS ( ${String.fromCharCode(fnGroup)}`, size };
  const cn = buf[at + 5] ?? 0;
  const fn = buf[at + 6] ?? 0;
  if (cn !== 0x31) return { type: 'ignored', name: `GS ( k cn=${cn}`, size };
  if (fn === 0x50) return { type: 'qr-store', data: Buffer.from(buf.subarray(at + 8, at + size)), size };
  if (fn === 0x51) return { type: 'qr-print', size };
  return { type: 'qr-setting', fn, value: buf[at + 7] ?? 0, size };
}

function parseFs(buf: Buffer, at: number): Parsed {
  if (!need(buf, at, 2)) return 'incomplete';
  const command = buf[at + 1] ?? 0;
  if (command === 0x26) return { type: 'chinese-mode', on: true, size: 2 };
  if (command === 0x2e) return { type: 'chinese-mode', on: false, size: 2 };
  return fixed(buf, at, FS_FIXED, 'FS');
}

function parseDle(buf: Buffer, at: number): Parsed {
  if (!need(buf, at, 2)) return 'incomplete';
  if (buf[at + 1] === EOT) {
    if (!need(buf, at, 3)) return 'incomplete';
    return { type: 'real-time-status', n: buf[at + 2] ?? 0, size: 3 };
  }
  return { type: 'unknown', bytes: Buffer.from(buf.subarray(at, at + 2)), size: 2 };
}

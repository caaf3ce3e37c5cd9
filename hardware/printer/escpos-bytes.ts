// The ESC/POS sequences we send ourselves; everything else comes from node-thermal-printer's Epson driver.
export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

/** ESC @ — initialise: clears the buffer and modes. */
export const INITIALIZE = Uint8Array.of(ESC, 0x40);
/** FS & — Chinese character mode on, so multi-byte GB18030 codes print as Chinese. */
export const CHINESE_MODE_ON = Uint8Array.of(FS, 0x26);
/** FS . — Chinese character mode off. */
export const CHINESE_MODE_OFF = Uint8Array.of(FS, 0x2e);

export function realTimeStatusQuery(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/** GS r 1 — transmit paper sensor status, processed in order after the data before it. */
export const PAPER_STATUS_IN_ORDER = Uint8Array.of(GS, 0x72, 0x01);

/** ESC d n — print and feed n lines. */
export function feedLines(n: number): Uint8Array {
  return Uint8Array.of(ESC, 0x64, Math.max(0, Math.min(255, n)));
}

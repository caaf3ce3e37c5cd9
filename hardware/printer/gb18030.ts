import iconv from 'iconv-lite';
import { printerError } from './printer-errors';

/**
 * Chinese thermal printers in Chinese mode (FS &) take GB18030. We encode ourselves because
 * node-thermal-printer's CHINA character set is EUC-CN (GB2312), which turns characters such as
 * 䶮 or 𠀀 into '?'. GB18030 covers all of Unicode (4-byte sequences for the rest).
 */
export function encodeGb18030(text: string): Buffer {
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  if (loneSurrogate) {
    const at = loneSurrogate.index;
    throw printerError('PRINTER_INVALID_TEXT', { text, at }, { note: [`第 ${at} 个字符是孤立的代理项`, `lone surrogate at index ${at}`] });
  }
  return iconv.encode(text, 'gb18030');
}

export function decodeGb18030(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), 'gb18030');
}

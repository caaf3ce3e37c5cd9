/**
 * Text that reaches the printer is data, never commands. A name set by an admin (hall, category, matter),
 * a note or a label could otherwise carry ESC/POS bytes: `ESC p 0` opens the cash drawer, `ESC @` resets
 * the printer mid-slip, `GS V` cuts. Removed here, on the last step before encoding:
 * - C0 controls (U+0000–U+001F, ESC, GS, FS, DLE …) and DEL; tab, CR and LF become a space, so a wrapped
 *   name still reads as two words;
 * - C1 controls (U+0080–U+009F), which some code pages map to single bytes;
 * - Unicode format characters (category Cf: bidi overrides and isolates, zero-width joiners and spaces,
 *   soft hyphen, BOM) and the line and paragraph separators, which change what the slip shows without
 *   showing themselves.
 * GB18030 never produces a byte below 0x30 inside a multi-byte character, so once the text holds no
 * control character the encoded bytes hold none either.
 * The hall's config refuses the same characters in the first place (src-main/contracts/hall-config.ts).
 */
const SPACED = /[\t\n\r\v\f\u2028\u2029]+/g;
const DROPPED = /[\p{Cc}\p{Cf}]/gu;

export function printableText(text: string): string {
  return text.replace(SPACED, ' ').replace(DROPPED, '');
}

/** True when printableText would change nothing. */
export function isPrintableText(text: string): boolean {
  return printableText(text) === text;
}

/**
 * Columns a character takes on the slip. In Chinese mode an ESC/POS printer prints every single-byte
 * code (ASCII) half width and every multi-byte GB18030 code full width, whatever Unicode calls the
 * character's East Asian width — '·' or 'é' print as wide as '中'. So the rule is by encoding, not by
 * Unicode property.
 */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return 0;
  return code < 0x80 ? 1 : 2;
}

export function printedWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

export function padEndToWidth(text: string, width: number, fill = ' '): string {
  return text + fill.repeat(Math.max(0, width - printedWidth(text)));
}

export function padStartToWidth(text: string, width: number, fill = ' '): string {
  return fill.repeat(Math.max(0, width - printedWidth(text))) + text;
}

/** Left text, right text, spaces between, on one line of `width` columns (the right text wins if both do not fit). */
export function spreadToWidth(left: string, right: string, width: number): string {
  const gap = width - printedWidth(left) - printedWidth(right);
  return gap >= 1 ? `${left}${' '.repeat(gap)}${right}` : `${truncateToWidth(left, Math.max(0, width - printedWidth(right) - 1))} ${right}`;
}

export function truncateToWidth(text: string, width: number): string {
  let used = 0;
  let out = '';
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width) break;
    used += w;
    out += char;
  }
  return out;
}

/**
 * Breaks text into lines of at most `width` columns. Chinese breaks between any two characters; a run
 * of Latin letters or digits (a URL, an English name) is kept whole when it fits on a line by itself.
 * Explicit newlines are kept.
 */
export function wrapToWidth(text: string, width: number): string[] {
  if (width < 2) throw new RangeError(`cannot wrap to ${width} columns`);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const token of tokens(paragraph)) {
      const tokenWidth = printedWidth(token);
      if (lineWidth + tokenWidth <= width) {
        line += token;
        lineWidth += tokenWidth;
        continue;
      }
      if (token.trim() === '') {
        // A space at a break is swallowed rather than starting the next line.
        lines.push(line);
        line = '';
        lineWidth = 0;
        continue;
      }
      if (lineWidth > 0 && tokenWidth <= width) {
        lines.push(line.trimEnd());
        line = token;
        lineWidth = tokenWidth;
        continue;
      }
      for (const char of token) {
        const w = charWidth(char);
        if (lineWidth + w > width) {
          lines.push(line.trimEnd());
          line = '';
          lineWidth = 0;
        }
        line += char;
        lineWidth += w;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Words of ASCII letters/digits/punctuation stay together; spaces and every other character stand alone. */
function tokens(text: string): string[] {
  return text.match(/[!-~]+|\s|[^\s!-~]/gu) ?? [];
}

/** The machine-readable text block is 256 bytes of UCS-2 little-endian text in fixed-width fields. */
export const TEXT_BLOCK_BYTES = 256;

/** Byte offset of the card-type flag shared by all non-resident layouts ('I', 'Y', 'J'). */
export const CARD_TYPE_FLAG_OFFSET = 248;

export interface FieldSpec<Name extends string = string> {
  readonly name: Name;
  readonly bytes: number;
}

export type FieldLayout<Name extends string = string> = readonly FieldSpec<Name>[];

export type FieldValues<Name extends string> = Record<Name, string>;

export interface FieldPosition {
  readonly offset: number;
  readonly bytes: number;
}

export function fieldPositions<Name extends string>(layout: FieldLayout<Name>): Record<Name, FieldPosition> {
  const positions = {} as Record<Name, FieldPosition>;
  let offset = 0;
  for (const field of layout) {
    positions[field.name] = { offset, bytes: field.bytes };
    offset += field.bytes;
  }
  return positions;
}

export function layoutBytes(layout: FieldLayout): number {
  return layout.reduce((sum, field) => sum + field.bytes, 0);
}

/**
 * Cards pad fields with spaces; some writers pad with NUL. Both are trimmed. Decoded as UTF-16LE, a
 * superset of UCS-2, so a surrogate pair (a character beyond the BMP) survives if a card carries one.
 */
export function readFields<Name extends string>(layout: FieldLayout<Name>, block: Uint8Array): FieldValues<Name> {
  const values = {} as FieldValues<Name>;
  let offset = 0;
  for (const field of layout) {
    const raw = Buffer.from(block.subarray(offset, offset + field.bytes)).toString('utf16le');
    values[field.name] = trimPadding(raw);
    offset += field.bytes;
  }
  return values;
}

/** Strips the space and NUL padding cards put around field values. */
export function trimPadding(text: string): string {
  const isPad = (char: string) => char === String.fromCharCode(0) || char.trim() === '';
  let start = 0;
  let end = text.length;
  while (start < end && isPad(text.charAt(start))) start++;
  while (end > start && isPad(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

export class FieldTooLongError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
    readonly maxUnits: number,
  ) {
    super(`field ${field} needs ${value.length} UCS-2 units, the card holds at most ${maxUnits}: "${value}"`);
    this.name = 'FieldTooLongError';
  }
}

/** The inverse of readFields, for the simulator: pads every field with spaces to its width. */
export function writeFields<Name extends string>(layout: FieldLayout<Name>, values: Partial<FieldValues<Name>>): Buffer {
  const block = Buffer.alloc(layoutBytes(layout));
  let offset = 0;
  for (const field of layout) {
    const value = values[field.name] ?? '';
    const units = field.bytes / 2;
    if (value.length > units) throw new FieldTooLongError(field.name, value, units);
    block.write(value.padEnd(units, ' '), offset, field.bytes, 'utf16le');
    offset += field.bytes;
  }
  return block;
}

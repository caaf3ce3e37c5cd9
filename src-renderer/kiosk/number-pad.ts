// The missed-number pad: one category letter, then three digits (A017). Pure so the rules are tested
// without a screen.

export const NUMBER_DIGITS = 3;

export type PadKey = { letter: string } | { digit: string } | 'delete' | 'clear';

export function pressKey(current: string, key: PadKey, letters: readonly string[]): string {
  if (key === 'clear') return '';
  if (key === 'delete') return current.slice(0, -1);
  if ('letter' in key) {
    if (!letters.includes(key.letter)) return current;
    // A letter always starts the number again: the citizen is correcting the category.
    return key.letter;
  }
  if (!/^\d$/.test(key.digit) || current.length === 0 || current.length > NUMBER_DIGITS) return current;
  return current + key.digit;
}

export function isCompleteNumber(value: string): boolean {
  return new RegExp(`^[A-Z]\\d{${NUMBER_DIGITS}}$`).test(value);
}

/** A017 shown while typing as A 0 _ _ (placeholders for what is missing). */
export function padDisplay(value: string): string[] {
  const cells = Array.from(value);
  while (cells.length < NUMBER_DIGITS + 1) cells.push('_');
  return cells;
}

/** What the pad expects next, for the hint under the display. */
export function padExpects(value: string): 'letter' | 'digit' | 'done' {
  if (value.length === 0) return 'letter';
  return isCompleteNumber(value) ? 'done' : 'digit';
}

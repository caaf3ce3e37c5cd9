import { DIGIT_HANZI, type ClipId, type Digit, type Letter } from './vocabulary';

// How numbers are read aloud. Ticket numbers digit by digit (A017 → A 零 一 七), as halls do so that 017 and
// 170 never sound alike; window numbers as quantities (12 → 十二, 105 → 一百零五), as people say them.

const DIGITS = '0123456789';

/** 1–999 as Mandarin number words, e.g. 10 → [shi], 12 → [shi, 2], 20 → [2, shi], 105 → [1, bai, 0, 5], 110 → [1, bai, 1, shi]. */
export function windowNumberClips(n: number): ClipId[] {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`window number ${n} cannot be read: expected a whole number 0–999`);
  if (n === 0) return ['0'];
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  const d = (x: number) => DIGITS[x] as Digit;
  const out: ClipId[] = [];
  if (hundreds) out.push(d(hundreds), 'bai');
  if (tens) {
    // 十二, not 一十二, when the number starts with the tens; but 一百一十 inside a hundred.
    if (hundreds || tens > 1) out.push(d(tens));
    out.push('shi');
  } else if (hundreds && ones) {
    out.push('0');
  }
  if (ones) out.push(d(ones));
  return out;
}

/** The same reading in characters, for a speech voice: 105 → 一百零五. */
export function windowNumberHanzi(n: number): string {
  return windowNumberClips(n)
    .map((c) => (c === 'shi' ? '十' : c === 'bai' ? '百' : DIGIT_HANZI[c as Digit]))
    .join('');
}

/** A017 → [A, 0, 1, 7]; any letters and digits, read one by one. */
export function ticketNumberClips(number: string): ClipId[] {
  const upper = number.trim().toUpperCase();
  if (!/^[A-Z]*\d+$/.test(upper) || upper.length > 8) throw new RangeError(`ticket number "${number}" cannot be read: expected letters then digits, like A017`);
  return upper.split('') as Array<Letter | Digit>;
}

/** A017 → "A零一七": digits as characters so a zh-CN voice does not say "seventeen". */
export function ticketNumberSpoken(number: string): string {
  return ticketNumberClips(number)
    .map((c) => (/\d/.test(c) ? DIGIT_HANZI[c as Digit] : c))
    .join('');
}

import { createHmac } from 'node:crypto';
import { gb11643CheckCharacter } from '../../src-main/domain/identity/gb11643';

// What someone holding a database file (or a backup), and perhaps the ID hash key, would do to get the ID
// numbers back: take every mask-like run of bytes, enumerate the numbers it allows (valid birth dates, the
// check character), and test each against every hash-like run of bytes with the key. This is the attack the
// review timed at 0.6 s a number with the old 6+4 masks.

/** Every valid birth date of a living person, as YYYYMMDD. */
const BIRTH_DATES: string[] = (() => {
  const out: string[] = [];
  for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10).replaceAll('-', ''));
  return out;
})();

const fits = (mask: string, value: string, from: number) => [...value].every((c, i) => mask[from + i] === '*' || mask[from + i] === c);

/** How many 18-character numbers a mask allows (region digits × birth dates × sequence digits). */
export function searchSpace(mask: string): number {
  if (mask.length !== 18) return Infinity;
  const free = (from: number, to: number) => 10 ** [...mask.slice(from, to)].filter((c) => c === '*').length;
  return free(0, 6) * BIRTH_DATES.filter((d) => fits(mask, d, 6)).length * free(14, 17);
}

function* numbersOf(mask: string): Generator<string> {
  const fill = (part: string): string[] => {
    const at = part.indexOf('*');
    if (at < 0) return [part];
    return Array.from({ length: 10 }, (_, d) => fill(part.slice(0, at) + d + part.slice(at + 1))).flat();
  };
  const dates = BIRTH_DATES.filter((d) => fits(mask, d, 6));
  for (const region of fill(mask.slice(0, 6))) {
    for (const date of dates) {
      for (const seq of fill(mask.slice(14, 17))) {
        const first17 = region + date + seq;
        const check = gb11643CheckCharacter(first17);
        if (check && (mask[17] === '*' || mask[17] === check)) yield first17 + check;
      }
    }
  }
}

/** Every `width`-character window of every run of `chars` at least that long. */
function windows(text: string, chars: RegExp, width: number, keep: (w: string) => boolean = () => true): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(chars)) {
    const run = m[0];
    for (let i = 0; i + width <= run.length; i++) {
      const w = run.slice(i, i + width);
      if (keep(w)) out.add(w);
    }
  }
  return out;
}

export interface AttackResult {
  /** ID numbers whose keyed hash (or its 24-character prefix) is in the bytes. */
  recovered: Set<string>;
  /** Mask-like windows tried in full (their space was within the budget). */
  tried: number;
  /** Mask-like windows left alone: their space was over the budget. */
  tooLarge: number;
}

/** Brute-forces every mask-like window of `bytes` whose space is at most `budget`, with `key`. */
export function attack(bytes: Buffer, key: string, budget = 2_000_000): AttackResult {
  const text = bytes.toString('latin1');
  const masks = windows(text, /[0-9X*]{18,}/g, 18, (w) => w.includes('*'));
  const hashes = windows(text, /[0-9a-f]{64,}/g, 64);
  const prefixes = windows(text, /[0-9a-f]{24,}/g, 24);
  const result: AttackResult = { recovered: new Set(), tried: 0, tooLarge: 0 };
  for (const mask of masks) {
    if (searchSpace(mask) > budget) {
      result.tooLarge++;
      continue;
    }
    result.tried++;
    for (const n of numbersOf(mask)) {
      const h = createHmac('sha256', key).update(n, 'utf8').digest('hex');
      if (hashes.has(h) || prefixes.has(h.slice(0, 24))) result.recovered.add(n);
    }
  }
  return result;
}

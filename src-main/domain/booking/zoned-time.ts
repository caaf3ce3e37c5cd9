import { localTime } from '../local-time';

const DAY_MS = 86_400_000;

/** The instant when the clock in `timeZone` reads `minutes` past midnight on `day` (YYYY-MM-DD). */
export function zonedEpoch(day: string, minutes: number, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d) + minutes * 60_000;
  // Two passes settle the offset, also across a daylight-saving change (China has none today).
  let guess = naive;
  for (let i = 0; i < 2; i++) {
    const lt = localTime(guess, timeZone);
    const [ly, lm, ld] = lt.day.split('-').map(Number) as [number, number, number];
    const seen = Date.UTC(ly, lm - 1, ld) + lt.minutes * 60_000;
    guess += naive - seen;
  }
  return guess;
}

/** The calendar day after `day`. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + DAY_MS).toISOString().slice(0, 10);
}

export function weekdayOf(day: string): 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun' {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

/** Days between two YYYY-MM-DD dates (b − a). */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / DAY_MS);
}

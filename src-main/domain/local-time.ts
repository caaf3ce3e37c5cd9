// Service days, weekdays and clock minutes follow the hall's time zone, never UTC: a day computed in UTC
// rolls over at 08:00 in Beijing and breaks numbering mid-morning.

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface LocalTime {
  /** Service day as YYYY-MM-DD in the hall's zone. */
  day: string;
  weekday: Weekday;
  /** Minutes since local midnight, 0..1439. */
  minutes: number;
  /** HH:MM in the hall's zone. */
  clock: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, Weekday> = {
  Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun',
};

const lastByZone = new Map<string, { minute: number; value: LocalTime }>();

/** Memoised per minute: every command asks, and formatToParts is slow enough to show in profiles. */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  const minute = Math.floor(epochMs / 60_000);
  const last = lastByZone.get(timeZone);
  if (last && last.minute === minute) return last.value;
  const value = computeLocalTime(epochMs, timeZone);
  lastByZone.set(timeZone, { minute, value });
  return value;
}

function computeLocalTime(epochMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(epochMs)) parts[p.type] = p.value;
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 'mon',
    minutes: hour * 60 + minute,
    clock: `${parts.hour}:${parts.minute}`,
  };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** 'HH:MM' → minutes; '24:00' is allowed as the end of a day. */
export function clockToMinutes(clock: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!m) return Number.NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return Number.NaN;
  return h * 60 + min;
}

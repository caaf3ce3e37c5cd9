import { nextDay, weekdayOf, zonedEpoch } from './booking/zoned-time';
import { localTime } from './local-time';
import type { CompiledRules } from './rules';

// Deadlines of bad-rating cases run in working days (工作日) of the hall's own calendar: a weekday with
// opening hours, or a make-up working day (调休, booking.specialDays with hours), and never a public
// holiday (closedDates).

export function isWorkingDay(rules: CompiledRules, day: string): boolean {
  if (rules.closed.has(day)) return false;
  const hours = rules.booking.specialDays[day] ?? rules.openingHours[weekdayOf(day)];
  return hours.periods.length > 0;
}

/** A year without one working day is a broken calendar, not a reason to loop for ever. */
const SEARCH_LIMIT_DAYS = 400;

/** The next `count` working days after `day` (not counting `day` itself). */
export function workingDaysAfter(rules: CompiledRules, day: string, count: number): string[] {
  const days: string[] = [];
  let d = day;
  for (let i = 0; i < SEARCH_LIMIT_DAYS && days.length < count; i++) {
    d = nextDay(d);
    if (isWorkingDay(rules, d)) days.push(d);
  }
  return days;
}

export interface CaseDeadlines {
  /** End (24:00, hall time) of the last working day allowed. */
  dueAt: number;
  /** Start (00:00) of the first of the last `warnWorkingDays` working days: the yellow alert. */
  warnAt: number;
  dueDay: string;
}

/**
 * A case opened at `openedAt` is answered within `answerWorkingDays` working days counted from the next
 * working day (the day of the rating does not count: a rating at 17:55 would otherwise have no day at all).
 */
export function caseDeadlines(rules: CompiledRules, openedAt: number): CaseDeadlines {
  const { answerWorkingDays, warnWorkingDays } = rules.evaluation.cases;
  const tz = rules.timeZone;
  const today = localTime(openedAt, tz).day;
  const days = workingDaysAfter(rules, today, answerWorkingDays);
  if (days.length < answerWorkingDays) {
    // No calendar to count in: fall back to calendar days so a case still has a deadline.
    const dueAt = openedAt + answerWorkingDays * 86_400_000;
    return { dueAt, warnAt: dueAt - warnWorkingDays * 86_400_000, dueDay: localTime(dueAt, tz).day };
  }
  const dueDay = days[days.length - 1]!;
  const dueAt = zonedEpoch(nextDay(dueDay), 0, tz);
  const warnAt = warnWorkingDays === 0 ? dueAt : zonedEpoch(days[days.length - warnWorkingDays]!, 0, tz);
  return { dueAt, warnAt, dueDay };
}

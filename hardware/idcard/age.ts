import type { CalendarDate } from './calendar-date';
import { isLeapYear } from './calendar-date';

/**
 * Completed years (周岁) on `today`, the hall's calendar date passed in by the caller. Someone born on
 * 29 February has their birthday on 1 March in common years, the usual legal reading.
 */
export function ageAt(birth: CalendarDate, today: CalendarDate): number {
  let age = today.year - birth.year;
  const leapDayInCommonYear = birth.month === 2 && birth.day === 29 && !isLeapYear(today.year);
  const birthdayMonth = leapDayInCommonYear ? 3 : birth.month;
  const birthdayDay = leapDayInCommonYear ? 1 : birth.day;
  if (today.month < birthdayMonth || (today.month === birthdayMonth && today.day < birthdayDay)) age--;
  return Math.max(age, 0);
}

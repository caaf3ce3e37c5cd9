// Times and days as the hall counts them (its time zone, not the phone's): 09:30, 今天 / 明天 / 周三.

const clockFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function clockIn(epoch: number, timeZone: string): string {
  let f = clockFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, f);
  }
  return f.format(epoch);
}

/** YYYY-MM-DD of an instant in the hall's time zone. */
export function dayIn(epoch: number, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(epoch);
}

function utcOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((utcOf(to) - utcOf(from)) / 86_400_000);
}

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A day tab: today / tomorrow / the weekday, and the date as M/D (11/25 in both languages). */
export function dayLabel(day: string, today: string, locale: string): { name: string; date: string } {
  const en = locale === 'en';
  const diff = daysBetween(today, day);
  const weekday = new Date(utcOf(day)).getUTCDay();
  const name = diff === 0 ? (en ? 'Today' : '今天') : diff === 1 ? (en ? 'Tomorrow' : '明天') : (en ? WEEKDAYS_EN : WEEKDAYS_ZH)[weekday]!;
  const [, m, d] = day.split('-').map(Number);
  return { name, date: `${m}/${d}` };
}

/** 11月25日 周三 / Wed 25 Nov: a booked day written out. */
export function longDay(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay();
  if (locale === 'en') return `${WEEKDAYS_EN[weekday]} ${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m! - 1]}`;
  return `${m}月${d}日 ${WEEKDAYS_ZH[weekday]}`;
}

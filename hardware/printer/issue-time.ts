import { printerError } from './printer-errors';

/** 'YYYY-MM-DD HH:mm' of `instant` in the hall's zone. The instant comes from the caller, never the clock. */
export function formatIssueTime(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) {
    throw printerError('PRINTER_INVALID_TICKET', { field: 'issuedAt' }, { note: ['取号时间无效', 'issuedAt is not a valid date'] });
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(instant);
  } catch {
    throw printerError('PRINTER_INVALID_TICKET', { field: 'timeZone', timeZone }, { note: [`未知时区 ${timeZone}`, `unknown time zone ${timeZone}`] });
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '??';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

import type { HallConfig, StatisticsReport } from '../../contracts';
import { daysBetween, nextDay, zonedEpoch } from '../../domain/booking/zoned-time';
import type { EventRangeReader } from '../admin-ports';
import { statisticsOf } from './statistics';
import { ticketRecords } from './ticket-records';

export const MAX_RANGE_DAYS = 366;

export type RangeCheck = { ok: true } | { ok: false; message: string; messageEn: string };

export function checkRange(from: string, to: string): RangeCheck {
  const valid = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
  if (!valid(from) || !valid(to)) return { ok: false, message: '日期格式应为 YYYY-MM-DD', messageEn: 'from and to must be dates as YYYY-MM-DD' };
  const days = daysBetween(from, to);
  if (days < 0) return { ok: false, message: '开始日期晚于结束日期', messageEn: 'from is after to' };
  if (days >= MAX_RANGE_DAYS) return { ok: false, message: `一次最多统计 ${MAX_RANGE_DAYS} 天`, messageEn: `at most ${MAX_RANGE_DAYS} days at once` };
  return { ok: true };
}

/**
 * Statistics for service days from..to, rebuilt from the event log alone (so they can be reproduced). The
 * log is read from the first day's midnight to two midnights after the last day: ratings and day-end
 * expiries of the last day come after it ends.
 */
export async function statisticsReport(reader: EventRangeReader, config: HallConfig, from: string, to: string): Promise<StatisticsReport> {
  const fromAt = zonedEpoch(from, 0, config.timeZone);
  const toAt = zonedEpoch(nextDay(nextDay(to)), 0, config.timeZone);
  const events = await reader.eventsBetween(config.id, fromAt, toAt);
  const s = config.supervision;
  const thresholds = { waitYellowMinutes: s.waitYellowMinutes, waitRedMinutes: s.waitRedMinutes, serviceLimitMinutes: s.serviceLimitMinutes };
  const stats = statisticsOf(ticketRecords(events), from, to, thresholds);
  const report: StatisticsReport = {
    ...stats,
    thresholds,
    names: {
      categories: Object.fromEntries(config.categories.map((c) => [c.id, c.name])),
      windows: Object.fromEntries(config.windows.map((w) => [String(w.id), w.name])),
      staff: Object.fromEntries(config.accounts.map((a) => [a.username, a.displayName])),
    },
  };
  return report;
}

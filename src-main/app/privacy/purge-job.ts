import { localTime } from '../../domain';
import type { AuditStore, PrivacyStore } from '../admin-ports';
import { SYSTEM } from '../ports';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows per table purged in one go (a few milliseconds of the hall's thread). */
const PURGE_SLICE = 500;

/** The first service day whose personal data is kept: `retentionDays` days back from today (in the hall's zone). */
export function retentionStart(now: number, timeZone: string, retentionDays: number): string {
  // Calendar arithmetic on the local date: the hall's midnight, not UTC's, starts a day.
  const [y, m, d] = localTime(now, timeZone).day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - retentionDays * DAY_MS).toISOString().slice(0, 10);
}

export interface PurgeResult {
  beforeDay: string;
  counts: Record<string, number>;
  total: number;
}

/**
 * Personal data is kept only as long as it is useful for matching bookings and strikes: keyed ID hashes
 * (and mobile numbers) of service days before the retention start are purged, logged and, when anything
 * was purged, counted in the audit log. The event log is untouched: it never held them.
 */
export async function purgePersonalData(
  store: PrivacyStore,
  audit: AuditStore,
  hall: { id: string; timeZone: string; retentionDays: number },
  now: number,
  log: (msg: string, data: Record<string, unknown>) => void = () => {},
): Promise<PurgeResult> {
  const beforeDay = retentionStart(now, hall.timeZone, hall.retentionDays);
  // In slices, the event loop free between them: the first purge after an upgrade may have months to do.
  const counts: Record<string, number> = {};
  for (;;) {
    const slice = await store.purgeIdHashes(hall.id, beforeDay, PURGE_SLICE);
    for (const [table, n] of Object.entries(slice)) counts[table] = (counts[table] ?? 0) + n;
    if (Object.values(slice).every((n) => n < PURGE_SLICE)) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  log('personal data purged', { hall: hall.id, beforeDay, counts, total });
  if (total > 0) {
    const detail = Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ');
    await audit.append({
      hallId: hall.id,
      at: now,
      actor: SYSTEM,
      action: 'privacy.purge',
      summary: `清除 ${beforeDay} 之前的身份证号哈希和手机号：${detail}`,
      summaryEn: `Purged ID hashes and mobile numbers before ${beforeDay}: ${detail}`,
      data: { beforeDay, counts, retentionDays: hall.retentionDays },
    });
  }
  return { beforeDay, counts, total };
}

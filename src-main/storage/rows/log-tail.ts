import type { CallRecord } from '../../app/ports';
import { decodeEvent } from '../sqlite/event-codec';

/**
 * loadHall's recent service times and calls come from the tail of the log: the events of these types, newest
 * first, at most logTailLimit(serviceSamples) of them.
 */
export const LOG_TAIL_TYPES = `'ServiceFinished', 'TicketCalled', 'TicketRecalled'`;

export const logTailLimit = (serviceSamples: number): number => serviceSamples * 50 + 30;

export interface LogTailRow {
  seq: number;
  at: number;
  type: string;
  data: string;
}

/** Folds the tail (newest first) into up to `serviceSamples` service times per category and the day's last 30 calls. */
export function recentFromLogTail(
  hallId: string,
  tail: Iterable<LogTailRow>,
  serviceSamples: number,
  serviceDay: string | null,
): { recentServiceMs: Record<string, number[]>; recentCalls: CallRecord[] } {
  const recentServiceMs: Record<string, number[]> = {};
  const recentCalls: CallRecord[] = [];
  for (const row of tail) {
    const e = decodeEvent(hallId, row.type, row.at, row.data);
    if (e.type === 'ServiceFinished') {
      const list = (recentServiceMs[e.categoryId] ??= []);
      if (list.length < serviceSamples) list.unshift(e.serviceMs);
    } else if ((e.type === 'TicketCalled' || e.type === 'TicketRecalled') && recentCalls.length < 30 && serviceDay && e.ticketId.startsWith(`${serviceDay}/`)) {
      recentCalls.push({ seq: row.seq, ticketId: e.ticketId, windowId: e.windowId, callCount: e.callCount, recall: e.type === 'TicketRecalled', at: row.at });
    }
  }
  return { recentServiceMs, recentCalls };
}

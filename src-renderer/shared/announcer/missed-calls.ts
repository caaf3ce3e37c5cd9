import type { CallView, HallSnapshot } from '../../../src-main/contracts';

/**
 * Calls made while a screen was disconnected, found in the fresh snapshot after it reconnects: still worth
 * announcing when recent (a missed announcement is a missed turn), not when stale. Oldest first.
 */
export function callsMissedWhileAway(lastSeenSeq: number, snapshot: Pick<HallSnapshot, 'recentCalls' | 'serverTime'>, maxAgeMs = 60_000): CallView[] {
  return snapshot.recentCalls.filter((c) => c.seq > lastSeenSeq && snapshot.serverTime - c.at <= maxAgeMs).sort((a, b) => a.seq - b.seq);
}

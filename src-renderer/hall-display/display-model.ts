import type { CallView, HallSnapshot, WindowView } from '../../src-main/contracts';

// What the hall screen shows, computed from the snapshot without Vue so it can be tested on its own.

/** Newest first, one line per ticket: a recall moves the number back to the top instead of listing it twice. */
export function latestCalls(recentCalls: readonly CallView[]): CallView[] {
  const seen = new Set<string>();
  const out: CallView[] = [];
  for (const c of [...recentCalls].sort((a, b) => b.seq - a.seq)) {
    if (seen.has(c.number)) continue;
    seen.add(c.number);
    out.push(c);
  }
  return out;
}

export interface CallLine extends CallView {
  windowNameEn: string;
}

export interface CallBoard {
  newest: CallLine | null;
  /** The few calls before it, shown as tiles under the newest. */
  previous: CallLine[];
  /**
   * The call record: the latest calls with their times, newest first, including those shown large above.
   * It is a log, not "the rest": a screen with four calls on it must never say there were none.
   */
  history: CallLine[];
}

export function callBoard(recentCalls: readonly CallView[], windows: readonly WindowView[], tiles = 3, historyRows = 8): CallBoard {
  const en = new Map(windows.map((w) => [w.id, w.nameEn ?? '']));
  const calls = latestCalls(recentCalls).map((c) => ({ ...c, windowNameEn: en.get(c.windowId) ?? '' }));
  return { newest: calls[0] ?? null, previous: calls.slice(1, 1 + tiles), history: calls.slice(0, historyRows) };
}

export interface QueueRow {
  categoryId: string;
  name: string;
  nameEn: string;
  waiting: number;
  /** null while no window serving the category is open. */
  estimatedMinutes: number | null;
  nextNumbers: string[];
}

export function queueRows(s: HallSnapshot, nextShown = 3): QueueRow[] {
  const queues = new Map(s.queues.map((q) => [q.categoryId, q]));
  return s.categories.map((c) => {
    const q = queues.get(c.id);
    return {
      categoryId: c.id,
      name: c.name,
      nameEn: c.nameEn,
      waiting: q?.waiting ?? 0,
      estimatedMinutes: q ? q.estimatedMinutes : null,
      nextNumbers: (q?.nextNumbers ?? []).slice(0, nextShown),
    };
  });
}

/** "3号窗口" from the window id; the configured name (企业服务三窗) is shown beside it. */
export function windowLabel(windowId: number): { zh: string; en: string } {
  return { zh: `${windowId}号窗口`, en: `Window ${windowId}` };
}

import type { StoredEvent } from '../../app/ports';
import type { StatisticsProjector } from '../../app/statistics/statistics-projector';

/** An event log as the read side reads it: SQLite's answers at once, PostgreSQL's in a promise. */
export interface LogReader {
  /** Up to `limit` events of the hall after `afterSeq`, in order. */
  read(hallId: string, afterSeq: number, limit: number): StoredEvent[] | Promise<StoredEvent[]>;
  /** The hall's last sequence number (0: no events). */
  lastSeq(hallId: string): number | Promise<number>;
}

/**
 * Applies every hall's new events, a chunk per transaction. `pause` runs between full chunks (the worker
 * lets its messages in there); `stop` is asked before each chunk.
 */
export async function catchUp(
  reader: LogReader,
  projectors: Iterable<StatisticsProjector>,
  chunk: number,
  hooks: { progress?: (hallId: string, seq: number) => void; pause?: () => Promise<void>; stop?: () => boolean } = {},
): Promise<void> {
  for (const p of projectors) {
    for (;;) {
      if (hooks.stop?.()) return;
      const events = await reader.read(p.hallId, p.position, chunk);
      // Stopped while the read was on its way (PostgreSQL): the projector's store may be closing.
      if (hooks.stop?.()) return;
      if (events.length === 0) break;
      p.apply(events);
      hooks.progress?.(p.hallId, events.at(-1)!.seq);
      if (events.length < chunk) break;
      await hooks.pause?.();
    }
  }
}

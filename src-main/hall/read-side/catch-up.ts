import type { StatisticsProjector } from '../../app/statistics/statistics-projector';
import type { EventLogReader } from '../../storage/sqlite/event-log-reader';

/**
 * Applies every hall's new events, a chunk per transaction. `pause` runs between full chunks (the worker
 * lets its messages in there); `stop` is asked before each chunk.
 */
export async function catchUp(
  reader: EventLogReader,
  projectors: Iterable<StatisticsProjector>,
  chunk: number,
  hooks: { progress?: (hallId: string, seq: number) => void; pause?: () => Promise<void>; stop?: () => boolean } = {},
): Promise<void> {
  for (const p of projectors) {
    for (;;) {
      if (hooks.stop?.()) return;
      const events = reader.read(p.hallId, p.position, chunk);
      if (events.length === 0) break;
      p.apply(events);
      hooks.progress?.(p.hallId, events.at(-1)!.seq);
      if (events.length < chunk) break;
      await hooks.pause?.();
    }
  }
}

import type { StoredEvent } from '../../app/ports';
import type { LoggedEventRow } from '../rows/event-rows';
import { rowToStoredEvent } from '../rows/event-rows';
import type { Db } from './open-database';

/** Reads a hall's event log in order; works on a read-only connection (the projector's). */
export class EventLogReader {
  private readonly hallNo;
  private readonly page;
  private readonly last;
  private readonly numbers = new Map<string, number>();

  constructor(db: Db) {
    this.hallNo = db.prepare(`SELECT no FROM hall_numbers WHERE id = ?`).pluck();
    this.page = db.prepare(`SELECT seq, at, type, actor_kind, actor_id, data FROM event_log WHERE hall = ? AND seq > ? ORDER BY seq LIMIT ?`);
    this.last = db.prepare(`SELECT MAX(seq) FROM event_log WHERE hall = ?`).pluck();
  }

  private no(hallId: string): number | undefined {
    let n = this.numbers.get(hallId);
    if (n === undefined) {
      n = this.hallNo.get(hallId) as number | undefined;
      if (n !== undefined) this.numbers.set(hallId, n);
    }
    return n;
  }

  /** Up to `limit` events after `afterSeq`. */
  read(hallId: string, afterSeq: number, limit: number): StoredEvent[] {
    const hall = this.no(hallId);
    if (hall === undefined) return [];
    const rows = this.page.all(hall, afterSeq, limit) as LoggedEventRow[];
    return rows.map((r) => rowToStoredEvent(hallId, r));
  }

  lastSeq(hallId: string): number {
    const hall = this.no(hallId);
    return hall === undefined ? 0 : ((this.last.get(hall) as number | null) ?? 0);
  }
}

import type pg from 'pg';
import type { StoredEvent } from '../../app/ports';
import type { LoggedEventRow } from '../rows/event-rows';
import { rowToStoredEvent } from '../rows/event-rows';
import type { PgDb } from './pg-database';

/** Reads a hall's event log in order, as storage/sqlite/event-log-reader.ts does (the projector uses it). */
export class PgEventLogReader {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  /** Up to `limit` events after `afterSeq`. */
  async read(hallId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<LoggedEventRow>({
      name: 'hq_read_events',
      text: 'SELECT seq, at, type, actor_kind, actor_id, data FROM event_log WHERE hall_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      values: [hallId, afterSeq, limit],
    });
    return rows.map((r) => rowToStoredEvent(hallId, r));
  }

  async lastSeq(hallId: string): Promise<number> {
    const { rows } = await this.pool.query<{ seq: number | null }>({ name: 'hq_last_seq', text: 'SELECT MAX(seq) AS seq FROM event_log WHERE hall_id = $1', values: [hallId] });
    return rows[0]?.seq ?? 0;
  }
}

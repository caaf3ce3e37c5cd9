import type pg from 'pg';
import type { StoredEvent } from '../../app/ports';
import { decodeEvent } from '../sqlite/event-codec';
import type { PgDb } from './pg-database';

/** Reads a hall's event log in order, as storage/sqlite/event-log-reader.ts does (the projector uses it). */
export class PgEventLogReader {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  /** Up to `limit` events after `afterSeq`. */
  async read(hallId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<{ seq: number; at: number; type: string; actor_kind: string; actor_id: string; data: string }>({
      name: 'hq_read_events',
      text: 'SELECT seq, at, type, actor_kind, actor_id, data FROM event_log WHERE hall_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      values: [hallId, afterSeq, limit],
    });
    return rows.map((r) => ({
      hallId,
      seq: r.seq,
      at: r.at,
      actor: { kind: r.actor_kind as StoredEvent['actor']['kind'], id: r.actor_id },
      requestId: null,
      event: decodeEvent(hallId, r.type, r.at, r.data),
    }));
  }

  async lastSeq(hallId: string): Promise<number> {
    const { rows } = await this.pool.query<{ seq: number | null }>({ name: 'hq_last_seq', text: 'SELECT MAX(seq) AS seq FROM event_log WHERE hall_id = $1', values: [hallId] });
    return rows[0]?.seq ?? 0;
  }
}

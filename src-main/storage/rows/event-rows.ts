import type { StoredEvent } from '../../app/ports';
import { decodeEvent } from '../sqlite/event-codec';

/**
 * The columns of an `event_log` row that both stores read back (the tables differ around them: SQLite keys
 * the log by hall number, PostgreSQL by hall id).
 */
export interface LoggedEventRow {
  seq: number;
  at: number;
  type: string;
  actor_kind: string;
  actor_id: string;
  /** The event's fields as JSON text (event-codec.ts). */
  data: string;
}

/** A logged event as the projector reads it back (the event log keeps no request id). */
export const rowToStoredEvent = (hallId: string, r: LoggedEventRow): StoredEvent => ({
  hallId,
  seq: r.seq,
  at: r.at,
  actor: { kind: r.actor_kind as StoredEvent['actor']['kind'], id: r.actor_id },
  requestId: null,
  event: decodeEvent(hallId, r.type, r.at, r.data),
});

import type pg from 'pg';
import type { PrivacyStore } from '../../app/admin-ports';
import type { PgDb } from './pg-database';
import { inTransaction } from './pg-transaction';

/**
 * Purges personal data older than the retention: keyed ID hashes and mobile numbers of tickets and bookings
 * (as SqlitePrivacyStore). The conditions repeat the partial indexes' own, so the planner can use them.
 */
export class PgPrivacyStore implements PrivacyStore {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  purgeIdHashes(hallId: string, beforeDay: string, limit: number): Promise<Record<string, number>> {
    return inTransaction(this.pool, async (c) => {
      const tickets = await c.query(
        `UPDATE tickets SET citizen_id_hash = NULL, contact_mobile = NULL WHERE hall_id = $1 AND id IN (
           SELECT id FROM tickets
           WHERE hall_id = $1 AND id < $2 AND (citizen_id_hash IS NOT NULL OR contact_mobile IS NOT NULL) LIMIT $3)`,
        [hallId, `${beforeDay}/`, limit],
      );
      const bookings = await c.query(
        `UPDATE bookings SET id_hash = NULL, mobile = NULL WHERE hall_id = $1 AND id IN (
           SELECT id FROM bookings
           WHERE hall_id = $1 AND day < $2 AND (id_hash IS NOT NULL OR mobile IS NOT NULL) LIMIT $3)`,
        [hallId, beforeDay, limit],
      );
      // A closed bad-rating case no longer needs the number it was called back on (open ones still do).
      const cases = await c.query(
        `UPDATE rating_cases SET mobile = NULL WHERE hall_id = $1 AND id IN (
           SELECT id FROM rating_cases WHERE hall_id = $1 AND id < $2 AND state = 'closed' AND mobile IS NOT NULL LIMIT $3)`,
        [hallId, `${beforeDay}/`, limit],
      );
      return { tickets: tickets.rowCount ?? 0, bookings: bookings.rowCount ?? 0, cases: cases.rowCount ?? 0 };
    });
  }
}

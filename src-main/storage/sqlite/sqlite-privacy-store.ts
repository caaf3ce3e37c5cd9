import type { PrivacyStore } from '../../app/admin-ports';
import type { Db } from './open-database';

/**
 * Purges personal data older than the retention: keyed ID hashes and mobile numbers of tickets and
 * bookings, and the callback numbers of closed bad-rating cases. Their masked marks (all that screens and exports show) stay; the event log never held any.
 */
export class SqlitePrivacyStore implements PrivacyStore {
  constructor(private readonly db: Db) {}

  purgeIdHashes(hallId: string, beforeDay: string, limit: number): Record<string, number> {
    return this.db.transaction(() => {
      const counts: Record<string, number> = {};
      // Only the rows that still hold personal data are in these partial indexes: a few weeks' worth, however
      // old the hall. The conditions repeat the indexes' own, word for word, so SQLite uses them.
      counts.tickets = this.db
        .prepare(
          `UPDATE tickets SET citizen_id_hash = NULL, contact_mobile = NULL WHERE hall_id = ? AND id IN (
             SELECT id FROM tickets INDEXED BY tickets_with_personal_data
             WHERE hall_id = ? AND id < ? AND (citizen_id_hash IS NOT NULL OR contact_mobile IS NOT NULL) LIMIT ?)`,
        )
        .run(hallId, hallId, `${beforeDay}/`, limit).changes;
      counts.bookings = this.db
        .prepare(
          `UPDATE bookings SET id_hash = NULL, mobile = NULL WHERE hall_id = ? AND id IN (
             SELECT id FROM bookings INDEXED BY bookings_with_personal_data
             WHERE hall_id = ? AND day < ? AND (id_hash IS NOT NULL OR mobile IS NOT NULL) LIMIT ?)`,
        )
        .run(hallId, hallId, beforeDay, limit).changes;
      // A closed bad-rating case no longer needs the number it was called back on (open ones still do).
      counts.cases = this.db
        .prepare(
          `UPDATE rating_cases SET mobile = NULL WHERE hall_id = ? AND id IN (
             SELECT id FROM rating_cases WHERE hall_id = ? AND id < ? AND state = 'closed' AND mobile IS NOT NULL LIMIT ?)`,
        )
        .run(hallId, hallId, `${beforeDay}/`, limit).changes;
      return counts;
    })();
  }
}

import type { PrivacyStore } from '../../app/admin-ports';
import type { Db } from './open-database';

/**
 * Purges personal data older than the retention: keyed ID hashes and mobile numbers of tickets and
 * bookings. Their masked marks (all that screens and exports show) stay; the event log never held any.
 */
export class SqlitePrivacyStore implements PrivacyStore {
  constructor(private readonly db: Db) {}

  purgeIdHashes(hallId: string, beforeDay: string): Record<string, number> {
    return this.db.transaction(() => {
      const tickets = this.columns('tickets');
      const ticketSets = ['citizen_id_hash', 'contact_mobile'].filter((c) => tickets.has(c));
      const counts: Record<string, number> = {};
      // Only the tickets that still hold personal data are in this index: a few weeks' worth, however old the hall.
      counts.tickets = this.db
        .prepare(`UPDATE tickets INDEXED BY tickets_with_personal_data SET ${ticketSets.map((c) => `${c} = NULL`).join(', ')} WHERE hall_id = ? AND id < ? AND (${ticketSets.map((c) => `${c} IS NOT NULL`).join(' OR ')})`)
        .run(hallId, `${beforeDay}/`).changes;
      const bookings = this.columns('bookings');
      const bookingSets = ['id_hash', 'mobile'].filter((c) => bookings.has(c));
      if (bookings.has('day') && bookingSets.length > 0) {
        counts.bookings = this.db
          .prepare(`UPDATE bookings SET ${bookingSets.map((c) => `${c} = NULL`).join(', ')} WHERE hall_id = ? AND day < ? AND (${bookingSets.map((c) => `${c} IS NOT NULL`).join(' OR ')})`)
          .run(hallId, beforeDay).changes;
      }
      return counts;
    })();
  }

  private columns(table: string): Set<string> {
    return new Set((this.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((c) => c.name));
  }
}

import type { PgDb } from '../postgres/pg-database';
import type { HallFences } from '../postgres/pg-hall-store';
import { PgHallStore } from '../postgres/pg-hall-store';
import type { PgHallReader } from './check-hall';

/**
 * The PostgreSQL store of one hall as a server would open it, for the check's reads. It is given the fence
 * of the hall's lease as it stands (read on first use), as if this program held the lease: it never commits.
 */
export function pgHallReader(db: PgDb, hallId: string): PgHallReader {
  let fence: number | undefined;
  const fences: HallFences = { fenceOf: (id) => (id === hallId ? fence : undefined) };
  const store = new PgHallStore(db, fences);
  let ready: Promise<void> | null = null;
  const leased = () =>
    (ready ??= db.pool.query<{ fence: number }>(`SELECT fence FROM hall_leases WHERE hall_id = $1`, [hallId]).then((r) => {
      fence = r.rows[0] ? Number(r.rows[0].fence) : undefined;
    }));
  return {
    async loadHall(id, serviceSamples, bookingsSince) {
      await leased();
      return store.loadHall(id, serviceSamples, bookingsSince);
    },
    async loadRecentRequests(id, sinceAt) {
      await leased();
      return store.loadRecentRequests(id, sinceAt);
    },
  };
}

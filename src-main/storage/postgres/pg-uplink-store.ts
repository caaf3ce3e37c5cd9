import type pg from 'pg';
import type { UplinkState, UplinkStateStore } from '../../app/link-ports';
import type { UplinkStateRow } from '../rows/uplink-rows';
import { rowToUplinkState, uplinkStateToRow } from '../rows/uplink-rows';
import type { PgDb } from './pg-database';

/** A township hall's upload position and catalogue state (as SqliteUplinkStore; table uplink_state). */
export class PgUplinkStore implements UplinkStateStore {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  async load(hallId: string): Promise<UplinkState | undefined> {
    const { rows } = await this.pool.query<UplinkStateRow>({ name: 'hq_uplink_load', text: `SELECT * FROM uplink_state WHERE hall_id = $1`, values: [hallId] });
    return rows[0] ? rowToUplinkState(rows[0]) : undefined;
  }

  async save(state: UplinkState): Promise<void> {
    const r = uplinkStateToRow(state);
    await this.pool.query({
      name: 'hq_uplink_save',
      text: `INSERT INTO uplink_state (hall_id, acked_seq, catalogue_version, catalogue_refused, updated_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (hall_id) DO UPDATE SET acked_seq = EXCLUDED.acked_seq, catalogue_version = EXCLUDED.catalogue_version,
               catalogue_refused = EXCLUDED.catalogue_refused, updated_at = EXCLUDED.updated_at`,
      values: [r.hall_id, r.acked_seq, r.catalogue_version, r.catalogue_refused, r.updated_at],
    });
  }
}

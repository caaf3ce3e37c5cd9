import type { UplinkState, UplinkStateStore } from '../../app/link-ports';
import type { Db } from './open-database';
import type { UplinkStateRow } from '../rows/uplink-rows';
import { rowToUplinkState, uplinkStateToRow } from '../rows/uplink-rows';

/** A township hall's upload position and catalogue state (migration 8, table uplink_state). */
export class SqliteUplinkStore implements UplinkStateStore {
  private readonly select;
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.select = db.prepare(`SELECT * FROM uplink_state WHERE hall_id = ?`);
    this.upsert = db.prepare(
      `INSERT INTO uplink_state (hall_id, acked_seq, catalogue_version, catalogue_refused, updated_at)
       VALUES (@hall_id, @acked_seq, @catalogue_version, @catalogue_refused, @updated_at)
       ON CONFLICT (hall_id) DO UPDATE SET acked_seq = excluded.acked_seq, catalogue_version = excluded.catalogue_version,
         catalogue_refused = excluded.catalogue_refused, updated_at = excluded.updated_at`,
    );
  }

  load(hallId: string): UplinkState | undefined {
    const r = this.select.get(hallId) as UplinkStateRow | undefined;
    return r ? rowToUplinkState(r) : undefined;
  }

  save(state: UplinkState): void {
    this.upsert.run(uplinkStateToRow(state));
  }
}

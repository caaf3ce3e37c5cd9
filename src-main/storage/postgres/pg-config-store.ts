import type pg from 'pg';
import type { ConfigStore, StoredConfigVersion } from '../../app/admin-ports';
import type { ConfigVersionRow } from '../rows/config-rows';
import { rowToConfigVersion } from '../rows/config-rows';
import type { PgDb } from './pg-database';

const UNIQUE_VIOLATION = '23505';

/** Every version of each hall's live config; the latest one is in force (as SqliteConfigStore). */
export class PgConfigStore implements ConfigStore {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  async latestConfig(hallId: string): Promise<StoredConfigVersion | undefined> {
    const { rows } = await this.pool.query<ConfigVersionRow>({ name: 'hq_latest_config', text: `SELECT * FROM config_versions WHERE hall_id = $1 ORDER BY version DESC LIMIT 1`, values: [hallId] });
    return rows[0] ? rowToConfigVersion(rows[0]) : undefined;
  }

  async latestFileVersion(hallId: string): Promise<StoredConfigVersion | undefined> {
    const { rows } = await this.pool.query<ConfigVersionRow>({
      name: 'hq_latest_file_config',
      text: `SELECT * FROM config_versions WHERE hall_id = $1 AND source = 'file' ORDER BY version DESC LIMIT 1`,
      values: [hallId],
    });
    return rows[0] ? rowToConfigVersion(rows[0]) : undefined;
  }

  async saveConfig(v: Omit<StoredConfigVersion, 'version'>): Promise<number> {
    // Two servers saving at once (one starting, one still running the hall) would both take MAX + 1: the
    // second then meets the key and takes the next number.
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows } = await this.pool.query<{ version: number }>({
          name: 'hq_save_config',
          text: `INSERT INTO config_versions (hall_id, version, at, actor_kind, actor_id, source, file_digest, config)
                 VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM config_versions WHERE hall_id = $1), $2, $3, $4, $5, $6, $7)
                 RETURNING version`,
          values: [v.hallId, v.at, v.actor.kind, v.actor.id, v.source, v.fileDigest, JSON.stringify(v.config)],
        });
        return rows[0]!.version;
      } catch (err) {
        if (attempt >= 4 || (err as { code?: unknown }).code !== UNIQUE_VIOLATION) throw err;
      }
    }
  }
}

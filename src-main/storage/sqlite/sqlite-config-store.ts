import type { ConfigStore, StoredConfigVersion } from '../../app/admin-ports';
import type { ConfigVersionRow } from '../rows/config-rows';
import { rowToConfigVersion } from '../rows/config-rows';
import type { Db } from './open-database';

/** Every version of each hall's live config (migration 4); the latest one is in force. */
export class SqliteConfigStore implements ConfigStore {
  private readonly latest;
  private readonly latestFile;
  private readonly insert;

  constructor(private readonly db: Db) {
    this.latest = db.prepare(`SELECT * FROM config_versions WHERE hall_id = ? ORDER BY version DESC LIMIT 1`);
    this.latestFile = db.prepare(`SELECT * FROM config_versions WHERE hall_id = ? AND source = 'file' ORDER BY version DESC LIMIT 1`);
    this.insert = db.prepare(
      `INSERT INTO config_versions (hall_id, version, at, actor_kind, actor_id, source, file_digest, config)
       VALUES (?, (SELECT COALESCE(MAX(version), 0) + 1 FROM config_versions WHERE hall_id = ?), ?, ?, ?, ?, ?, ?)
       RETURNING version`,
    );
  }

  latestConfig(hallId: string): StoredConfigVersion | undefined {
    const r = this.latest.get(hallId) as ConfigVersionRow | undefined;
    return r ? rowToConfigVersion(r) : undefined;
  }

  latestFileVersion(hallId: string): StoredConfigVersion | undefined {
    const r = this.latestFile.get(hallId) as ConfigVersionRow | undefined;
    return r ? rowToConfigVersion(r) : undefined;
  }

  saveConfig(v: Omit<StoredConfigVersion, 'version'>): number {
    const r = this.insert.get(v.hallId, v.hallId, v.at, v.actor.kind, v.actor.id, v.source, v.fileDigest, JSON.stringify(v.config)) as { version: number };
    return r.version;
  }
}

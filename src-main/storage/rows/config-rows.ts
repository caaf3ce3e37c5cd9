import type { StoredConfigVersion } from '../../app/admin-ports';

/** A row of `config_versions`, as both stores read it. */
export interface ConfigVersionRow {
  hall_id: string;
  version: number;
  at: number;
  actor_kind: string;
  actor_id: string;
  source: StoredConfigVersion['source'];
  file_digest: string | null;
  /** The config as JSON text. */
  config: string;
}

export const rowToConfigVersion = (r: ConfigVersionRow): StoredConfigVersion => ({
  hallId: r.hall_id,
  version: r.version,
  at: r.at,
  actor: { kind: r.actor_kind as StoredConfigVersion['actor']['kind'], id: r.actor_id },
  source: r.source,
  fileDigest: r.file_digest,
  config: JSON.parse(r.config) as unknown,
});

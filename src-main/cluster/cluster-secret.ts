import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * The secret servers of one cluster show each other when relaying a client (relay-trust.ts): given, or kept
 * in the shared database, where every server that may run a hall can read it anyway. The first server to
 * start makes it.
 */
export async function clusterSecret(pool: Pool, given: string | undefined): Promise<string> {
  if (given) return given;
  await pool.query({
    name: 'cluster-secret-make',
    text: `INSERT INTO store_meta (key, value) VALUES ('cluster_secret', $1) ON CONFLICT (key) DO NOTHING`,
    values: [randomBytes(32).toString('base64url')],
  });
  const r = await pool.query<{ value: string }>({ name: 'cluster-secret-read', text: `SELECT value FROM store_meta WHERE key = 'cluster_secret'` });
  return r.rows[0]!.value;
}

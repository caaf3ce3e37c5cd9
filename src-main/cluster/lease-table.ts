import type { Pool } from 'pg';

// The SQL of hall ownership. Times are the database's (now()), never a server's clock: servers whose clocks
// disagree still agree on whether a lease has run out. Each lease carries a fencing number that grows with
// every new owner; the hall store checks it inside every commit (storage/postgres/pg-hall-store.ts).

export interface LeaseRow {
  hallId: string;
  owner: string | null;
  fence: number;
  /** Whether expires_at is still ahead of the database's clock. */
  live: boolean;
  ownerUrl: string | null;
}

export interface InstanceRow {
  id: string;
  url: string;
}

export class LeaseTable {
  constructor(
    private readonly pool: Pool,
    private readonly leaseMs: number,
  ) {}

  /** Says this server is alive, and where other servers reach it. */
  async heartbeat(instanceId: string, url: string, startedAt: number): Promise<void> {
    await this.pool.query({
      name: 'cluster-heartbeat',
      text: `INSERT INTO cluster_instances (id, url, started_at, heartbeat_at) VALUES ($1, $2, $3, now())
             ON CONFLICT (id) DO UPDATE SET url = excluded.url, heartbeat_at = now()`,
      values: [instanceId, url, startedAt],
    });
  }

  /** Servers heard from within one lease time. */
  async liveInstances(): Promise<InstanceRow[]> {
    const r = await this.pool.query<InstanceRow>({
      name: 'cluster-live-instances',
      text: `SELECT id, url FROM cluster_instances WHERE heartbeat_at > now() - make_interval(secs => $1::float8 / 1000) ORDER BY id`,
      values: [this.leaseMs],
    });
    return r.rows;
  }

  async leases(): Promise<LeaseRow[]> {
    const r = await this.pool.query<LeaseRow>({
      name: 'cluster-leases',
      text: `SELECT l.hall_id AS "hallId", l.owner, l.fence, l.expires_at > now() AS live, i.url AS "ownerUrl"
             FROM hall_leases l LEFT JOIN cluster_instances i ON i.id = l.owner`,
    });
    return r.rows;
  }

  /**
   * Takes the hall if nobody holds a live lease on it; returns the new fencing number, or null. The row
   * is locked FOR UPDATE, so a commit of the previous owner that is still running finishes first, and any
   * later commit of it sees the new number and is refused.
   */
  async tryAcquire(hallId: string, instanceId: string): Promise<number | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query({ name: 'lease-ensure', text: `INSERT INTO hall_leases (hall_id) VALUES ($1) ON CONFLICT (hall_id) DO NOTHING`, values: [hallId] });
      const cur = await client.query<{ owner: string | null; live: boolean }>({
        name: 'lease-lock',
        text: `SELECT owner, expires_at > now() AS live FROM hall_leases WHERE hall_id = $1 FOR UPDATE`,
        values: [hallId],
      });
      const row = cur.rows[0]!;
      if (row.live && row.owner !== null && row.owner !== instanceId) {
        await client.query('ROLLBACK');
        return null;
      }
      const r = await client.query<{ fence: number }>({
        name: 'lease-take',
        text: `UPDATE hall_leases SET owner = $2, fence = fence + 1, expires_at = now() + make_interval(secs => $3::float8 / 1000)
               WHERE hall_id = $1 RETURNING fence`,
        values: [hallId, instanceId, this.leaseMs],
      });
      await client.query('COMMIT');
      return r.rows[0]!.fence;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * Extends the leases this server still holds with these fencing numbers; returns the halls it renewed.
   * A plain UPDATE of a non-key column: it does not wait for commits holding FOR KEY SHARE on the row.
   */
  async renew(instanceId: string, held: ReadonlyMap<string, number>): Promise<Set<string>> {
    if (held.size === 0) return new Set();
    const r = await this.pool.query<{ hall_id: string }>({
      name: 'lease-renew',
      text: `UPDATE hall_leases l SET expires_at = now() + make_interval(secs => $2::float8 / 1000)
             FROM unnest($3::text[], $4::bigint[]) AS h(hall_id, fence)
             WHERE l.hall_id = h.hall_id AND l.fence = h.fence AND l.owner = $1
             RETURNING l.hall_id`,
      values: [instanceId, this.leaseMs, [...held.keys()], [...held.values()]],
    });
    return new Set(r.rows.map((row) => row.hall_id));
  }

  /** Gives a hall up at once (graceful stop, rebalancing): another server may take it without waiting. */
  async release(hallId: string, instanceId: string, fence: number): Promise<void> {
    await this.pool.query({
      name: 'lease-release',
      text: `UPDATE hall_leases SET owner = NULL, expires_at = 'epoch' WHERE hall_id = $1 AND owner = $2 AND fence = $3`,
      values: [hallId, instanceId, fence],
    });
  }

  /** Servers not heard from for a day (killed, never stopped) leave the list. */
  async pruneInstances(): Promise<void> {
    await this.pool.query({ name: 'cluster-prune', text: `DELETE FROM cluster_instances WHERE heartbeat_at < now() - interval '1 day'` });
  }

  async forgetInstance(instanceId: string): Promise<void> {
    await this.pool.query({ name: 'cluster-forget', text: `DELETE FROM cluster_instances WHERE id = $1`, values: [instanceId] });
  }
}

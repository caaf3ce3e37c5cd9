import type { ClusterOptions } from '../hall/server-storage';

/** A connection string without its password, for banners and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

export class ClusterFlagError extends Error {}

/** --database / DATABASE_URL: a PostgreSQL connection string, or nothing (then the SQLite file). */
export function databaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ClusterFlagError(`--database must be a PostgreSQL URL such as postgres://hall@db.example:5432/halls, not "${raw.replace(/:[^:@/]*@/, ':***@')}"`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new ClusterFlagError(`--database must be a postgres:// or postgresql:// URL (not ${u.protocol}); leave it out to keep the hall in the SQLite file given by --data`);
  }
  return raw;
}

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ClusterFlagError(`${name} must be a positive whole number of milliseconds, not "${raw}"`);
  return n;
}

/** Cluster settings from flags and environment (docs/OPERATIONS.md, "Several hall servers"). */
export function clusterOptionsFrom(flags: { 'instance-id'?: string | undefined; 'advertise-url'?: string | undefined }, env: NodeJS.ProcessEnv): ClusterOptions {
  const advertiseUrl = flags['advertise-url'] ?? env.HALL_ADVERTISE_URL;
  if (advertiseUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(advertiseUrl);
    } catch {
      throw new ClusterFlagError(`--advertise-url "${advertiseUrl}" is not a URL (e.g. http://10.0.0.5:8080)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ClusterFlagError(`--advertise-url must be http:// or https://, not ${u.protocol}`);
  }
  const instanceId = flags['instance-id'] ?? env.HALL_INSTANCE_ID;
  if (instanceId !== undefined && !/^[\w.-]{1,64}$/.test(instanceId)) throw new ClusterFlagError(`--instance-id "${instanceId}" may hold letters, digits, '.', '-' and '_' (at most 64)`);
  const leaseMs = positive('HALL_LEASE_MS', env.HALL_LEASE_MS);
  const roundMs = positive('HALL_LEASE_ROUND_MS', env.HALL_LEASE_ROUND_MS);
  if (leaseMs !== undefined && (roundMs ?? 500) * 3 > leaseMs) throw new ClusterFlagError(`HALL_LEASE_MS (${leaseMs}) must be at least three lease rounds (${roundMs ?? 500} ms each)`);
  return { instanceId, advertiseUrl, leaseMs, roundMs, secret: env.HALL_CLUSTER_SECRET || undefined };
}

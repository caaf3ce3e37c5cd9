import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { clusterSecret } from '../cluster/cluster-secret';
import { HallLeaser } from '../cluster/hall-leaser';
import { LeaseTable } from '../cluster/lease-table';
import type { CityNonceStore, CityViewStore } from '../app/link-ports';
import type { ProvinceUploadStore } from '../app/province-ports';
import { SqliteProvinceStore } from '../storage/sqlite/sqlite-province-store';
import type { RelayDeps } from '../cluster/socket-relay';
import type { HallConfig } from '../contracts';
import type { PgDb } from '../storage/postgres';
import type { Db } from '../storage/sqlite';
import { openDatabase, SqliteAccountStore, SqliteCityStore, SqliteDeviceReportLog, SqliteHallStore, SqliteUplinkStore } from '../storage/sqlite';
import { adminStores } from './admin-setup';
import type { HallHost, StoreSet } from './hall-host';
import { keyMover } from './id-hash-key';
import type { Logger } from './logger';
import type { LogSource } from './read-side/log-source';
import { ThreadedHallStore } from './write-side/threaded-hall-store';

/** How a PostgreSQL server takes part in a cluster (every field has a default). */
export interface ClusterOptions {
  /** This server's name in the cluster; unique per running process (default: host name, pid, random). */
  instanceId?: string | undefined;
  /** Where other servers reach this one (default: the URL it listens on). */
  advertiseUrl?: string | undefined;
  /** Lease length: a dead server's halls are taken over this long after its last renewal (default 3000). */
  leaseMs?: number | undefined;
  /** How often leases are renewed and free halls looked for (default 500). */
  roundMs?: number | undefined;
  /** The secret relayed requests carry (default: one kept in the database). */
  secret?: string | undefined;
  /** How long a relayed handshake waits for a hall between owners (default 10000). */
  relayWaitMs?: number | undefined;
}

export interface ClusterRuntime {
  instanceId: string;
  secret: string;
  leaser: HallLeaser;
  /** For the socket relay: connections are for the halls of the configs only. */
  relayDeps(host: HallHost): RelayDeps;
  /**
   * For the HTTP relay: `/api/halls/<id>/…` of every leased id, the city's linked members included (their
   * uploads go to the server holding the mirror); `runsHere` also counts the mirrors held here.
   */
  httpRelayDeps(host: HallHost, holdsMirror: (hallId: string) => boolean): RelayDeps;
  /** The city overview's shared table (city_hall_views) and the linked halls' nonces (city_link_nonces). */
  cityViews: CityViewStore & CityNonceStore;
  start(how: { url: string; open(hallId: string): Promise<void>; close(hallId: string, why: string): Promise<void>; log: Logger }): Promise<void>;
  stop(): Promise<void>;
}

export interface ServerStorage {
  stores: StoreSet;
  logSource: LogSource;
  db: Db | null;
  cluster: ClusterRuntime | null;
  /** The provincial 好差评 upload's position (province_uploads). */
  province: ProvinceUploadStore;
  health?: () => object;
  close(): Promise<void>;
}

interface StorageOptions {
  configs: readonly HallConfig[];
  dbFile: string;
  writer?: 'thread' | 'inline' | undefined;
  database?: string | undefined;
  cluster?: ClusterOptions | undefined;
  /** A city platform's linked members: each one's mirror is leased like a hall (PostgreSQL). */
  linkedHalls?: readonly string[] | undefined;
}

export function openSqliteStorage(opts: StorageOptions): ServerStorage {
  // Migration 7 hands any ID hash key still stored in the database to the place the hall's config names.
  const db = openDatabase(opts.dbFile, { moveIdHashKey: keyMover(opts.configs, opts.dbFile) });
  // Queue writes go to the writer thread (the hall's thread never waits for an fsync), unless asked inline.
  const hall = opts.writer === 'inline' ? new SqliteHallStore(db) : new ThreadedHallStore(opts.dbFile);
  return {
    stores: {
      kind: 'sqlite',
      hall,
      accounts: new SqliteAccountStore(db),
      deviceReports: new SqliteDeviceReportLog(db),
      admin: adminStores(db),
      links: { uplink: new SqliteUplinkStore(db), city: new SqliteCityStore(db) },
    },
    logSource: { kind: 'sqlite', file: opts.dbFile },
    db,
    cluster: null,
    province: new SqliteProvinceStore(db),
    async close() {
      if (hall instanceof ThreadedHallStore) await hall.close();
      db.close();
    },
  };
}

export async function openClusterStorage(opts: StorageOptions, log: Logger): Promise<ServerStorage> {
  const url = opts.database!;
  // PostgreSQL's modules are loaded only by servers that use it.
  const { openPgDatabase, pgStores, PgCityViews } = await import('../storage/postgres');
  const { PgProvinceStore } = await import('../storage/postgres/pg-province-store');
  const pg: PgDb = await openPgDatabase(url, { applicationName: 'hall-server' });
  let leaser: HallLeaser | null = null;
  const stores = pgStores(pg, { fenceOf: (hallId: string) => leaser?.fenceOf(hallId) }, (err) => log.error({ err }, 'device report not stored'));
  const c = opts.cluster ?? {};
  const instanceId = c.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const leaseMs = c.leaseMs ?? 3000;
  const table = new LeaseTable(pg.pool, leaseMs);
  let secret: string;
  try {
    secret = await clusterSecret(pg.pool, c.secret);
  } catch (err) {
    await pg.close();
    throw err;
  }
  const configured = opts.configs.map((h) => h.id);
  // Every server of a cluster has the same config files and city file: the same list, in the same order.
  const halls = [...configured, ...(opts.linkedHalls ?? []).filter((id) => !configured.includes(id))];
  const relayDeps = (runsHere: (hallId: string) => boolean, known: readonly string[]): RelayDeps => ({
    knows: (hallId) => known.includes(hallId),
    runsHere,
    ownerOf: (hallId, timeoutMs) => (leaser ? leaser.ownerOf(hallId, timeoutMs) : Promise.resolve(null)),
    secret,
    log,
    waitMs: c.relayWaitMs,
  });
  const cluster: ClusterRuntime = {
    instanceId,
    secret,
    get leaser() {
      if (!leaser) throw new Error('the cluster has not started yet');
      return leaser;
    },
    relayDeps: (host) => relayDeps((hallId) => host.runs(hallId), configured),
    httpRelayDeps: (host, holdsMirror) => relayDeps((hallId) => host.runs(hallId) || holdsMirror(hallId), halls),
    cityViews: new PgCityViews(pg),
    async start(how) {
      leaser = new HallLeaser({ table, instanceId, url: () => how.url, halls, leaseMs, roundMs: c.roundMs ?? 500, open: how.open, close: how.close, log: how.log });
      await leaser.start();
    },
    async stop() {
      await leaser?.stop();
    },
  };
  return {
    stores: { kind: 'postgres', ...stores },
    logSource: { kind: 'postgres', url },
    db: null,
    cluster,
    province: new PgProvinceStore(pg),
    health: () => ({ instance: instanceId, heldHalls: leaser?.heldHalls() ?? [], owners: leaser?.ownersView() ?? {} }),
    close: () => pg.close(),
  };
}

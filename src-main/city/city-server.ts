import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../app/ports';
import type { HallHost, StoreSet } from '../hall/hall-host';
import type { Logger } from '../hall/logger';
import type { ReadSide } from '../hall/read-side/read-side';
import type { HallIo } from '../hall/socket-types';
import type { CityNonceStore, CityViewStore } from '../app/link-ports';
import { RelayTrust } from '../cluster/relay-trust';
import type { HallConfig } from '../contracts';
import { CityAccounts } from './city-accounts';
import { CityCatalogue } from './city-catalogue';
import { CityHub } from './city-hub';
import { CityLive } from './city-namespace';
import { CityRoutes } from './city-routes';
import { CityShare } from './city-share';
import type { CitySettings } from './city-settings';
import { CitySettingsError } from './city-settings';
import { LINK_PATH, LinkRoutes } from './link-routes';
import { MemberRegistry } from './member-registry';
import { MirrorHalls, mirrorConfig } from './mirror-halls';

// The city platform inside a hall server (--city): its member halls' live view (/city namespace), the
// linked halls' uploads kept as mirror halls (/api/halls/<id>/uplink/…), the catalogue and the city's
// accounts and statistics (/api/city/…). docs/ARCHITECTURE.md and src-main/contracts/city*.ts.

export interface CityDeps {
  settings: CitySettings;
  host: HallHost;
  stores: StoreSet;
  reads: ReadSide;
  clock: Clock;
  log: Logger;
  /** The client's address (behind trusted proxies: from X-Forwarded-For), for login limits and logs. */
  clientAddress: (req: IncomingMessage) => string;
  /**
   * The ids of the halls this server is configured to run. A member without a key must be one of them, a
   * linked member (with a key) must not: its mirror and the hall itself would write the same log.
   */
  localHalls?: readonly string[] | undefined;
  /**
   * A city on several servers sharing PostgreSQL (src-main/cluster): each linked member's mirror is leased
   * like a hall (holdMirror / releaseMirror), the overview is shared through city_hall_views (city-share.ts)
   * and a watched hall's floor is asked of the server running it.
   */
  cluster?: CityClusterDeps | undefined;
}

export interface CityClusterDeps {
  instanceId: string;
  secret: string;
  views: CityViewStore;
  /** The linked halls' nonces, shared: a request one server saw is a replay at any other. */
  nonces: CityNonceStore;
  /** The city's own halls' configs (every server of the cluster has the same files). */
  localConfigs: ReadonlyMap<string, HallConfig>;
  /** Where the server running a hall (or a linked hall's mirror) is reached; null while nobody runs it. */
  ownerOf: (hallId: string) => Promise<{ id: string; url: string } | null>;
  /** A mirror's commit found another server holding the lease: the leaser forgets the hall. */
  lost: (hallId: string) => void;
}

export interface CityServer {
  /** Answers /api/city/… and /api/halls/<linked member>/uplink/…; false when the request is not the city's. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The `/city` namespace of the hall server's socket.io. */
  attach(io: HallIo): void;
  health(): Record<string, unknown>;
  /** The linked members' ids: on PostgreSQL each one's mirror is leased like a hall. */
  readonly linkedIds: readonly string[];
  /** Whether this server runs the linked hall's mirror (SQLite: every one; PostgreSQL: those it leased). */
  holds(hallId: string): boolean;
  /**
   * This server took the linked hall's lease: its mirror opens from the stored profile, or, without one, at
   * the hall's next hello here. Throws when the mirror cannot be opened (the lease is given back).
   */
  holdMirror(hallId: string): Promise<void>;
  /** The lease is lost or given back: the accepted batches are written, then the mirror is closed. */
  releaseMirror(hallId: string, why: string): Promise<void>;
  close(): Promise<void>;
}

/** How often a linked hall sends its status: often enough that a silent one stands out well before the alert. */
function statusEvery(offlineAlertMinutes: number): number {
  return Math.max(1000, Math.min(30_000, Math.floor((offlineAlertMinutes * 60_000) / 4)));
}

function checkMembers(settings: CitySettings, localHalls: readonly string[] | undefined): void {
  if (!localHalls) return;
  const local = new Set(localHalls);
  const file = settings.file ?? 'city settings';
  settings.config.members.forEach((m, i) => {
    const linked = settings.keys.has(m.id);
    if (linked && local.has(m.id)) {
      throw new CitySettingsError(file, `members[${i}]`, `member ${m.id} has a link key but this server runs that hall itself: a hall is either run here (no key) or linked from its own server (key), not both`);
    }
    if (!linked && !local.has(m.id)) {
      throw new CitySettingsError(file, `members[${i}]`, `member ${m.id} has no link key and this server has no config for it: give keyFile or keyEnv for a linked hall, or a --config for a hall run here`);
    }
  });
}

const FLOOR_PREFIX = '/api/city/floor/';

export async function openCity(deps: CityDeps): Promise<CityServer> {
  const { settings, stores, clock, log } = deps;
  const { config } = settings;
  const cluster = deps.cluster;
  if (stores.kind !== 'sqlite' && !cluster) {
    // A mirror hall's commits go through the hall store, which on PostgreSQL are fenced by the hall's lease.
    throw new CitySettingsError(settings.file ?? 'city settings', '--city', 'a city platform on PostgreSQL (--database) needs the cluster (its mirrors are leased like halls)');
  }
  checkMembers(settings, deps.localHalls);
  const linkedIds = config.members.filter((m) => settings.keys.has(m.id)).map((m) => m.id);
  /** PostgreSQL: the linked halls whose lease this server holds. */
  const held = new Set<string>();
  const holds = cluster ? (id: string) => held.has(id) : undefined;

  const accounts = new CityAccounts(config.id, stores.accounts, clock);
  await accounts.sync(config);
  const catalogue = new CityCatalogue(config.id, stores.links.city, stores.admin.audit, clock);
  await catalogue.load(settings.initialCatalogue);

  const registry = new MemberRegistry(settings, stores.links.city, clock, log);
  registry.restore(await stores.links.city.loadMembers());
  let hub: CityHub | null = null;
  let share: CityShare | null = null;
  const mirrors = new MirrorHalls({ store: stores.hall, reads: deps.reads, clock, log, onCommit: (id) => hub?.changed(id), onRetired: (id) => cluster?.lost(id) });
  hub = new CityHub({
    settings,
    registry,
    mirrors,
    halls: deps.host.halls,
    now: () => clock.now(),
    catalogueVersion: () => catalogue.version,
    holds,
    remote: cluster ? { get: (id) => share?.get(id), floor: (id) => share?.floor(id) } : undefined,
  });
  if (cluster) {
    share = new CityShare({ views: cluster.views, nonces: cluster.nonces, instanceId: cluster.instanceId, secret: cluster.secret, hub, catalogue, ownerOf: cluster.ownerOf, log });
    // Every server projects every member's log (statistics can be asked of any of them); the city's own
    // halls are projected already.
    for (const id of linkedIds) deps.reads.addHall(id);
  }

  // Linked halls come back as they were before the restart, before they say hello again. (On PostgreSQL a
  // mirror opens when its lease is taken: holdMirror.)
  for (const e of cluster ? [] : registry.entries.values()) {
    if (!e.key || !e.profile) continue;
    const check = mirrorConfig(e.id, e.profile);
    if (!check.ok) {
      log.warn({ hall: e.id, issue: check.issues[0] }, 'city: stored profile of a linked hall no longer valid; its mirror opens at its next hello');
      continue;
    }
    try {
      await mirrors.open(e.id, check.config, check.staffNames);
    } catch (err) {
      log.error({ err, hall: e.id }, 'city: mirror of a linked hall could not be opened; tried again at its next hello');
    }
  }

  const link = new LinkRoutes({
    settings,
    registry,
    mirrors,
    hub,
    catalogue,
    clock,
    log,
    runsLocally: (id) => deps.host.halls.has(id) || (deps.localHalls?.includes(id) ?? false),
    statusEveryMs: statusEvery(config.offlineAlertMinutes),
    holds,
    sharedNonces: cluster?.nonces,
  });
  /** The stored profiles of the linked halls other servers run (they may have said hello there since). */
  const refreshProfiles = async () => {
    for (const r of await stores.links.city.loadMembers()) if (!held.has(r.hallId)) registry.refresh(r);
  };
  const routes = new CityRoutes({
    settings,
    accounts,
    catalogue,
    registry,
    mirrors,
    halls: deps.host.halls,
    hub,
    reads: deps.reads,
    log,
    clientAddress: deps.clientAddress,
    cluster: cluster && share ? { localConfigs: cluster.localConfigs, remote: share, refreshProfiles } : undefined,
  });
  const live = new CityLive({ hub, accounts, clock, log, fetchFloor: share ? (id) => share.fetchFloor(id) : undefined });
  if (share) {
    share.watched = () => live.watched();
    await share.start();
  }
  const relayTrust = cluster ? new RelayTrust(cluster.secret) : null;
  log.info({ city: config.id, members: registry.entries.size, mirrors: mirrors.size, catalogue: catalogue.version }, 'city platform ready');

  let closed = false;
  const cityHub = hub;
  /** Leases taken and given back one at a time per hall. */
  const leaseChains = new Map<string, Promise<void>>();
  const serial = (hallId: string, fn: () => Promise<void>): Promise<void> => {
    const next = (leaseChains.get(hallId) ?? Promise.resolve()).then(fn, fn);
    const tail = next.catch(() => undefined);
    leaseChains.set(hallId, tail);
    void tail.then(() => {
      if (leaseChains.get(hallId) === tail) leaseChains.delete(hallId);
    });
    return next;
  };

  /** GET /api/city/floor/<id>: another server of the city asks for the floor of a hall this one runs. */
  const floorRoute = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    };
    if (!relayTrust?.fromRelay(req)) return answer(403, { ok: false, code: 'FORBIDDEN', message: '仅限市平台的服务器之间使用', messageEn: 'Only for the servers of the city platform (cluster secret)' });
    if (req.method !== 'GET') return answer(405, { ok: false, code: 'METHOD_NOT_ALLOWED', message: '请求方法不被允许', messageEn: 'Use GET' });
    let hallId: string;
    try {
      hallId = decodeURIComponent(path.slice(FLOOR_PREFIX.length));
    } catch {
      return answer(400, { ok: false, code: 'INVALID_PAYLOAD', message: '大厅编号无效', messageEn: 'Malformed hall id' });
    }
    const floor = cityHub.runsHere(hallId) ? cityHub.floor(hallId) : null;
    if (!floor) return answer(404, { ok: false, code: 'NO_DATA', message: '本服务器没有该大厅的数据', messageEn: `This server does not run hall "${hallId.slice(0, 60)}"` });
    answer(200, floor);
  };

  return {
    linkedIds,
    holds: (hallId) => (cluster ? held.has(hallId) : registry.linked(hallId) !== undefined),
    holdMirror(hallId) {
      return serial(hallId, async () => {
        const e = registry.linked(hallId);
        if (!e) throw new Error(`"${hallId}" is not a linked member of city ${config.id}`);
        // The profile (and last contact) as the hall's previous server left them.
        const record = (await stores.links.city.loadMembers()).find((r) => r.hallId === hallId);
        if (record) registry.refresh(record);
        // A mirror left open here from before (a hello that came in as the lease went) is behind the store.
        await mirrors.closeOne(hallId);
        if (e.profile) {
          const check = mirrorConfig(hallId, e.profile);
          if (check.ok) await mirrors.open(hallId, check.config, check.staffNames);
          else log.warn({ hall: hallId, issue: check.issues[0] }, 'city: stored profile of a linked hall no longer valid; its mirror opens at its next hello');
        }
        held.add(hallId);
        cityHub.changed(hallId);
        log.info({ hall: hallId, mirror: mirrors.get(hallId) !== undefined }, 'city: took the linked hall’s mirror');
      });
    },
    releaseMirror(hallId, why) {
      return serial(hallId, async () => {
        held.delete(hallId);
        // A hello or batch already under way finishes first (later ones are refused: not held).
        await link.settled(hallId);
        await mirrors.closeOne(hallId);
        await registry.flush();
        cityHub.changed(hallId);
        log.info({ hall: hallId, why }, 'city: gave up the linked hall’s mirror');
      });
    },
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      if (path.startsWith(FLOOR_PREFIX) && cluster) {
        floorRoute(req, res, path);
        return true;
      }
      if (path === '/api/city' || path.startsWith('/api/city/')) {
        void routes.handle(req, res, path, url);
        return true;
      }
      const m = LINK_PATH.exec(path);
      if (m) {
        void link.handle(req, res, m).catch((err: unknown) => {
          log.error({ err, path }, 'city: link handler failed');
          if (!res.headersSent) res.writeHead(500).end();
        });
        return true;
      }
      return false;
    },
    attach(io) {
      live.attach(io);
    },
    health() {
      return { id: config.id, ...cityHub.counts(), mirrors: mirrors.size, ...(cluster ? { heldMirrors: [...held] } : {}), catalogueVersion: catalogue.version, connections: live.connections };
    },
    async close() {
      if (closed) return;
      closed = true;
      live.stop();
      await share?.stop();
      cityHub.stop();
      await mirrors.close();
      await registry.flush();
    },
  };
}

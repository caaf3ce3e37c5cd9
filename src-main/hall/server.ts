import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Clock } from '../app/ports';
import { systemClock } from '../app/ports';
import { relayHallRequests } from '../cluster/http-relay';
import { RelayTrust } from '../cluster/relay-trust';
import { relayMiddleware, wireRelay } from '../cluster/socket-relay';
import type { HallConfig, ServerLoadView } from '../contracts';
import { LINK_MAX_BODY_BYTES, snapshotInput } from '../contracts';
import type { Db } from '../storage/sqlite';
import type { CityServer } from '../city/city-server';
import { openCity } from '../city/city-server';
import type { CitySettings } from '../city/city-settings';
import type { RunningUplinks } from '../edge/uplinks';
import { startUplinks } from '../edge/uplinks';
import type { UplinkSettings } from '../edge/uplink-settings';
import { handleProvinceRoute } from '../province/province-route';
import type { ProvinceSettings } from '../province/province-settings';
import type { RunningProvinceUploads } from '../province/province-uploads';
import { startProvinceUploads } from '../province/province-uploads';
import { readModelFile } from '../storage/sqlite/read-model/read-database';
import { ackParser } from './ack-parser';
import { supervisionTicks } from './admin-setup';
import { errorAck, handle, MAX_PAYLOAD_BYTES } from './event-handler';
import { joinWindowRooms, registerCounter } from './handlers/counter';
import { registerAdmin } from './handlers/admin';
import { registerDisplay } from './handlers/display';
import { registerKiosk } from './handlers/kiosk';
import { registerMobile } from './handlers/mobile';
import { ALL_EVENTS, ROLE_EVENTS } from './handlers/role-events';
import { snapshotFor } from './handlers/snapshot';
import { windowOfStaff } from './handlers/staff-window';
import { registerSupervisor } from './handlers/supervisor';
import { registerCases } from './handlers/cases';
import { HallHost } from './hall-host';
import type { HallRegistry, HallRuntime } from './hall-runtime';
import { createRequestHandler } from './http-routes';
import type { LiveConfig } from './live-config';
import { LiveSessions } from './live-sessions';
import { LoadMonitor } from './load-monitor';
import type { Logger } from './logger';
import { createLogger } from './logger';
import { ReadSide } from './read-side/read-side';
import { rooms } from './rooms';
import type { ClusterOptions } from './server-storage';
import { openClusterStorage, openSqliteStorage } from './server-storage';
import { socketAuth } from './socket-auth';
import type { HallIo, HallSocket } from './socket-types';
import { ClientAddresses } from './transport/client-address';
import { OriginPolicy } from './transport/origin-policy';
import { inlineHashesOfDir, withSecurityHeaders } from './transport/security-headers';
import { requirePhoneOrigin, secureSocketTransport } from './transport/socket-transport';

export type { ClusterOptions } from './server-storage';

const UPLINK_PATH = /^\/api\/halls\/[^/]+\/uplink(?:\/|$)/;

/**
 * The largest socket.io message (engine.io's maxHttpBufferSize): the app's payload limit and 1 KiB for the
 * event name, ack id and framing. A bigger message is dropped before it is parsed and its connection closed:
 * no 900 KB of nested arrays from an anonymous phone reaches the decoder.
 */
export const MAX_SOCKET_MESSAGE_BYTES = MAX_PAYLOAD_BYTES + 1024;

export interface HallServerOptions {
  configs: HallConfig[];
  /** SQLite file path. The read models go beside it (hall.sqlite → hall.read.sqlite). */
  dbFile: string;
  port?: number | undefined;
  host?: string | undefined;
  clock?: Clock | undefined;
  staticDir?: string | null | undefined;
  log?: Logger | undefined;
  /** How often to check for the end of the service day and refresh time-dependent summaries. */
  tickMs?: number | undefined;
  /** Where the queue's durable writes run: a writer thread (default) or the hall's own thread. */
  writer?: 'thread' | 'inline' | undefined;
  /** Events per statistics projector transaction (default 2000). */
  projectorChunk?: number | undefined;
  /** Load each hall's config file as its new live config instead of the database's latest version. */
  resetConfig?: boolean | undefined;
  /** Serve HTTPS and WSS with this certificate chain and key (PEM; transport/tls-files.ts); plain HTTP without. */
  tls?: { cert: string; key: string } | undefined;
  /** Reverse proxies (addresses, CIDR ranges) whose X-Forwarded-For names the client; none by default. */
  trustProxy?: readonly string[] | undefined;
  /** Browser origins allowed to open sockets; by default the origin the request is addressed to. */
  allowedOrigins?: readonly string[] | undefined;
  /**
   * PostgreSQL connection string: the halls' data live there, shared by every server of a cluster, and
   * each hall is run by the server holding its lease (src-main/cluster). Without it: one SQLite file.
   */
  database?: string | undefined;
  cluster?: ClusterOptions | undefined;
  /** Link this server's halls to a city platform (township or village halls: src-main/edge). */
  uplink?: UplinkSettings | undefined;
  /** Push this server's halls' ratings and case results to the province's 好差评 platform (src-main/province). */
  province?: ProvinceSettings | undefined;
  /** Be a city platform: the live view of member halls, linked halls' uploads, the catalogue (src-main/city). */
  city?: CitySettings | undefined;
}

export interface RunningHallServer {
  url: string;
  port: number;
  io: HallIo;
  halls: HallRegistry;
  /** The SQLite database (a PostgreSQL server has none: reading it throws). */
  readonly db: Db;
  /** Which config each hall runs with (see live-config.ts). */
  liveConfigs: ReadonlyMap<string, LiveConfig>;
  /** This server's id in the cluster (PostgreSQL); null for a SQLite server. */
  instanceId: string | null;
  /** The city platform, when started with `city`. */
  city: CityServer | null;
  uplinks: RunningUplinks | null;
  province: RunningProvinceUploads | null;
  close(): Promise<void>;
}

export async function startHallServer(opts: HallServerOptions): Promise<RunningHallServer> {
  const log = opts.log ?? createLogger();
  const clock = opts.clock ?? systemClock;
  if (opts.dbFile === ':memory:') throw new Error('the hall server needs a database file: its read-side threads open it too');
  // A city's linked members are leased like halls on PostgreSQL: the server holding one runs its mirror.
  const linkedHalls = opts.city ? opts.city.config.members.filter((m) => opts.city!.keys.has(m.id)).map((m) => m.id) : [];
  const storage = opts.database ? await openClusterStorage({ ...opts, linkedHalls }, log) : openSqliteStorage(opts);
  const { stores } = storage;
  const reads = new ReadSide({ eventLog: storage.logSource, readFile: readModelFile(opts.dbFile), halls: opts.configs.map((c) => c.id), log, chunk: opts.projectorChunk, clock });
  const sessions = new LiveSessions(clock, log);
  let baseUrl = '';
  const host = new HallHost({
    stores,
    reads,
    clock,
    log,
    sessions,
    keyBase: opts.dbFile,
    resetConfig: opts.resetConfig === true,
    serverLoad: (): ServerLoadView => load.current(),
    baseUrl: () => baseUrl,
  });
  const halls = host.halls;
  const configs = new Map<string, HallConfig>();
  for (const c of opts.configs) {
    if (configs.has(c.id)) {
      await reads.close();
      await storage.close();
      throw new Error(`two configs use the hall id "${c.id}"`);
    }
    configs.set(c.id, c);
  }

  const load = new LoadMonitor(halls, reads);
  const relay = storage.cluster ? new RelayTrust(storage.cluster.secret) : null;
  // Behind a trusted proxy the client's address comes from X-Forwarded-For: limits and logs use it.
  const addresses = new ClientAddresses(opts.trustProxy ?? [], relay);
  const origins = new OriginPolicy(opts.allowedOrigins ?? [], relay);
  const hallList = () => opts.configs.map((c) => ({ id: c.id, name: (halls.get(c.id)?.config ?? c).name, nameEn: (halls.get(c.id)?.config ?? c).nameEn }));
  let province: RunningProvinceUploads | null = null;
  const local = createRequestHandler({
    halls,
    hallList,
    log,
    startedAt: Date.now(),
    staticDir: opts.staticDir ?? null,
    health: (startedAt) => ({ ...load.health(startedAt), ...storage.health?.(), ...(city ? { city: city.health() } : {}), ...(uplinks ? { uplink: uplinks.health() } : {}), ...(province ? { province: province.health() } : {}) }),
    clientAddress: (req) => addresses.of(req),
    extraRoutes: (req, res, url) => handleProvinceRoute(req, res, url, halls, province),
  });
  let city: CityServer | null = null;
  const cluster = storage.cluster;
  try {
    if (opts.city) {
      city = await openCity({
        settings: opts.city,
        host,
        stores,
        reads,
        clock,
        log,
        clientAddress: (req) => addresses.of(req),
        localHalls: [...configs.keys()],
        cluster: cluster
          ? {
              instanceId: cluster.instanceId,
              secret: cluster.secret,
              views: cluster.cityViews,
              nonces: cluster.cityViews,
              localConfigs: configs,
              ownerOf: async (hallId) => {
                try {
                  return await cluster.leaser.ownerOf(hallId, 0);
                } catch {
                  return null; // the cluster has not started yet
                }
              },
              lost: (hallId) => cluster.leaser.lost(hallId),
            }
          : undefined,
      });
    }
  } catch (err) {
    await reads.close();
    await storage.close();
    throw err;
  }
  const cityFirst = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    if (city?.handle(req, res)) return;
    return local(req, res);
  };
  // In a cluster, a request about a hall another server runs goes there first: a linked member's uploads
  // (/api/halls/<id>/uplink/…) to the server holding its mirror, which answers (and signs) them itself.
  const routed = cluster
    ? relayHallRequests(cluster.httpRelayDeps(host, (hallId) => city?.holds(hallId) ?? false), (req) => addresses.of(req), cityFirst, { bodyLimit: (path) => (UPLINK_PATH.test(path) ? LINK_MAX_BODY_BYTES : undefined) })
    : cityFirst;
  const handler = withSecurityHeaders(routed, { inline: inlineHashesOfDir(opts.staticDir ?? null), tls: opts.tls !== undefined });
  const http = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : createServer(handler);
  const io: HallIo = new Server(http, { maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES, serveClient: false, allowRequest: origins.allowRequest, pingInterval: 10_000, pingTimeout: 8_000, parser: ackParser });
  host.attach(io);
  city?.attach(io);
  // A connection for a hall another server of the cluster runs is relayed there before anything else.
  if (storage.cluster) io.use(relayMiddleware(storage.cluster.relayDeps(host)));
  // Every live connection of a staff or admin session ends with the session (logout, reset, role change, expiry).
  io.use(socketAuth(halls, sessions));
  io.use(requirePhoneOrigin(origins));
  secureSocketTransport(io, addresses, origins, log);

  io.on('connection', (socket: HallSocket) => {
    if (socket.data.relay) return wireRelay(socket, log);
    const hall = halls.get(socket.data.hallId);
    // The hall moved away between the handshake and now: the client reconnects and is relayed.
    if (!hall || !host.runs(socket.data.hallId)) return void socket.conn.close();
    sessions.attach(socket);
    onConnection(socket, hall, log);
  });

  /** What the cluster's leaser opens and closes: a hall of the configs, or a city's linked member's mirror. */
  const openLeased = async (hallId: string) => {
    if (configs.has(hallId)) return openHall(hallId);
    if (!city) throw new Error(`no config for hall "${hallId}"`);
    await city.holdMirror(hallId);
  };
  const closeLeased = async (hallId: string, why: string) => {
    if (configs.has(hallId) || !city) return host.close(hallId, why);
    await city.releaseMirror(hallId, why);
  };
  const openHall = async (hallId: string) => {
    const config = configs.get(hallId);
    if (!config) throw new Error(`no config for hall "${hallId}"`);
    const hall = await host.open(config);
    hall.service.onRetired(() => storage.cluster?.leaser.lost(hallId));
  };
  try {
    // A SQLite server runs every hall it is given; a PostgreSQL server runs those it holds the lease of.
    if (!storage.cluster) for (const id of configs.keys()) await openHall(id);
  } catch (err) {
    // A hall that cannot start stops the server: its threads and database go too.
    await city?.close();
    await host.closeAll();
    await reads.close();
    await storage.close();
    throw err;
  }

  const supervision = supervisionTicks(halls, stores.admin, log, clock, opts.tickMs ?? 15_000);
  const stopLoad = load.onChange((l) => {
    if (l.overloaded) log.warn({ load: l }, 'hall server overloaded');
    for (const id of halls.keys()) io.to(rooms.admins(id)).emit('server:load', l);
  });

  const tick = setInterval(() => {
    sessions.sweep();
    host.tick();
  }, opts.tickMs ?? 15_000);
  tick.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  baseUrl = `${opts.tls ? 'https' : 'http'}://${opts.host && opts.host !== '0.0.0.0' ? opts.host : 'localhost'}:${port}`;
  if (storage.cluster) {
    try {
      await storage.cluster.start({ url: opts.cluster?.advertiseUrl ?? baseUrl, open: openLeased, close: closeLeased, log });
    } catch (err) {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await city?.close();
      await host.closeAll();
      await reads.close();
      await storage.close();
      throw err;
    }
  }
  // Township halls push their logs to the city once they run (src-main/edge).
  const uplinks = opts.uplink ? startUplinks({ settings: opts.uplink, halls, stores, clock, log }) : null;
  // Ratings and case results go to the province's 好差评 platform (src-main/province).
  if (opts.province) province = startProvinceUploads({ settings: opts.province, hallIds: [...configs.keys()], halls, hallStore: stores.hall, store: storage.province, clock, log });
  log.info({ port, halls: [...halls.keys()], instance: storage.cluster?.instanceId, city: opts.city?.config.id, uplink: opts.uplink?.cityUrl }, 'hall server listening');

  let closed = false;
  return {
    url: baseUrl,
    port,
    io,
    halls,
    db: storage.db ?? noSqlite(),
    liveConfigs: host.liveConfigs,
    instanceId: storage.cluster?.instanceId ?? null,
    city,
    uplinks,
    province,
    async close() {
      if (closed) return;
      closed = true;
      await uplinks?.stop();
      await province?.stop();
      clearInterval(tick);
      supervision.stop();
      stopLoad();
      load.stop();
      // Halls are given back first (others take them over at once), their accepted commands written.
      await storage.cluster?.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await city?.close();
      await host.closeAll();
      await reads.close();
      await storage.close();
      log.info('hall server stopped');
    },
  };
}

/** What `db` is on a PostgreSQL server: any use of it says why there is none. */
function noSqlite(): Db {
  return new Proxy({} as Db, {
    get() {
      throw new Error('this hall server keeps its data in PostgreSQL: there is no SQLite database to read');
    },
  });
}

function onConnection(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { role, hallId } = socket.data;
  const allowed = new Set<string>(ROLE_EVENTS[role]);
  socket.onAny((event: string, ...args: unknown[]) => {
    if (allowed.has(event)) return;
    const ack = args.at(-1);
    if (typeof ack !== 'function') return;
    if (ALL_EVENTS.has(event)) {
      ack(errorAck('FORBIDDEN', `当前身份（${role}）不能执行该操作`, `Role "${role}" may not send ${event}`));
    } else {
      ack(errorAck('UNKNOWN_EVENT', `未知的请求：${event.slice(0, 60)}`, `Unknown event "${event.slice(0, 60)}"`));
    }
  });

  const joined: string[] = [];
  if (role === 'display') joined.push(socket.data.windowId !== undefined ? rooms.window(hallId, socket.data.windowId) : rooms.displays(hallId));
  if (role === 'counter') {
    joined.push(rooms.counters(hallId));
    // The cases of this account's services and team (case:changed).
    if (socket.data.username) joined.push(rooms.staff(hallId, socket.data.username));
    // A console reloaded while signed in goes straight back to its window's rooms.
    void joinWindowRooms(socket, hall, windowOfStaff(hall.service.state, socket.data.username!));
  }
  if (role === 'kiosk') joined.push(rooms.kiosks(hallId));
  if (role === 'admin' || role === 'supervisor') joined.push(rooms.admins(hallId));
  void socket.join(joined);

  handle(socket, log, 'hall:snapshot', snapshotInput, () => ({ ok: true, data: snapshotFor(hall, socket) }));
  if (role === 'kiosk') registerKiosk(socket, hall, log);
  if (role === 'counter') registerCounter(socket, hall, log);
  if (role === 'mobile') registerMobile(socket, hall, log);
  if (role === 'admin') registerAdmin(socket, hall, log);
  if (role === 'supervisor') registerSupervisor(socket, hall, log);
  if (role === 'display') registerDisplay(socket, hall, log);
  if (role === 'counter' || role === 'admin' || role === 'supervisor') registerCases(socket, hall, log);

  // A (re)connected client starts from a full picture, so no screen drifts after a network blip.
  socket.emit('hall:snapshot', snapshotFor(hall, socket));
  log.debug({ socket: socket.id, role, hall: hallId, actor: socket.data.actor.id }, 'connected');
}

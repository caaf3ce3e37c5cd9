import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { AuthService } from '../app/auth-service';
import { HallService } from '../app/hall-service';
import type { Clock } from '../app/ports';
import { systemClock } from '../app/ports';
import type { HallConfig } from '../contracts';
import { snapshotInput } from '../contracts';
import type { Db } from '../storage/sqlite';
import { openDatabase, SqliteAccountStore, SqliteDeviceReportLog, SqliteHallStore } from '../storage/sqlite';
import { DeviceBoard } from './device-board';
import { ackParser } from './ack-parser';
import { LoadMonitor } from './load-monitor';
import { ReadSide } from './read-side/read-side';
import { ThreadedHallStore } from './write-side/threaded-hall-store';
import { readModelFile } from '../storage/sqlite/read-model/read-database';
import { NotificationPlanner } from '../app/notification-planner';
import { Broadcaster } from './broadcaster';
import { LogNotifier } from './notify/log-notifier';
import { WebhookNotifier } from './notify/webhook-notifier';
import { errorAck, handle } from './event-handler';
import type { HallRegistry, HallRuntime } from './hall-runtime';
import { createRequestHandler } from './http-routes';
import type { Logger } from './logger';
import { createLogger } from './logger';
import { registerAdmin } from './handlers/admin';
import { registerSupervisor } from './handlers/supervisor';
import { adminParts, adminStores, startSupervision } from './admin-setup';
import type { LiveConfig } from './live-config';
import { resolveLiveConfig } from './live-config';
import { registerDisplay } from './handlers/display';
import { joinWindowRooms, registerCounter } from './handlers/counter';
import { registerKiosk } from './handlers/kiosk';
import { registerMobile } from './handlers/mobile';
import { ALL_EVENTS, ROLE_EVENTS } from './handlers/role-events';
import { snapshotFor } from './handlers/snapshot';
import { windowOfStaff } from './handlers/staff-window';
import { rooms } from './rooms';
import type { HallIo, HallSocket } from './socket-types';
import { socketAuth } from './socket-auth';
import { createServer as createHttpsServer } from 'node:https';
import { ClientAddresses } from './transport/client-address';
import { OriginPolicy } from './transport/origin-policy';
import { inlineHashesOfDir, withSecurityHeaders } from './transport/security-headers';
import { requirePhoneOrigin, secureSocketTransport } from './transport/socket-transport';
import { LiveSessions } from './live-sessions';
import { MAX_PAYLOAD_BYTES } from './event-handler';
import { keyMover, loadIdHashKey } from './id-hash-key';

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
}

export interface RunningHallServer {
  url: string;
  port: number;
  io: HallIo;
  halls: HallRegistry;
  db: Db;
  /** Which config each hall runs with (see live-config.ts). */
  liveConfigs: ReadonlyMap<string, LiveConfig>;
  close(): Promise<void>;
}

export async function startHallServer(opts: HallServerOptions): Promise<RunningHallServer> {
  const log = opts.log ?? createLogger();
  const clock = opts.clock ?? systemClock;
  // Migration 7 hands any ID hash key still stored in the database to the place the hall's config names.
  const db = openDatabase(opts.dbFile, { moveIdHashKey: keyMover(opts.configs, opts.dbFile) });
  let wakePending = false;
  const wakeProjector = () => {
    if (wakePending) return;
    wakePending = true;
    setImmediate(() => {
      wakePending = false;
      reads.wake();
    });
  };
  // Queue writes go to the writer thread (the hall's thread never waits for an fsync), unless asked inline.
  const hallStore = opts.writer === 'inline' ? new SqliteHallStore(db) : new ThreadedHallStore(opts.dbFile);
  const accountStore = new SqliteAccountStore(db);
  const deviceReports = new SqliteDeviceReportLog(db);
  if (opts.dbFile === ':memory:') throw new Error('the hall server needs a database file: its read-side threads open it too');
  const halls = new Map<string, HallRuntime>();
  const reads = new ReadSide({ hallDbFile: opts.dbFile, readFile: readModelFile(opts.dbFile), halls: opts.configs.map((c) => c.id), log, chunk: opts.projectorChunk });
  const admin = adminStores(db);
  const liveConfigs = new Map<string, LiveConfig>();
  let baseUrl = '';

  try {
    for (const fileConfig of opts.configs) {
      if (halls.has(fileConfig.id)) throw new Error(`two configs use the hall id "${fileConfig.id}"`);
      const auth = new AuthService(accountStore, clock);
      const live = await resolveLiveConfig(fileConfig, admin.configs, admin.audit, auth, clock.now(), opts.resetConfig === true);
      liveConfigs.set(fileConfig.id, live);
      const config = live.config;
      // The key's place comes from the config file at every start: the database holds neither it nor the key.
      const idHashKey = loadIdHashKey({ id: config.id, production: config.production || fileConfig.production, secrets: fileConfig.secrets }, opts.dbFile);
      await auth.syncFromConfig(config);
      const staffNames = new Map(config.accounts.map((a) => [a.username, a.displayName]));
      const service = await HallService.open(config, hallStore, clock, staffNames);
      const deviceNames = new Map(config.devices.map((d) => [d.id, d.name ?? null]));
      const devices = new DeviceBoard(config.id, deviceNames, deviceReports, () => clock.now(), (err) => log.error({ err }, 'device report not stored'));
      const runtime: HallRuntime = {
        config,
        service,
        auth,
        devices,
        baseUrl: () => runtime.config.publicUrl?.replace(/\/$/, '') ?? baseUrl,
        reads,
        serverLoad: () => load.current(),
        idHashKey,
        ...(await adminParts(admin, service, auth, devices, clock, live)),
      };
      halls.set(config.id, runtime);
      // The projector hears of every commit (at most once per turn of the loop).
      service.onCommit(() => wakeProjector());
    }
  } catch (err) {
    // A hall that cannot start stops the server: its threads and database go too.
    await reads.close();
    if (hallStore instanceof ThreadedHallStore) await hallStore.close();
    db.close();
    throw err;
  }

  const load = new LoadMonitor(halls, reads);
  // Behind a trusted proxy the client's address comes from X-Forwarded-For: limits and logs use it.
  const addresses = new ClientAddresses(opts.trustProxy ?? []);
  const origins = new OriginPolicy(opts.allowedOrigins ?? []);
  const handler = withSecurityHeaders(
    createRequestHandler({ halls, log, startedAt: Date.now(), staticDir: opts.staticDir ?? null, health: (startedAt) => load.health(startedAt), clientAddress: (req) => addresses.of(req) }),
    { inline: inlineHashesOfDir(opts.staticDir ?? null), tls: opts.tls !== undefined },
  );
  const http = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : createServer(handler);
  const io: HallIo = new Server(http, { maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES, serveClient: false, allowRequest: origins.allowRequest, pingInterval: 10_000, pingTimeout: 8_000, parser: ackParser });
  // Every live connection of a staff or admin session ends with the session (logout, reset, role change, expiry).
  const sessions = new LiveSessions(clock, log);
  for (const hall of halls.values()) hall.auth.onSessionsEnded(sessions.onEnded);
  io.use(socketAuth(halls, sessions));
  io.use(requirePhoneOrigin(origins));
  secureSocketTransport(io, addresses, origins, log);
  const broadcasters = [...halls.values()].map((hall) => new Broadcaster(io, hall));
  // Notices to citizens: a webhook (WeChat template messages, SMS gateway) when configured, else the log.
  const notifiers = [...halls.values()].map((hall) => {
    const hook = hall.service.config.notifications.webhook;
    const notifier = hook ? new WebhookNotifier({ url: hook.url, secret: hook.secret }, log) : new LogNotifier(log);
    return { notifier, planner: new NotificationPlanner(hall.service, notifier, hall.baseUrl) };
  });

  io.on('connection', (socket: HallSocket) => {
    const hall = halls.get(socket.data.hallId)!;
    sessions.attach(socket);
    onConnection(socket, hall, log);
  });

  const supervision = startSupervision(io, halls, admin, log, clock, opts.tickMs ?? 15_000);
  const stopLoad = load.onChange((l) => {
    if (l.overloaded) log.warn({ load: l }, 'hall server overloaded');
    for (const id of halls.keys()) io.to(rooms.admins(id)).emit('server:load', l);
  });

  const tick = setInterval(() => {
    sessions.sweep();
    for (const b of broadcasters) b.tick().catch((err: unknown) => log.error({ err }, 'periodic tick failed'));
  }, opts.tickMs ?? 15_000);
  tick.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  baseUrl = `${opts.tls ? 'https' : 'http'}://${opts.host && opts.host !== '0.0.0.0' ? opts.host : 'localhost'}:${port}`;
  log.info({ port, halls: [...halls.keys()] }, 'hall server listening');

  let closed = false;
  return {
    url: baseUrl,
    port,
    io,
    halls,
    db,
    liveConfigs,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(tick);
      supervision.stop();
      stopLoad();
      load.stop();
      for (const b of broadcasters) b.stop();
      for (const n of notifiers) n.planner.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // Let commands already accepted finish and be written before the database closes.
      await Promise.all([...halls.values()].map((h) => h.service.drain()));
      await Promise.all(notifiers.map((n) => n.notifier.flush()));
      await reads.close();
      if (hallStore instanceof ThreadedHallStore) await hallStore.close();
      db.close();
      log.info('hall server stopped');
    },
  };
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

  // A (re)connected client starts from a full picture, so no screen drifts after a network blip.
  socket.emit('hall:snapshot', snapshotFor(hall, socket));
  log.debug({ socket: socket.id, role, hall: hallId, actor: socket.data.actor.id }, 'connected');
}

import { AuthService } from '../app/auth-service';
import { HallService } from '../app/hall-service';
import { NotificationPlanner } from '../app/notification-planner';
import type { Notifier } from '../app/notifier';
import type { AccountStore, Clock, HallStore } from '../app/ports';
import type { LinkStores } from '../app/link-ports';
import type { HallConfig, ServerLoadView } from '../contracts';
import type { AdminStores } from './admin-setup';
import { adminParts, superviseHall } from './admin-setup';
import { Broadcaster } from './broadcaster';
import type { DeviceReportSink } from './device-board';
import { DeviceBoard } from './device-board';
import type { HallRuntime } from './hall-runtime';
import { loadIdHashKey } from './id-hash-key';
import type { LiveConfig } from './live-config';
import { resolveLiveConfig } from './live-config';
import type { LiveSessions } from './live-sessions';
import type { Logger } from './logger';
import { LogNotifier } from './notify/log-notifier';
import { WebhookNotifier } from './notify/webhook-notifier';
import type { ReadSide } from './read-side/read-side';
import type { HallIo } from './socket-types';

/** Where a server keeps its halls' data: one SQLite file, or PostgreSQL shared by several servers. */
export interface StoreSet {
  kind: 'sqlite' | 'postgres';
  hall: HallStore;
  accounts: AccountStore;
  deviceReports: DeviceReportSink;
  admin: AdminStores;
  /** The edge ↔ city link: a township hall's upload position, a city's catalogues and members. */
  links: LinkStores;
}

export interface HallHostDeps {
  stores: StoreSet;
  reads: ReadSide;
  clock: Clock;
  log: Logger;
  sessions: LiveSessions;
  /** Where ID hash key files are looked for by default (beside the hall database, or the data folder). */
  keyBase: string;
  /** Seed each hall's live config from its file again, the first time this process opens it. */
  resetConfig: boolean;
  serverLoad: () => ServerLoadView;
  baseUrl: () => string;
}

interface Parts {
  stops: Array<() => void>;
  broadcaster: Broadcaster;
  notifier: Notifier & { flush(): Promise<void> };
}

/**
 * The halls this server runs, opened and closed while it runs: at start for a SQLite server, and whenever
 * a PostgreSQL server takes a hall's lease or gives it up. Everything a hall needs (queue service, accounts,
 * live config, alerts, broadcasts, notices, the projector's wake-up) starts and stops with it.
 */
export class HallHost {
  readonly halls = new Map<string, HallRuntime>();
  readonly liveConfigs = new Map<string, LiveConfig>();
  private readonly parts = new Map<string, Parts>();
  private readonly closing = new Map<string, Promise<void>>();
  private readonly reset = new Set<string>();
  private io: HallIo | null = null;
  private wakePending = false;

  constructor(private readonly deps: HallHostDeps) {}

  /** The socket.io server broadcasts go through (set once, before any hall opens). */
  attach(io: HallIo): void {
    this.io = io;
  }

  runs(hallId: string): boolean {
    return this.halls.has(hallId) && !this.closing.has(hallId);
  }

  async open(fileConfig: HallConfig): Promise<HallRuntime> {
    const { stores, clock, log } = this.deps;
    const io = this.io;
    if (!io) throw new Error('HallHost.attach(io) must come before open()');
    if (this.halls.has(fileConfig.id)) throw new Error(`hall "${fileConfig.id}" is already open here`);
    const auth = new AuthService(stores.accounts, clock);
    const resetNow = this.deps.resetConfig && !this.reset.has(fileConfig.id);
    const live = await resolveLiveConfig(fileConfig, stores.admin.configs, stores.admin.audit, auth, clock.now(), resetNow);
    this.reset.add(fileConfig.id);
    const config = live.config;
    // The key's place comes from the config file at every start: the database holds neither it nor the key.
    const idHashKey = loadIdHashKey({ id: config.id, production: config.production || fileConfig.production, secrets: fileConfig.secrets }, this.deps.keyBase);
    await auth.syncFromConfig(config);
    const staffNames = new Map(config.accounts.map((a) => [a.username, a.displayName]));
    const service = await HallService.open(config, stores.hall, clock, staffNames);
    const deviceNames = new Map(config.devices.map((d) => [d.id, d.name ?? null]));
    const devices = new DeviceBoard(config.id, deviceNames, stores.deviceReports, () => clock.now(), (err) => log.error({ err }, 'device report not stored'));
    const runtime: HallRuntime = {
      config,
      service,
      auth,
      devices,
      baseUrl: () => runtime.config.publicUrl?.replace(/\/$/, '') ?? this.deps.baseUrl(),
      reads: this.deps.reads,
      serverLoad: this.deps.serverLoad,
      idHashKey,
      ...(await adminParts(stores.admin, service, auth, devices, clock, live)),
    };
    const stops: Array<() => void> = [];
    // The projector hears of every commit (at most once per turn of the loop).
    stops.push(service.onCommit(() => this.wakeProjector()));
    stops.push(auth.onSessionsEnded(this.deps.sessions.onEnded));
    const broadcaster = new Broadcaster(io, runtime);
    stops.push(() => broadcaster.stop());
    // Notices to citizens: a webhook (WeChat template messages, SMS gateway) when configured, else the log.
    const hook = config.notifications.webhook;
    const notifier = hook ? new WebhookNotifier({ url: hook.url, secret: hook.secret }, log) : new LogNotifier(log);
    const planner = new NotificationPlanner(service, notifier, runtime.baseUrl);
    stops.push(() => planner.stop());
    this.halls.set(config.id, runtime);
    this.liveConfigs.set(config.id, live);
    stops.push(superviseHall(io, runtime, stores.admin, log, clock));
    this.parts.set(config.id, { stops, notifier, broadcaster });
    log.info({ hall: config.id, seq: service.seq }, 'hall opened');
    return runtime;
  }

  /** Every open hall's periodic work (the end of the service day, time-dependent summaries). */
  tick(): void {
    for (const [id, parts] of this.parts) {
      if (this.closing.has(id)) continue;
      parts.broadcaster.tick().catch((err: unknown) => this.deps.log.error({ err, hall: id }, 'periodic tick failed'));
    }
  }

  /**
   * Stops running a hall: commands already accepted are written (or, once it has moved, refused), its
   * timers stop, and every connection of the hall is cut so that clients reconnect to whoever runs it now.
   */
  close(hallId: string, why: string): Promise<void> {
    const pending = this.closing.get(hallId);
    if (pending) return pending;
    const hall = this.halls.get(hallId);
    if (!hall) return Promise.resolve();
    const done = (async () => {
      const parts = this.parts.get(hallId);
      for (const s of parts?.stops ?? []) s();
      // No new command can arrive once the transports are cut; those accepted are written (or refused
      // with HALL_MOVED if the hall has moved) and their clients, reconnected elsewhere, retry them.
      this.disconnectHall(hallId);
      await hall.service.drain();
      await parts?.notifier.flush().catch(() => undefined);
      this.halls.delete(hallId);
      this.parts.delete(hallId);
      this.closing.delete(hallId);
      this.deps.log.info({ hall: hallId, why }, 'hall closed');
    })();
    this.closing.set(hallId, done);
    return done;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.halls.keys()].map((id) => this.close(id, 'server stopping')));
  }

  /** Cuts the transport (not a socket.io disconnect): clients take it as a network blip and reconnect. */
  private disconnectHall(hallId: string): void {
    if (!this.io) return;
    for (const socket of this.io.of('/').sockets.values()) {
      if (socket.data.hallId === hallId && !socket.data.relay) socket.conn.close();
    }
  }

  private wakeProjector(): void {
    if (this.wakePending) return;
    this.wakePending = true;
    setImmediate(() => {
      this.wakePending = false;
      this.deps.reads.wake();
    });
  }
}

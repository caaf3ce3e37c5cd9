import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../app/ports';
import type { HallHost, StoreSet } from '../hall/hall-host';
import type { Logger } from '../hall/logger';
import type { ReadSide } from '../hall/read-side/read-side';
import type { HallIo } from '../hall/socket-types';
import { CityAccounts } from './city-accounts';
import { CityCatalogue } from './city-catalogue';
import { CityHub } from './city-hub';
import { CityLive } from './city-namespace';
import { CityRoutes } from './city-routes';
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
}

export interface CityServer {
  /** Answers /api/city/… and /api/halls/<linked member>/uplink/…; false when the request is not the city's. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The `/city` namespace of the hall server's socket.io. */
  attach(io: HallIo): void;
  health(): Record<string, unknown>;
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

export async function openCity(deps: CityDeps): Promise<CityServer> {
  const { settings, stores, clock, log } = deps;
  const { config } = settings;
  if (stores.kind !== 'sqlite') {
    // A mirror hall's commits go through the hall store, which on PostgreSQL are fenced by a lease no
    // server ever takes for a linked hall: every upload would fail.
    throw new CitySettingsError(settings.file ?? 'city settings', '--city', 'a city platform runs on one hall server with SQLite (--data), not on PostgreSQL (--database)');
  }
  checkMembers(settings, deps.localHalls);

  const accounts = new CityAccounts(config.id, stores.accounts, clock);
  await accounts.sync(config);
  const catalogue = new CityCatalogue(config.id, stores.links.city, stores.admin.audit, clock);
  await catalogue.load(settings.initialCatalogue);

  const registry = new MemberRegistry(settings, stores.links.city, clock, log);
  registry.restore(await stores.links.city.loadMembers());
  let hub: CityHub | null = null;
  const mirrors = new MirrorHalls({ store: stores.hall, reads: deps.reads, clock, log, onCommit: (id) => hub?.changed(id) });
  hub = new CityHub({ settings, registry, mirrors, halls: deps.host.halls, now: () => clock.now(), catalogueVersion: () => catalogue.version });

  // Linked halls come back as they were before the restart, before they say hello again.
  for (const e of registry.entries.values()) {
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
  });
  const routes = new CityRoutes({ settings, accounts, catalogue, registry, mirrors, halls: deps.host.halls, hub, reads: deps.reads, log, clientAddress: deps.clientAddress });
  const live = new CityLive({ hub, accounts, clock, log });
  log.info({ city: config.id, members: registry.entries.size, mirrors: mirrors.size, catalogue: catalogue.version }, 'city platform ready');

  let closed = false;
  const cityHub = hub;
  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
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
      return { id: config.id, ...cityHub.counts(), mirrors: mirrors.size, catalogueVersion: catalogue.version, connections: live.connections };
    },
    async close() {
      if (closed) return;
      closed = true;
      live.stop();
      cityHub.stop();
      await mirrors.close();
      await registry.flush();
    },
  };
}

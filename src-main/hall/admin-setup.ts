import { HallConfigService } from '../app/admin/config-service';
import type { AuthService } from '../app/auth-service';
import type { HallService } from '../app/hall-service';
import type { Clock } from '../app/ports';
import { purgePersonalData } from '../app/privacy/purge-job';
import { AlertTracker } from '../app/supervision/alert-tracker';
import { deviceFaults } from '../app/supervision/device-faults';
import { checkInGuardConditions } from './check-in-limits';
import type { Db } from '../storage/sqlite';
import { SqliteAlertStore, SqliteAuditStore, SqliteConfigStore, SqlitePrivacyStore } from '../storage/sqlite';
import { broadcastConfig } from './config-broadcast';
import type { DeviceBoard } from './device-board';
import type { HallRegistry, HallRuntime } from './hall-runtime';
import type { LiveConfig } from './live-config';
import type { Logger } from './logger';
import { rooms } from './rooms';
import type { HallIo } from './socket-types';
import { backstage } from './throttle';

export type AdminStores = ReturnType<typeof adminStores>;

export function adminStores(db: Db) {
  return { configs: new SqliteConfigStore(db), audit: new SqliteAuditStore(db), alerts: new SqliteAlertStore(db), privacy: new SqlitePrivacyStore(db) };
}

/** The admin side of one hall: its live config service, its alert tracker, its audit trail. */
export async function adminParts(
  stores: AdminStores,
  service: HallService,
  auth: AuthService,
  devices: DeviceBoard,
  clock: Clock,
  live: LiveConfig,
): Promise<Pick<HallRuntime, 'settings' | 'alerts' | 'audit'>> {
  const settings = new HallConfigService(service, auth, stores.configs, stores.audit, clock, { version: live.version, at: live.at, by: live.by });
  const alerts = new AlertTracker(
    service.hallId,
    stores.alerts,
    () => ({
      state: service.state,
      rules: service.rules,
      thresholds: service.config.supervision,
      devices: deviceFaults(devices.views()),
      others: checkInGuardConditions(service, clock.now()),
    }),
    () => clock.now(),
    // Each alert written is a durable transaction of its own: the next one waits for its turn of the loop.
    () => new Promise<void>((resolve) => backstage.push(resolve)),
  );
  await alerts.load();
  return { settings, alerts, audit: stores.audit };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Runs 电子监察 and the daily personal-data purge: alerts are checked after every commit and every
 * `tickMs`, and pushed to supervisors and admins; config changes reach every client; the purge runs at
 * start and then once a day. The periodic work of every hall falls due at the same moment: each hall's
 * check and purge takes its own turn of the event loop (the process's shared queue), never all at once.
 */
export function startSupervision(io: HallIo, halls: HallRegistry, stores: AdminStores, log: Logger, clock: Clock, tickMs: number): { stop(): void } {
  const stops: Array<() => void> = [];
  const check = (hall: HallRuntime) => void hall.alerts.check().catch((err: unknown) => log.error({ err, hall: hall.config.id }, 'alert check failed'));
  const purge = (hall: HallRuntime) =>
    purgePersonalData(stores.privacy, stores.audit, { id: hall.config.id, timeZone: hall.config.timeZone, retentionDays: hall.config.privacy.retentionDays }, clock.now(), (msg, data) =>
      log.info(data, msg),
    ).catch((err: unknown) => log.error({ err, hall: hall.config.id }, 'personal data purge failed'));
  for (const hall of halls.values()) {
    stops.push(hall.alerts.onChange((alert) => io.to(rooms.admins(hall.config.id)).emit('alert:changed', alert)));
    stops.push(hall.service.onCommit(() => check(hall)));
    stops.push(
      hall.settings.onApplied((applied) => void broadcastConfig(io, hall, applied, log).catch((err: unknown) => log.error({ err }, 'config broadcast failed'))),
    );
    // At start no client is connected yet (the server is not listening): nothing to wait behind these.
    void purge(hall);
    check(hall);
  }
  let stopped = false;
  const inTurns = (work: (hall: HallRuntime) => void) => {
    for (const hall of halls.values()) {
      backstage.push(() => {
        if (!stopped) work(hall);
      });
    }
  };
  const tick = setInterval(() => inTurns(check), tickMs);
  tick.unref();
  const daily = setInterval(() => inTurns((hall) => void purge(hall)), DAY_MS);
  daily.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(tick);
      clearInterval(daily);
      for (const s of stops) s();
    },
  };
}

import { HallConfigService } from '../app/admin/config-service';
import type { AuthService } from '../app/auth-service';
import type { HallService } from '../app/hall-service';
import type { Clock } from '../app/ports';
import { purgePersonalData } from '../app/privacy/purge-job';
import { AlertTracker } from '../app/supervision/alert-tracker';
import { deviceFaults } from '../app/supervision/device-faults';
import { checkInGuardConditions } from './check-in-limits';
import type { AlertStore, AuditStore, ConfigStore, PrivacyStore } from '../app/admin-ports';
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

export interface AdminStores {
  configs: ConfigStore;
  audit: AuditStore;
  alerts: AlertStore;
  privacy: PrivacyStore;
}

export function adminStores(db: Db): AdminStores {
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
 * 电子监察 and the daily personal-data purge of one hall: alerts are checked after every commit (and by
 * `supervisionTicks`), pushed to supervisors and admins; config changes reach every client; the purge runs
 * when the hall opens and then once a day. Returns what stops it (the hall closes or moves to another server).
 */
export function superviseHall(io: HallIo, hall: HallRuntime, stores: AdminStores, log: Logger, clock: Clock): () => void {
  const stops: Array<() => void> = [];
  stops.push(hall.alerts.onChange((alert) => io.to(rooms.admins(hall.config.id)).emit('alert:changed', alert)));
  stops.push(hall.service.onCommit(() => checkAlerts(hall, log)));
  stops.push(hall.settings.onApplied((applied) => void broadcastConfig(io, hall, applied, log).catch((err: unknown) => log.error({ err }, 'config broadcast failed'))));
  void purgeHall(hall, stores, log, clock);
  checkAlerts(hall, log);
  return () => {
    for (const s of stops) s();
  };
}

function checkAlerts(hall: HallRuntime, log: Logger): void {
  void hall.alerts.check().catch((err: unknown) => log.error({ err, hall: hall.config.id }, 'alert check failed'));
}

function purgeHall(hall: HallRuntime, stores: AdminStores, log: Logger, clock: Clock): Promise<unknown> {
  return purgePersonalData(stores.privacy, stores.audit, { id: hall.config.id, timeZone: hall.config.timeZone, retentionDays: hall.config.privacy.retentionDays }, clock.now(), (msg, data) =>
    log.info(data, msg),
  ).catch((err: unknown) => log.error({ err, hall: hall.config.id }, 'personal data purge failed'));
}

/**
 * The periodic side of supervision for whichever halls the server runs at the time: alerts every `tickMs`,
 * the purge once a day. The work of every hall falls due at the same moment: each hall's check and purge
 * takes its own turn of the event loop (the process's shared queue), never all at once.
 */
export function supervisionTicks(halls: HallRegistry, stores: AdminStores, log: Logger, clock: Clock, tickMs: number): { stop(): void } {
  let stopped = false;
  const inTurns = (work: (hall: HallRuntime) => void) => {
    for (const hall of halls.values()) {
      backstage.push(() => {
        if (!stopped && halls.get(hall.config.id) === hall) work(hall);
      });
    }
  };
  const tick = setInterval(() => inTurns((hall) => checkAlerts(hall, log)), tickMs);
  tick.unref();
  const daily = setInterval(() => inTurns((hall) => void purgeHall(hall, stores, log, clock)), DAY_MS);
  daily.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(tick);
      clearInterval(daily);
    },
  };
}

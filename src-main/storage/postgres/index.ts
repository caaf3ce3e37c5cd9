import type { PgDb } from './pg-database';
import { PgAccountStore } from './pg-account-store';
import { PgAlertStore } from './pg-alert-store';
import { PgAuditStore } from './pg-audit-store';
import { PgConfigStore } from './pg-config-store';
import { PgDeviceReportLog } from './pg-device-report-log';
import type { HallFences } from './pg-hall-store';
import { PgHallStore } from './pg-hall-store';
import { PgPrivacyStore } from './pg-privacy-store';
import { PgCityStore, PgCityViews } from './pg-city-store';
import { PgUplinkStore } from './pg-uplink-store';

export { openPgDatabase, PgOpenError } from './pg-database';
export type { PgDb, PgOpenOptions } from './pg-database';
export { inTransaction } from './pg-transaction';
export { migratePg, PG_SCHEMA_VERSION } from './pg-migrations';
export { redactedUrl } from './pg-url';
export { PgHallStore } from './pg-hall-store';
export type { HallFences } from './pg-hall-store';
export { PgEventLogReader } from './pg-event-log-reader';
export { PgAccountStore, PgAlertStore, PgAuditStore, PgCityStore, PgCityViews, PgConfigStore, PgDeviceReportLog, PgPrivacyStore, PgUplinkStore };

export interface PgStores {
  hall: PgHallStore;
  accounts: PgAccountStore;
  deviceReports: PgDeviceReportLog;
  configs: PgConfigStore;
  audit: PgAuditStore;
  alerts: PgAlertStore;
  privacy: PgPrivacyStore;
  /** The four admin stores again, in the shape of hall/admin-setup's AdminStores. */
  admin: { configs: PgConfigStore; audit: PgAuditStore; alerts: PgAlertStore; privacy: PgPrivacyStore };
  /** The edge ↔ city link's tables (migration 8). */
  links: { uplink: PgUplinkStore; city: PgCityStore };
}

/** Every store of a hall server on one PostgreSQL database. `onDeviceReportError`: see PgDeviceReportLog. */
export function pgStores(db: PgDb, fences: HallFences, onDeviceReportError?: (error: unknown) => void): PgStores {
  const admin = { configs: new PgConfigStore(db), audit: new PgAuditStore(db), alerts: new PgAlertStore(db), privacy: new PgPrivacyStore(db) };
  const links = { uplink: new PgUplinkStore(db), city: new PgCityStore(db) };
  return { hall: new PgHallStore(db, fences), accounts: new PgAccountStore(db), deviceReports: new PgDeviceReportLog(db, onDeviceReportError), ...admin, admin, links };
}

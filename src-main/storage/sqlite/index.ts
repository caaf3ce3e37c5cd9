export { openDatabase } from './open-database';
export type { Db } from './open-database';
export { SCHEMA_VERSION, migrate } from './migrations';
export { SqliteAccountStore } from './sqlite-account-store';
export { SqliteDeviceReportLog } from './sqlite-device-report-log';
export type { DeviceReport, DeviceReportKind } from './sqlite-device-report-log';
export { SqliteHallStore } from './sqlite-hall-store';

export { openDatabase } from './open-database';
export type { Db } from './open-database';
export { SCHEMA_VERSION, migrate } from './migrations';
export { SqliteAccountStore } from './sqlite-account-store';
export { SqliteHallStore } from './sqlite-hall-store';

import type { SqliteSnapshot } from './sqlite-snapshot';

// What a hall is made of, table by table: how to read one hall's rows from the SQLite file and where they
// go in PostgreSQL. The tables have the same names and columns on both sides, except that the event log
// and the request results are keyed by a hall number in SQLite and by the hall's id in PostgreSQL. Rows
// are read in key order; request results, audit entries and alerts get new ids from PostgreSQL's sequences
// (in their old order, so "older first" stays true), since other halls may already have used those ids.

export interface HallTable {
  /** The table's name, the same in both stores. */
  name: string;
  /** The column that holds the hall's id in PostgreSQL. */
  hallColumn: 'hall_id' | 'id';
  /** One hall's rows in key order; every column is copied except `omit`. */
  select: string;
  params(s: SqliteSnapshot, hallId: string): unknown[];
  /** Columns PostgreSQL gives values of its own (ids from a sequence). */
  omit?: readonly string[];
}

const byId = (_s: SqliteSnapshot, hallId: string) => [hallId];
/** The event log and the answers are keyed by the hall's number: the id goes in as a column of its own. */
const byNumber = (s: SqliteSnapshot, hallId: string) => [hallId, s.hallNo(hallId) ?? -1];

/** In the order they are written: the hall's own row first, its log after the state it explains. */
export const HALL_TABLES: readonly HallTable[] = [
  { name: 'halls', hallColumn: 'id', select: `SELECT * FROM halls WHERE id = ?`, params: byId },
  { name: 'config_versions', hallColumn: 'hall_id', select: `SELECT * FROM config_versions WHERE hall_id = ? ORDER BY version`, params: byId },
  { name: 'accounts', hallColumn: 'hall_id', select: `SELECT * FROM accounts WHERE hall_id = ? ORDER BY username`, params: byId },
  { name: 'devices', hallColumn: 'hall_id', select: `SELECT * FROM devices WHERE hall_id = ? ORDER BY id`, params: byId },
  { name: 'sessions', hallColumn: 'hall_id', select: `SELECT * FROM sessions WHERE hall_id = ? ORDER BY token_hash`, params: byId },
  { name: 'windows', hallColumn: 'hall_id', select: `SELECT * FROM windows WHERE hall_id = ? ORDER BY id`, params: byId },
  { name: 'tickets', hallColumn: 'hall_id', select: `SELECT * FROM tickets WHERE hall_id = ? ORDER BY id`, params: byId },
  { name: 'bookings', hallColumn: 'hall_id', select: `SELECT * FROM bookings WHERE hall_id = ? ORDER BY id`, params: byId },
  { name: 'rating_cases', hallColumn: 'hall_id', select: `SELECT * FROM rating_cases WHERE hall_id = ? ORDER BY id`, params: byId },
  {
    name: 'event_log',
    hallColumn: 'hall_id',
    select: `SELECT ? AS hall_id, seq, at, type, actor_kind, actor_id, ticket, data FROM event_log WHERE hall = ? ORDER BY seq`,
    params: byNumber,
  },
  {
    name: 'request_results',
    hallColumn: 'hall_id',
    select: `SELECT ? AS hall_id, actor, request_id, at, seq, command, result FROM request_results WHERE hall = ? ORDER BY id`,
    params: byNumber,
  },
  { name: 'audit_log', hallColumn: 'hall_id', select: `SELECT * FROM audit_log WHERE hall_id = ? ORDER BY id`, params: byId, omit: ['id'] },
  { name: 'alerts', hallColumn: 'hall_id', select: `SELECT * FROM alerts WHERE hall_id = ? ORDER BY id`, params: byId, omit: ['id'] },
  { name: 'device_reports', hallColumn: 'hall_id', select: `SELECT * FROM device_reports WHERE hall_id = ? ORDER BY rowid`, params: byId },
  // A township hall keeps how far its uploads to the city got; a city what it knows of a linked member.
  { name: 'uplink_state', hallColumn: 'hall_id', select: `SELECT * FROM uplink_state WHERE hall_id = ?`, params: byId },
  { name: 'city_members', hallColumn: 'hall_id', select: `SELECT * FROM city_members WHERE hall_id = ?`, params: byId },
  { name: 'province_uploads', hallColumn: 'hall_id', select: `SELECT * FROM province_uploads WHERE hall_id = ?`, params: byId },
];

/** How many rows of the hall the SQLite file holds in `table`. */
export function sqliteCount(s: SqliteSnapshot, table: HallTable, hallId: string): number {
  const sql = `SELECT COUNT(*) FROM (${table.select})`;
  return s.db.prepare(sql).pluck().get(...table.params(s, hallId)) as number;
}

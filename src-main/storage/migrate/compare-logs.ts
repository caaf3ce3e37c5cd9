import { isDeepStrictEqual } from 'node:util';
import type { HallEvent } from '../../domain';
import { decodeEvent } from '../sqlite/event-codec';
import type { Queryable } from './pg-target';
import type { SqliteSnapshot } from './sqlite-snapshot';

// The two event logs of a hall side by side, seq by seq: the same type, time, actor, ticket number and
// (decoded) fields. Read in pages from both, so a year of a big hall never sits in memory.

const PAGE = 20_000;

export interface LogRow {
  seq: number;
  at: number;
  type: string;
  actorKind: string;
  actorId: string;
  ticket: string | null;
  /** The stored fields as text: equal text is equal fields, without comparing the decoded events. */
  data: string;
  event: HallEvent;
}

export interface LogComparison {
  sqliteEvents: number;
  pgEvents: number;
  /** The first difference, or null when the logs are identical. */
  difference: string | null;
}

interface RawRow {
  seq: number | string;
  at: number | string;
  type: string;
  actor_kind: string;
  actor_id: string;
  ticket: string | null;
  data: unknown;
}

function toLogRow(hallId: string, r: RawRow): LogRow {
  const at = Number(r.at);
  // A jsonb column comes back parsed; the codec takes the text.
  const data = typeof r.data === 'string' ? r.data : JSON.stringify(r.data);
  return { seq: Number(r.seq), at, type: r.type, actorKind: r.actor_kind, actorId: r.actor_id, ticket: r.ticket, data, event: decodeEvent(hallId, r.type, at, data) };
}

export function sqlitePages(s: SqliteSnapshot, hallId: string): () => LogRow[] {
  const no = s.hallNo(hallId);
  const page = s.db.prepare(`SELECT seq, at, type, actor_kind, actor_id, ticket, data FROM event_log WHERE hall = ? AND seq > ? ORDER BY seq LIMIT ?`);
  let after = 0;
  return () => {
    if (no === undefined) return [];
    const rows = (page.all(no, after, PAGE) as RawRow[]).map((r) => toLogRow(hallId, r));
    if (rows.length > 0) after = rows.at(-1)!.seq;
    return rows;
  };
}

export function pgPages(q: Queryable, hallId: string): () => Promise<LogRow[]> {
  let after = 0;
  return async () => {
    const { rows } = await q.query<RawRow>(
      `SELECT seq, at, type, actor_kind, actor_id, ticket, data FROM event_log WHERE hall_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [hallId, after, PAGE],
    );
    const out = rows.map((r) => toLogRow(hallId, r));
    if (out.length > 0) after = out.at(-1)!.seq;
    return out;
  };
}

function describe(r: LogRow): string {
  return `${r.type} at ${new Date(r.at).toISOString()} by ${r.actorKind}:${r.actorId}`;
}

/** The first field in which two rows of the same position differ, or null. */
export function rowDifference(a: LogRow, b: LogRow): string | null {
  if (a.seq !== b.seq) return `SQLite has seq ${a.seq} where PostgreSQL has seq ${b.seq}`;
  const where = `event ${a.seq}`;
  if (a.type !== b.type) return `${where}: type ${a.type} in SQLite, ${b.type} in PostgreSQL`;
  if (a.at !== b.at) return `${where} (${a.type}): at ${a.at} in SQLite, ${b.at} in PostgreSQL`;
  if (a.actorKind !== b.actorKind || a.actorId !== b.actorId) return `${where} (${a.type}): actor ${a.actorKind}:${a.actorId} in SQLite, ${b.actorKind}:${b.actorId} in PostgreSQL`;
  if (a.ticket !== b.ticket) return `${where} (${a.type}): ticket ${a.ticket} in SQLite, ${b.ticket} in PostgreSQL`;
  if (a.data !== b.data && !isDeepStrictEqual(a.event, b.event)) return `${where} (${a.type}): the event's fields differ: ${JSON.stringify(a.event)} in SQLite, ${JSON.stringify(b.event)} in PostgreSQL`;
  return null;
}

/**
 * Compares the hall's two logs to the end of both (to count them) and reports the first difference.
 * `each` sees every page of both sides (a replay folds them as they go by).
 */
export async function compareLogs(
  s: SqliteSnapshot,
  q: Queryable,
  hallId: string,
  each: (sqliteRows: LogRow[], pgRows: LogRow[]) => void = () => {},
  progress: (events: number) => void = () => {},
): Promise<LogComparison> {
  const nextSqlite = sqlitePages(s, hallId);
  const nextPg = pgPages(q, hallId);
  let sqliteEvents = 0;
  let pgEvents = 0;
  let difference: string | null = null;
  // Rows one side has read ahead of the other (pages line up unless a seq is missing on one side).
  let left: LogRow[] = [];
  let right: LogRow[] = [];
  let sqliteDone = false;
  let pgDone = false;
  for (;;) {
    const pending = pgDone ? Promise.resolve([] as LogRow[]) : nextPg();
    const a = sqliteDone ? [] : nextSqlite();
    const b = await pending;
    if (a.length === 0) sqliteDone = true;
    if (b.length === 0) pgDone = true;
    sqliteEvents += a.length;
    pgEvents += b.length;
    each(a, b);
    left = left.concat(a);
    right = right.concat(b);
    const n = Math.min(left.length, right.length);
    if (difference === null) {
      for (let i = 0; i < n; i++) {
        const d = rowDifference(left[i]!, right[i]!);
        if (d) {
          difference = d;
          break;
        }
      }
    }
    left = left.slice(n);
    right = right.slice(n);
    progress(Math.max(sqliteEvents, pgEvents));
    if (sqliteDone && pgDone) break;
  }
  if (difference === null && (left.length > 0 || right.length > 0)) {
    const extra = left[0] ?? right[0]!;
    const side = left.length > 0 ? 'PostgreSQL lacks' : 'SQLite lacks';
    difference = `${side} event ${extra.seq} (${describe(extra)}) and what follows: SQLite has ${sqliteEvents} events, PostgreSQL ${pgEvents}`;
  }
  return { sqliteEvents, pgEvents, difference };
}

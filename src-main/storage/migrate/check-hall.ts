import type pg from 'pg';
import type { StatisticsReport } from '../../contracts';
import { DEFAULT_SUPERVISION_CONFIG } from '../../contracts/hall-config';
import type { LoadedHall, StoredRequest } from '../../app/ports';
import type { Thresholds, TicketRecord } from '../../app/statistics/figures';
import { lowRatingsOf, statisticsOf } from '../../app/statistics/statistics';
import { applyToRecords } from '../../app/statistics/ticket-records';
import { SqliteHallStore } from '../sqlite/sqlite-hall-store';
import type { LogRow } from './compare-logs';
import { compareLogs } from './compare-logs';
import { firstDifference } from './first-difference';
import { targetCount } from './pg-target';
import type { SqliteSnapshot } from './sqlite-snapshot';
import { MigrationInputError } from './sqlite-snapshot';
import { HALL_TABLES, sqliteCount } from './tables';

// After a move (or at any time with the hall servers stopped): is the hall in PostgreSQL the hall in the
// file? Row counts of every table, the event log seq by seq, the open queue as a server would load it, the
// answers kept for retries, and the statistics of the hall's whole life replayed from each log.

/** What the check reads the PostgreSQL side through: the store a hall server would use. */
export interface PgHallReader {
  loadHall(hallId: string, serviceSamples: number, bookingsSince?: string): Promise<LoadedHall> | LoadedHall;
  loadRecentRequests(hallId: string, sinceAt: number): Promise<StoredRequest[]> | StoredRequest[];
}

export interface TableCount {
  table: string;
  sqlite: number;
  pg: number;
}

export interface CheckReport {
  hallId: string;
  counts: TableCount[];
  events: number;
  tickets: number;
  /** Days the statistics were compared over (the hall's first and last service day). */
  range: [string, string] | null;
  /** One line per aspect that differs (counts, event log, queue, requests, statistics); empty when identical. */
  differences: string[];
  ms: number;
}

/** A full report over the whole range, as the statistics page would show it (without names and position). */
export type ReplayedReport = Pick<StatisticsReport, 'from' | 'to' | 'total' | 'byDay' | 'byCategory' | 'byWindow' | 'byStaff' | 'lowRatings' | 'lowRatingsTotal' | 'thresholds'>;

interface HallSettings {
  serviceSamples: number;
  thresholds: Thresholds;
}

/** The queue's and supervision's settings of the hall's latest config (defaults as the schema gives them). */
function hallSettings(s: SqliteSnapshot, hallId: string): HallSettings {
  const text = s.db.prepare(`SELECT config FROM config_versions WHERE hall_id = ? ORDER BY version DESC LIMIT 1`).pluck().get(hallId) as string | undefined;
  const config = (text ? JSON.parse(text) : {}) as { queue?: { serviceSamples?: number }; supervision?: Partial<Thresholds> };
  const sv = { ...DEFAULT_SUPERVISION_CONFIG, ...config.supervision };
  return {
    serviceSamples: config.queue?.serviceSamples ?? 20,
    thresholds: { waitYellowMinutes: sv.waitYellowMinutes, waitRedMinutes: sv.waitRedMinutes, serviceLimitMinutes: sv.serviceLimitMinutes },
  };
}

/** The report of days from..to replayed from ticket records. */
export function replayedReport(records: readonly TicketRecord[], from: string, to: string, thresholds: Thresholds): ReplayedReport {
  const stats = statisticsOf(records, from, to, thresholds);
  const low = lowRatingsOf(records, from, to);
  return { ...stats, lowRatings: low.slice(0, 20), lowRatingsTotal: low.length, thresholds };
}

class Replay {
  readonly byId = new Map<string, TicketRecord>();
  private readonly set = (r: TicketRecord) => void this.byId.set(r.id, r);
  private readonly get = (id: string) => this.byId.get(id);
  apply(rows: LogRow[]): void {
    for (const r of rows) applyToRecords(r.event, this.get, this.set);
  }
}

export async function checkHall(
  s: SqliteSnapshot,
  pool: pg.Pool,
  pgStore: PgHallReader,
  hallId: string,
  progress: (stage: string, done?: number) => void = () => {},
): Promise<CheckReport> {
  const started = performance.now();
  if (!s.halls.includes(hallId)) throw new MigrationInputError(`no hall "${hallId}" in ${s.file} (it has: ${s.halls.join(', ') || 'none'})`);
  const differences: string[] = [];
  const counts: TableCount[] = [];
  progress('row counts');
  for (const table of HALL_TABLES) counts.push({ table: table.name, sqlite: sqliteCount(s, table, hallId), pg: await targetCount(pool, table, hallId) });
  const off = counts.filter((c) => c.sqlite !== c.pg);
  if (off.length > 0) differences.push(`row counts: ${off.map((c) => `${c.table} ${c.sqlite} in SQLite, ${c.pg} in PostgreSQL`).join('; ')}`);

  progress('event log', 0);
  const left = new Replay();
  const right = new Replay();
  const log = await compareLogs(
    s,
    pool,
    hallId,
    (a, b) => {
      left.apply(a);
      right.apply(b);
    },
    (n) => progress('event log', n),
  );
  if (log.difference) differences.push(`event log: ${log.difference}`);

  progress('open queue');
  const settings = hallSettings(s, hallId);
  const sqliteStore = new SqliteHallStore(s.db);
  const queue = firstDifference(sqliteStore.loadHall(hallId, settings.serviceSamples), await pgStore.loadHall(hallId, settings.serviceSamples));
  if (queue) differences.push(`open queue (loadHall): ${queue}`);

  progress('request results');
  const requests = firstDifference(sqliteStore.loadRecentRequests(hallId, 0), await pgStore.loadRecentRequests(hallId, 0));
  if (requests) differences.push(`request results: ${requests}`);

  progress('statistics');
  const sqliteRecords = [...left.byId.values()];
  const pgRecords = [...right.byId.values()];
  let range: [string, string] | null = null;
  for (const r of [...sqliteRecords, ...pgRecords]) {
    if (!range) range = [r.day, r.day];
    else if (r.day < range[0]) range[0] = r.day;
    else if (r.day > range[1]) range[1] = r.day;
  }
  if (range) {
    const stats = firstDifference(replayedReport(sqliteRecords, ...range, settings.thresholds), replayedReport(pgRecords, ...range, settings.thresholds));
    if (stats) differences.push(`statistics ${range[0]}..${range[1]}: ${stats}`);
  }
  return { hallId, counts, events: log.sqliteEvents, tickets: sqliteRecords.length, range, differences, ms: performance.now() - started };
}

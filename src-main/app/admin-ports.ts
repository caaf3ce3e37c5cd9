import type { AlertView, HallConfig } from '../contracts';
import type { HallEvent } from '../domain';
import type { Actor } from './ports';

// Ports of the admin side: config versions, the audit log, alerts, personal-data purging and reading the
// event log by time. SQLite implements them (storage/sqlite); sync returns are allowed as in ports.ts.

type MaybePromise<T> = T | Promise<T>;

/** Same shapes as HallService's Failure and Outcome (structural), so admin code needs no import of it. */
export interface Failure {
  code: string;
  message: string;
  messageEn: string;
  details?: Record<string, string | number> | undefined;
}

export type Outcome<T> = { ok: true; data: T; replayed: boolean } | { ok: false; failure: Failure };

/** The running hall as the config service sees it: HallService implements it. */
export interface ReconfigurableHall {
  readonly hallId: string;
  readonly config: HallConfig;
  reconfigure(config: HallConfig, staffNames: ReadonlyMap<string, string>): Promise<Failure | null>;
}

/** Where a config version came from: the file, an admin's change, an imported file, the city's catalogue. */
export type ConfigSource = 'file' | 'admin' | 'import' | 'city';

export interface StoredConfigVersion {
  hallId: string;
  version: number;
  at: number;
  actor: Actor;
  source: ConfigSource;
  /** For a version seeded from the config file: a digest of that file's content. */
  fileDigest: string | null;
  /** As saved: validated when written, validated again when read (the schema may have moved on). */
  config: unknown;
}

export interface ConfigStore {
  latestConfig(hallId: string): MaybePromise<StoredConfigVersion | undefined>;
  /** The most recent version seeded from the config file. */
  latestFileVersion(hallId: string): MaybePromise<StoredConfigVersion | undefined>;
  /** Appends the next version and returns its number. */
  saveConfig(v: Omit<StoredConfigVersion, 'version'>): MaybePromise<number>;
}

export interface AuditRecord {
  hallId: string;
  at: number;
  actor: Actor;
  /** e.g. config.update, account.create, device.rotateKey, alert.ack, privacy.purge */
  action: string;
  summary: string;
  summaryEn: string;
  data: unknown;
}

export interface AuditQuery {
  types?: string[] | undefined;
  actor?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  number?: string | undefined;
  /** Older than this event sequence number / admin record id (keyset paging); absent: the newest. */
  before?: { seq: number; adminId: number } | undefined;
  limit: number;
  /** Counts stop at this many. */
  countCap: number;
}

/** One row of the audit page: a queue event or an admin record, newest first. */
export type AuditRow =
  | { source: 'event'; ref: number; at: number; actor: Actor; event: HallEvent }
  | { source: 'admin'; ref: number; at: number; actor: Actor; action: string; summary: string; summaryEn: string; data: unknown };

export interface AuditResult {
  rows: AuditRow[];
  /** Matches counted up to the query's cap; `capped` when the cap was reached. */
  total: number;
  capped: boolean;
  /** Where the next older page starts; null when nothing older matches. */
  next: { seq: number; adminId: number } | null;
}

export interface AuditStore {
  append(record: AuditRecord): MaybePromise<void>;
  query(hallId: string, q: AuditQuery): MaybePromise<AuditResult>;
}

export interface EventRangeReader {
  /** Queue events with fromAt <= at < toAt, in log order. */
  eventsBetween(hallId: string, fromAt: number, toAt: number): MaybePromise<Array<{ seq: number; at: number; event: HallEvent }>>;
}

export interface AlertStore {
  /** Alerts not yet cleared, and cleared ones nobody has acknowledged, raised at or after sinceAt. */
  openAlerts(hallId: string, sinceAt: number): MaybePromise<AlertView[]>;
  insert(hallId: string, alert: Omit<AlertView, 'id'>): MaybePromise<number>;
  update(hallId: string, alert: AlertView): MaybePromise<void>;
  list(hallId: string, fromAt: number, toAt: number): MaybePromise<AlertView[]>;
  get(hallId: string, id: number): MaybePromise<AlertView | undefined>;
}

export interface PrivacyStore {
  /**
   * Removes keyed ID hashes (and mobile numbers) of service days before `beforeDay`, from at most `limit`
   * rows per table; returns how many rows lost them, per table (fewer than `limit` everywhere: done).
   */
  purgeIdHashes(hallId: string, beforeDay: string, limit: number): MaybePromise<Record<string, number>>;
}

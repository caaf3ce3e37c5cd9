import { z } from 'zod';
import type { HallConfig } from './hall-config';
import type { RatingLevel, TicketSource } from './views';
import { requestId } from './socket-inputs';

// Admin, supervision (电子监察), statistics and audit: what those pages send and get back. Nothing here
// carries a password hash, a device key (except a new one, once) or an ID hash.

/** Top-level config keys an admin may not set through config:update (accounts and devices have their own events). */
export const LOCKED_CONFIG_KEYS = ['id', 'production', 'accounts', 'devices', 'secrets'] as const;

export type AlertKind = 'wait' | 'service' | 'pause' | 'device' | 'case';
export type AlertLevel = 'yellow' | 'red';

/** One alert as kept: raised once per condition, escalated yellow → red, cleared when the condition ends. */
export interface AlertView {
  id: number;
  /** Stable while the condition lasts, e.g. wait:2026-11-23/A017. */
  key: string;
  kind: AlertKind;
  level: AlertLevel;
  /** A ticket number, a window id or a device id. */
  subject: string;
  message: string;
  messageEn: string;
  /** When the condition crossed its threshold. */
  since: number;
  raisedAt: number;
  escalatedAt: number | null;
  clearedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  ackNote: string | null;
}

export interface AdminAccountView {
  username: string;
  displayName: string;
  role: 'staff' | 'supervisor' | 'admin';
  disabled: boolean;
}

export interface AdminDeviceView {
  id: string;
  kind: 'kiosk' | 'display' | 'window-display';
  name: string | null;
  windowId: number | null;
}

export type EditableHallConfig = Omit<HallConfig, 'secrets' | 'accounts' | 'devices'>;

/** The live hall config as the admin page edits it: secrets left out, accounts and devices without credentials. */
export interface AdminConfigView {
  version: number;
  updatedAt: number;
  updatedBy: string;
  config: EditableHallConfig;
  accounts: AdminAccountView[];
  devices: AdminDeviceView[];
}

/** A device's new key, shown once: the hall keeps only its hash. */
export interface DeviceKeyView {
  device: AdminDeviceView;
  key: string;
}

export interface AuditEntryView {
  /** `event`: a queue event (the append-only event log); `admin`: a config change, an acknowledgement, a purge. */
  source: 'event' | 'admin';
  /** Event sequence number, or audit row id. */
  ref: number;
  at: number;
  type: string;
  actor: { kind: string; id: string };
  actorName: string | null;
  /** The actor's name for English readers: a device's kind where it has no name of its own. */
  actorNameEn: string | null;
  ticketNumber: string | null;
  summary: string;
  summaryEn: string;
}

/**
 * A booking by a short reference in the audit: its id is random (the log must not link a citizen's bookings)
 * and long; its first six characters tell one booking's entries apart, in the entries and the actor column.
 */
export const bookingRef = (bookingId: string): string => `#${bookingId.slice(0, 6)}`;

export interface AuditPageView {
  /** How many entries match, counted up to AUDIT_COUNT_CAP: with `totalCapped` there are at least that many. */
  total: number;
  totalCapped: boolean;
  limit: number;
  entries: AuditEntryView[];
  /** The cursor for the next (older) page, or null on the last page. */
  next: string | null;
}

/** Filtered audit counts stop here: a count over years of log would cost more than the page itself. */
export const AUDIT_COUNT_CAP = 10_000;

/** Where a rating came from (the domain's RatingChannel). */
type RatingChannelName = 'window' | 'phone' | 'slip-qr' | 'booking';

/**
 * Figures of a set of tickets. Waits and service times are measured in tenths of a minute (6 s): the
 * averages and the 90th percentile are given to one decimal, and "over a threshold" compares the wait so
 * rounded with the threshold.
 */
export interface StatisticsFiguresView {
  issued: number;
  bySource: Record<TicketSource, number>;
  served: number;
  noShows: number;
  noShowRate: number | null;
  cancelled: number;
  expired: number;
  waitAverageMinutes: number | null;
  waitP90Minutes: number | null;
  serviceAverageMinutes: number | null;
  overWaitYellow: number;
  overWaitRed: number;
  overService: number;
  ratings: Record<RatingLevel, number>;
  rated: number;
  /** (非常满意 + 满意 + 基本满意) / every rating. */
  satisfactionRate: number | null;
  /** 不满意 + 非常不满意: how many, and their share of every rating. */
  badRated: number;
  badRatingRate: number | null;
  /** Ratings per channel; a rating logged before channels existed counts as the window's. */
  ratingsByChannel: Record<RatingChannelName, number>;
  lowReasons: Record<string, number>;
}

/**
 * 差评整改 figures of the bad-rating cases of a set of tickets (counted by the rated ticket's service day).
 * Deadlines are judged at the report's `asOf`: a case not answered and past its deadline then is late.
 */
export interface CaseFiguresView {
  opened: number;
  /** Not closed yet. */
  open: number;
  /** Answered (整改反馈), on time or not. */
  answered: number;
  answeredOnTime: number;
  /** Not answered and past the deadline at `asOf` (an upheld appeal is neither). */
  overdue: number;
  /** answeredOnTime / (answered + overdue): null when nothing was answered or due yet. */
  onTimeRate: number | null;
  /** Real-name (实名) ratings: a mobile came with them. */
  realName: number;
  realNameAnswered: number;
  /** Real-name answered cases with a recorded callback (回访). */
  calledBack: number;
  /** calledBack / realNameAnswered. */
  callbackRate: number | null;
  appeals: number;
  appealsUpheld: number;
}

export interface CaseStatisticsView {
  total: CaseFiguresView;
  byDay: Record<string, CaseFiguresView>;
  byMonth: Record<string, CaseFiguresView>;
  byCategory: Record<string, CaseFiguresView>;
  byWindow: Record<string, CaseFiguresView>;
  byStaff: Record<string, CaseFiguresView>;
}

/**
 * How a window's place against the window ranked just above it was decided when their satisfaction rates
 * are equal: by the number of bad ratings, by the on-time rate, or not at all (tied: the same rank).
 */
export type RankingTieBreak = 'bad-ratings' | 'on-time' | 'tied';

export interface WindowRankingView {
  /** 1 = best; tied windows share a rank (1, 1, 3). */
  rank: number;
  windowId: number;
  /** Ratings counted: every rating of the month's days in the range but those whose appeal was upheld. */
  rated: number;
  satisfactionRate: number | null;
  badRatings: number;
  /** Bad ratings taken out because the window's appeal was upheld (申诉成立). */
  appealsUpheld: number;
  /** Cases answered or past their deadline, and the share answered on time (null: none; counts as 100 %). */
  casesDue: number;
  onTimeRate: number | null;
  tieBreak: RankingTieBreak | null;
}

/** 窗口月度排名: windows with ratings ordered by satisfaction rate, then fewer bad ratings, then on-time rate. */
export interface MonthRankingView {
  month: string;
  /** The days of the month inside the report's range. */
  from: string;
  to: string;
  windows: WindowRankingView[];
}

/** A 不满意 or 非常不满意 rating with what the citizen said. */
export interface LowRatingView {
  number: string;
  day: string;
  level: RatingLevel;
  reasons: string[];
  comment: string | null;
  windowId: number | null;
  staffId: string | null;
  at: number;
}

/** The report lists at most this many low ratings (newest first); the XLSX export has all of them. */
export const LOW_RATINGS_SHOWN = 200;

/** GET /api/halls/:hallId/statistics: figures from the event log for service days from..to. */
/** English names of categories and windows by key, for the pages' English mode. */
export interface EnglishGroupNames {
  categories: Record<string, string>;
  windows: Record<string, string>;
}

export interface StatisticsReport {
  from: string;
  to: string;
  thresholds: { waitYellowMinutes: number; waitRedMinutes: number; serviceLimitMinutes: number };
  total: StatisticsFiguresView;
  byDay: Record<string, StatisticsFiguresView>;
  byCategory: Record<string, StatisticsFiguresView>;
  byWindow: Record<string, StatisticsFiguresView>;
  byStaff: Record<string, StatisticsFiguresView>;
  /** Months (YYYY-MM) of the range, each over its days inside the range. */
  byMonth: Record<string, StatisticsFiguresView>;
  /** 差评整改: the bad-rating cases of the range's service days, grouped as the figures are. */
  cases: CaseStatisticsView;
  /** 窗口月度排名 of each month of the range. */
  rankings: MonthRankingView[];
  /** When the case deadlines were judged (the hall's clock when the report was made). */
  asOf: number;
  /** The newest low ratings of the range (at most LOW_RATINGS_SHOWN), and how many there are in all. */
  lowRatings: LowRatingView[];
  lowRatingsTotal: number;
  /** Display names for the keys of byCategory, byWindow and byStaff. */
  names: { categories: Record<string, string>; windows: Record<string, string>; staff: Record<string, string> };
  /** English names of the same categories and windows where the hall's config has them (else absent). */
  namesEn?: EnglishGroupNames | undefined;
  /**
   * The hall's event sequence number the figures include everything up to. `complete` is false while the
   * statistics are still being rebuilt (after an upgrade): the figures then stop at `upToSeq`.
   */
  upToSeq: number;
  complete: boolean;
}

// ---- inputs ----

const username = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/, 'letters, digits, - and _, at most 48');
const deviceId = username;
const password = z.string().min(8, 'at least 8 characters').max(200);
const accountRole = z.enum(['staff', 'supervisor', 'admin']);

export const configUpdateInput = z
  .object({
    requestId,
    /** Top-level sections to replace, e.g. { windows: [...] } or { notice: '…' }. */
    changes: z.record(z.string(), z.unknown()).refine((c) => Object.keys(c).length > 0, { message: 'nothing to change' }),
  })
  .strict();

export const accountCreateInput = z.object({ requestId, username, displayName: z.string().trim().min(1).max(30), role: accountRole, password }).strict();
export const accountUpdateInput = z
  .object({ requestId, username, displayName: z.string().trim().min(1).max(30).optional(), role: accountRole.optional(), disabled: z.boolean().optional() })
  .strict();
export const accountPasswordInput = z.object({ requestId, username, password }).strict();

export const deviceCreateInput = z
  .object({
    requestId,
    id: deviceId,
    kind: z.enum(['kiosk', 'display', 'window-display']),
    name: z.string().trim().max(60).optional(),
    windowId: z.number().int().positive().optional(),
  })
  .strict();
export const deviceRefInput = z.object({ requestId, id: deviceId }).strict();

export const alertAckInput = z.object({ requestId, alertId: z.number().int().positive(), note: z.string().trim().min(1, 'a note is required').max(200) }).strict();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const alertListInput = z.object({ from: day, to: day }).strict();

export const auditListInput = z
  .object({
    /** Event types (TicketCalled…) or admin actions (config.update…); empty means all. */
    types: z.array(z.string().regex(/^[A-Za-z.]{1,40}$/)).max(40).optional(),
    actor: z.string().trim().min(1).max(48).optional(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    number: z
      .string()
      .regex(/^[A-Za-z]\d{3}$/, 'a ticket number like A017')
      .transform((s) => s.toUpperCase())
      .optional(),
    /** From the previous page's `next`: the page of older entries after it. Absent: the newest page. */
    cursor: z.string().regex(/^\d{1,16}:\d{1,16}$/, 'the "next" value of a previous page').optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export type ConfigUpdateInput = z.input<typeof configUpdateInput>;
export type AccountCreateInput = z.input<typeof accountCreateInput>;
export type AccountUpdateInput = z.input<typeof accountUpdateInput>;
export type AccountPasswordInput = z.input<typeof accountPasswordInput>;
export type DeviceCreateInput = z.input<typeof deviceCreateInput>;
export type DeviceRefInput = z.input<typeof deviceRefInput>;
export type AlertAckInput = z.input<typeof alertAckInput>;
export type AlertListInput = z.input<typeof alertListInput>;
export type AuditListInput = z.input<typeof auditListInput>;
export type AuditListQuery = z.output<typeof auditListInput>;

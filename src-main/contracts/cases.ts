import { z } from 'zod';
import { requestId } from './socket-inputs';
import type { RatingLevel } from './views';

// The domain's names, repeated here (contracts depend on nothing but zod); src-main/app/case-views.ts
// checks at compile time that they are the domain's.
export type CaseState = 'verifying' | 'rectifying' | 'appealed' | 'answered' | 'reviewed' | 'closed';
export type CaseOutcome = 'rectified' | 'appeal-upheld';
export type CallbackAnswer = 'satisfied' | 'basic' | 'dissatisfied';
export type CaseAction = 'opened' | 'verified' | 'appealed' | 'appeal-upheld' | 'appeal-refused' | 'answered' | 'review-approved' | 'review-returned' | 'closed';
export type RatingChannel = 'window' | 'phone' | 'slip-qr' | 'booking';

// 好差评 closed loop over the socket: the case board (staff of the window's team, supervisors, admins), and
// the citizen's rating from the phone, the slip's QR code or a booking's page.

const ticketIdPattern = /^\d{4}-\d{2}-\d{2}\/[A-Z]\d{3}$/;
export const caseId = z.string().regex(ticketIdPattern, 'a case id (the ticket id) like 2026-11-23/A017');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const note = (min: number, max: number) => z.string().trim().min(min, `at least ${min} character(s)`).max(max);
export const CASE_STATE_VALUES = ['verifying', 'rectifying', 'appealed', 'answered', 'reviewed', 'closed'] as const satisfies readonly CaseState[];
export const CALLBACK_ANSWER_VALUES = ['satisfied', 'basic', 'dissatisfied'] as const satisfies readonly CallbackAnswer[];
export const RATING_LEVEL_VALUES = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'] as const satisfies readonly RatingLevel[];

/** Chinese mainland mobile numbers: 11 digits starting with 1. */
export const mobileNumber = z.string().trim().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number of 11 digits, like 13800138000');

/**
 * The board's list. `open` (default) is every case whose loop is not closed; a state picks one; `all` with
 * a range of rating days reads closed ones too. `deadline` keeps only yellow or red ones.
 */
export const caseListInput = z
  .object({
    state: z.union([z.enum(CASE_STATE_VALUES), z.enum(['open', 'all'])]).default('open'),
    windowId: z.number().int().min(1).max(9999).optional(),
    categoryId: z.string().regex(/^[A-Z]$/).optional(),
    staffId: z.string().min(1).max(48).optional(),
    deadline: z.enum(['yellow', 'red', 'any-alert']).optional(),
    from: day.optional(),
    to: day.optional(),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .strict();
export const caseRefInput = z.object({ caseId }).strict();
export const caseVerifyInput = z.object({ requestId, caseId, note: note(2, 500) }).strict();
export const caseAppealInput = z.object({ requestId, caseId, reason: note(5, 500) }).strict();
export const caseDecideAppealInput = z.object({ requestId, caseId, upheld: z.boolean(), note: note(2, 500) }).strict();
export const caseAnswerInput = z
  .object({
    requestId,
    caseId,
    rectification: note(5, 1000),
    callback: z.object({ answer: z.enum(CALLBACK_ANSWER_VALUES), note: note(0, 500).default('') }).strict().nullable(),
  })
  .strict();
export const caseReviewInput = z.object({ requestId, caseId, approved: z.boolean(), note: note(2, 500) }).strict();
export const caseCloseInput = z.object({ requestId, caseId, note: note(0, 500).default('') }).strict();

/**
 * A citizen's rating from the phone: `via` 't' with a ticket's live-page token (a remote ticket's page or
 * the slip's QR code), 'b' with a booking's token. An optional mobile makes it real-name (实名评价).
 */
export const citizenRateInput = z
  .object({
    requestId,
    via: z.enum(['t', 'b']),
    token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a page token'),
    level: z.enum(RATING_LEVEL_VALUES),
    reasons: z.array(z.string().min(1).max(20)).max(12).optional(),
    comment: z.string().trim().max(200).nullish(),
    mobile: mobileNumber.nullish(),
  })
  .strict();
/** The rating state of a ticket or booking page, without rating. */
export const citizenRatingGetInput = z.object({ via: z.enum(['t', 'b']), token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a page token') }).strict();

export type CaseListInput = z.input<typeof caseListInput>;
export type CaseRefInput = z.input<typeof caseRefInput>;
export type CaseVerifyInput = z.input<typeof caseVerifyInput>;
export type CaseAppealInput = z.input<typeof caseAppealInput>;
export type CaseDecideAppealInput = z.input<typeof caseDecideAppealInput>;
export type CaseAnswerInput = z.input<typeof caseAnswerInput>;
export type CaseReviewInput = z.input<typeof caseReviewInput>;
export type CaseCloseInput = z.input<typeof caseCloseInput>;
export type CitizenRateInput = z.input<typeof citizenRateInput>;
export type CitizenRatingGetInput = z.input<typeof citizenRatingGetInput>;

/** ok: time left; yellow: in the last working day(s) (warnAt passed); red: past the deadline, not answered; done: answered or closed. */
export type CaseDeadlineColour = 'ok' | 'yellow' | 'red' | 'done';

export interface CaseStepView {
  at: number;
  action: CaseAction;
  by: string | null;
  byName: string | null;
  note: string;
}

/** A case as the board shows it. */
export interface RatingCaseView {
  id: string;
  number: string;
  serviceDay: string;
  categoryId: string;
  categoryName: string;
  categoryNameEn: string;
  matterName: string | null;
  /** English names where the config has them (else the Chinese ones); optional only for hand-built views. */
  matterNameEn?: string | null | undefined;
  windowId: number;
  windowName: string;
  windowNameEn?: string | undefined;
  staffId: string | null;
  staffName: string | null;
  teamId: string | null;
  teamName: string | null;
  teamNameEn?: string | null | undefined;
  level: RatingLevel;
  reasons: string[];
  comment: string | null;
  channel: RatingChannel;
  /** 实名: a mobile was given; the callback is required. */
  realName: boolean;
  /** Masked (138****0000) in lists; the full number only in case:get for those who must call back. */
  mobile: string | null;
  state: CaseState;
  outcome: CaseOutcome | null;
  openedAt: number;
  warnAt: number;
  dueAt: number;
  colour: CaseDeadlineColour;
  /** Working days left until the deadline, today included while it is one (0 once past); null when no longer running. */
  workingDaysLeft: number | null;
  /** Answered by the deadline; null while open and not yet late. */
  onTime: boolean | null;
  verification: string | null;
  rectification: string | null;
  callback: { at: number; by: string; byName: string | null; answer: CallbackAnswer; note: string } | null;
  answeredAt: number | null;
  appeal: { at: number; by: string; reason: string } | null;
  closedAt: number | null;
  history: CaseStepView[];
  /** What this viewer may do next (the board shows only these buttons). */
  canDo: CaseVerb[];
  /** The hall's sequence number when the view was made. */
  seq: number;
}

export type CaseVerb = 'verify' | 'appeal' | 'decideAppeal' | 'answer' | 'review' | 'close';

export interface CaseListView {
  cases: RatingCaseView[];
  /** More matched than `limit`. */
  more: boolean;
  /** Counts of every open case by colour, whatever the filter: the board's header. */
  counts: { open: number; yellow: number; red: number; appealed: number };
}

/** What the citizen's page shows about the rating of its ticket. */
export interface CitizenRatingView {
  /** 'open': may rate now (until `closesAt`); 'rated': received; 'closed': the time has passed unrated; 'not-yet': the service is not finished. */
  status: 'not-yet' | 'open' | 'rated' | 'closed';
  closesAt: number | null;
  number: string;
  windowName: string | null;
  /** The hall's reasons for a low rating. */
  lowReasons: string[];
  rating: { level: RatingLevel; reasons: string[]; comment: string | null; at: number; channel: RatingChannel; realName: boolean } | null;
  /**
   * For a real-name bad rating: how the case stands and, once answered, what was done. Anonymous ratings
   * show only that they were received.
   */
  result: { state: CaseState; rectification: string | null; answeredAt: number | null; closedAt: number | null; outcome: CaseOutcome | null } | null;
}

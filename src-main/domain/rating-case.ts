import type { RatingChannel, RatingLevel } from './rating';

// 好差评 整改: every 不满意 / 非常不满意 opens a case. The rule is 谁办理谁负责: the case belongs to the window
// (and its team) that finished the service, and a supervisor watches it. The case id is the ticket id: a
// ticket is rated once, so it has at most one case.
//
//   verifying (待核实) ──verify──▶ rectifying (整改中) ──answer──▶ answered (已反馈) ──review ok──▶ reviewed (已复核) ──close──▶ closed (关闭)
//        │                              ▲    │                           │ review sent back ─▶ rectifying
//        └──appeal──▶ appealed (申诉) ──┘    └──appeal──▶ appealed        appeal upheld ──▶ closed (outcome appeal-upheld)
//                      (appeal refused: back to rectifying)

export const CASE_STATES = ['verifying', 'rectifying', 'appealed', 'answered', 'reviewed', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** States whose deadline still runs: the case has not been answered (整改反馈) yet. */
export const CASE_CLOCK_RUNNING: ReadonlySet<CaseState> = new Set(['verifying', 'rectifying', 'appealed']);

export type CaseOutcome = 'rectified' | 'appeal-upheld';

/** What the citizen said when called back. */
export const CALLBACK_ANSWERS = ['satisfied', 'basic', 'dissatisfied'] as const;
export type CallbackAnswer = (typeof CALLBACK_ANSWERS)[number];

export interface CaseCallback {
  at: number;
  by: string;
  /** The citizen's answer to the rectification. */
  answer: CallbackAnswer;
  note: string;
}

export type CaseAction = 'opened' | 'verified' | 'appealed' | 'appeal-upheld' | 'appeal-refused' | 'answered' | 'review-approved' | 'review-returned' | 'closed';

/** One line of the case's history, as the board shows it. */
export interface CaseStep {
  at: number;
  action: CaseAction;
  /** The account that acted; null for the system (opening). */
  by: string | null;
  note: string;
}

export interface RatingCase {
  /** The ticket id (`<day>/<number>`). */
  id: string;
  hallId: string;
  number: string;
  serviceDay: string;
  categoryId: string;
  matterId: string | null;
  /** 谁办理谁负责: the window and staff member that finished the service. */
  windowId: number;
  staffId: string | null;
  /** The team of the window (evaluation.teams), or null: then the hall's supervisors own it. */
  teamId: string | null;
  level: RatingLevel;
  reasons: string[];
  comment: string | null;
  channel: RatingChannel;
  /**
   * The citizen's mobile for the callback (实名评价). Kept in the case's row only while the case needs it;
   * the event log and everything sent to the city or the province hold it masked.
   */
  mobile: string | null;
  /**
   * The ticket's live-page token: the citizen's page finds its case by it after the ticket has left memory.
   * Empty in the log and everything shared, like the ticket's own token.
   */
  token: string;
  state: CaseState;
  outcome: CaseOutcome | null;
  openedAt: number;
  /** Yellow supervision alert from here while the case is not answered. */
  warnAt: number;
  /** The deadline (end of the last working day): red after it while not answered. */
  dueAt: number;
  verification: string | null;
  rectification: string | null;
  /** Null for an anonymous rating (no mobile): it cannot be called back. */
  callback: CaseCallback | null;
  answeredAt: number | null;
  appeal: { at: number; by: string; reason: string } | null;
  closedAt: number | null;
  history: CaseStep[];
}

/** Whether the case was answered by its deadline (null while not answered and not yet late). */
export function answeredOnTime(c: RatingCase, now: number): boolean | null {
  if (c.answeredAt !== null) return c.answeredAt <= c.dueAt;
  if (c.outcome === 'appeal-upheld') return null;
  return now > c.dueAt ? false : null;
}

export interface CaseTeamRule {
  id: string;
  name: string;
  nameEn: string;
  windows: number[];
  /** Staff usernames of the team: they may act on the team's cases besides the one who served. */
  members: string[];
  /** The supervisor's username, shown on the board. */
  supervisor?: string | undefined;
}

export interface CaseRules {
  /** Working days to answer (整改反馈), counted from the working day after the rating. */
  answerWorkingDays: number;
  /** Yellow alert at the start of this many working days before the deadline's day ends (1 = the last day). */
  warnWorkingDays: number;
  teams: CaseTeamRule[];
}

/** Closed cases stay in memory this long, so the citizen's page still shows how its case ended. */
export const CLOSED_CASE_KEPT_MS = 7 * 24 * 3_600_000;

export const DEFAULT_CASE_RULES: CaseRules = { answerWorkingDays: 5, warnWorkingDays: 1, teams: [] };

export function teamOfWindow(rules: CaseRules, windowId: number): CaseTeamRule | null {
  return rules.teams.find((t) => t.windows.includes(windowId)) ?? null;
}

type CaseChange =
  | { type: 'CaseVerified'; at: number; by: string; note: string }
  | { type: 'CaseAppealed'; at: number; by: string; reason: string }
  | { type: 'CaseAppealDecided'; at: number; by: string; upheld: boolean; note: string }
  | { type: 'CaseAnswered'; at: number; by: string; rectification: string; callback: CaseCallback | null }
  | { type: 'CaseReviewed'; at: number; by: string; approved: boolean; note: string }
  | { type: 'CaseClosed'; at: number; by: string; note: string };

/**
 * One case event applied to a case, in place. Shared by the hall's state (evolve) and the read model's
 * projection, so the board, the reports and the provincial upload all see the same case.
 */
export function applyCaseChange(c: RatingCase, e: CaseChange): RatingCase {
  switch (e.type) {
    case 'CaseVerified':
      c.state = 'rectifying';
      c.verification = e.note;
      c.history.push({ at: e.at, action: 'verified', by: e.by, note: e.note });
      return c;
    case 'CaseAppealed':
      c.state = 'appealed';
      c.appeal = { at: e.at, by: e.by, reason: e.reason };
      c.history.push({ at: e.at, action: 'appealed', by: e.by, note: e.reason });
      return c;
    case 'CaseAppealDecided':
      if (e.upheld) {
        c.state = 'closed';
        c.outcome = 'appeal-upheld';
        c.closedAt = e.at;
      } else {
        c.state = 'rectifying';
      }
      c.history.push({ at: e.at, action: e.upheld ? 'appeal-upheld' : 'appeal-refused', by: e.by, note: e.note });
      return c;
    case 'CaseAnswered':
      c.state = 'answered';
      c.rectification = e.rectification;
      c.callback = e.callback ? { ...e.callback } : null;
      c.answeredAt = e.at;
      c.history.push({ at: e.at, action: 'answered', by: e.by, note: e.rectification });
      return c;
    case 'CaseReviewed':
      // Sent back: the answer no longer counts; the next answer is timed against the same deadline.
      if (e.approved) c.state = 'reviewed';
      else {
        c.state = 'rectifying';
        c.answeredAt = null;
      }
      c.history.push({ at: e.at, action: e.approved ? 'review-approved' : 'review-returned', by: e.by, note: e.note });
      return c;
    case 'CaseClosed':
      c.state = 'closed';
      c.outcome = 'rectified';
      c.closedAt = e.at;
      c.history.push({ at: e.at, action: 'closed', by: e.by, note: e.note });
      return c;
  }
}


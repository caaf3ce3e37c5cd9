import type { CaseRules } from './rating-case';
import { DEFAULT_CASE_RULES } from './rating-case';

// 好差评: the citizen rates a finished service at the window that gave it. Five levels, as the national
// "good/bad review" system defines them; the two low ones may carry reasons from the hall's list.

export const RATING_LEVELS = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** Levels that count as a bad review (差评): only these may name reasons. */
export const LOW_RATING_LEVELS: ReadonlySet<RatingLevel> = new Set(['dissatisfied', 'very-dissatisfied']);

/**
 * Where a rating came from: the window's evaluator (一次一评), the phone page of a remote ticket, the QR code
 * on a kiosk slip, or a booking's page (一事一评). A ticket is rated once, whichever comes first.
 */
export const RATING_CHANNELS = ['window', 'phone', 'slip-qr', 'booking'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];

export interface TicketRating {
  level: RatingLevel;
  channel: RatingChannel;
  /** A mobile number came with it (实名): a bad rating must then be called back. */
  realName: boolean;
  reasons: string[];
  comment: string | null;
  at: number;
  /** The window and staff member rated: the ones that finished the ticket. */
  windowId: number;
  staffId: string | null;
}

export interface EvaluationRules {
  /** How long after 办结 the window's evaluator offers the rating. */
  timeoutSeconds: number;
  /** How long after 办结 any channel accepts a rating (the phone, the slip's QR code, a booking's page). */
  acceptHours: number;
  /** Bad-rating cases: deadlines in working days, teams. */
  cases: CaseRules;
  /** Reasons a citizen may pick for a low rating. */
  lowReasons: string[];
}

export const DEFAULT_EVALUATION_RULES: EvaluationRules = {
  timeoutSeconds: 600,
  acceptHours: 72,
  cases: DEFAULT_CASE_RULES,
  lowReasons: ['等候时间长', '办事效率低', '服务态度差', '政策解释不清', '材料要求反复'],
};

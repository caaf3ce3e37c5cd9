// 好差评: the citizen rates a finished service at the window that gave it. Five levels, as the national
// "good/bad review" system defines them; the two low ones may carry reasons from the hall's list.

export const RATING_LEVELS = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** Levels that count as a bad review (差评): only these may name reasons. */
export const LOW_RATING_LEVELS: ReadonlySet<RatingLevel> = new Set(['dissatisfied', 'very-dissatisfied']);

export interface TicketRating {
  level: RatingLevel;
  reasons: string[];
  comment: string | null;
  at: number;
  /** The window and staff member rated: the ones that finished the ticket. */
  windowId: number;
  staffId: string | null;
}

export interface EvaluationRules {
  /** How long after 办结 a rating is accepted. */
  timeoutSeconds: number;
  /** Reasons a citizen may pick for a low rating. */
  lowReasons: string[];
}

export const DEFAULT_EVALUATION_RULES: EvaluationRules = {
  timeoutSeconds: 600,
  lowReasons: ['等候时间长', '办事效率低', '服务态度差', '政策解释不清', '材料要求反复'],
};

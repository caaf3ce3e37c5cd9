import type { EvaluationInvite, RatingView } from '../contracts';
import type { CompiledRules, HallState, Ticket } from '../domain';
import { ratingDeadline, ticketAwaitingRating } from '../domain';
import type { HallLabels } from './views';

/** What a window screen needs to turn into the evaluator for a finished ticket. */
export function evaluationInvite(rules: CompiledRules, labels: HallLabels, t: Ticket, seq: number): EvaluationInvite {
  return {
    seq,
    ticketId: t.id,
    number: t.number,
    windowId: t.windowId ?? 0,
    staffName: t.staffId ? (labels.staffNames.get(t.staffId) ?? t.staffId) : null,
    finishedAt: t.finishedAt ?? 0,
    expiresAt: ratingDeadline(t, { rules }) ?? 0,
  };
}

/** The invite a window screen should (still) show when it connects, e.g. after a reload mid-evaluation. */
export function pendingEvaluation(state: HallState, rules: CompiledRules, labels: HallLabels, windowId: number, now: number, seq: number): EvaluationInvite | null {
  const t = ticketAwaitingRating(state, { now, rules }, windowId);
  return t ? evaluationInvite(rules, labels, t, seq) : null;
}

export function ratingView(t: Ticket): RatingView {
  if (!t.rating) throw new Error(`ticket ${t.id} has no rating`);
  return {
    ticketId: t.id,
    number: t.number,
    windowId: t.rating.windowId,
    staffId: t.rating.staffId,
    level: t.rating.level,
    reasons: [...t.rating.reasons],
    comment: t.rating.comment,
    ratedAt: t.rating.at,
  };
}

import type { HallCommand } from './commands';
import type { DecideContext, Decision } from './decision';
import { accept, reject } from './decision';
import { LOW_RATING_LEVELS } from './rating';
import { refuse } from './refusals';
import type { HallState } from './state';
import type { Ticket } from './ticket';

type RateService = Extract<HallCommand, { type: 'RateService' }>;

/** The moment after which a finished ticket can no longer be rated. */
export function ratingDeadline(ticket: Ticket, ctx: Pick<DecideContext, 'rules'>): number | null {
  return ticket.finishedAt === null ? null : ticket.finishedAt + ctx.rules.evaluation.timeoutSeconds * 1000;
}

/**
 * 好差评: a finished ticket is rated once, at the window that finished it, within the hall's time limit.
 * The rating names the window and the staff member who finished it, so reports never have to guess.
 */
export function decideRate(cmd: RateService, state: HallState, ctx: DecideContext): Decision {
  const t = state.tickets.get(cmd.ticketId);
  if (!t) return reject(refuse('NO_SUCH_TICKET', { ticket: cmd.ticketId }));
  if (t.state !== 'finished' || t.finishedAt === null) return reject(refuse('TICKET_NOT_FINISHED', { number: t.number, state: t.state }));
  if (t.windowId !== cmd.windowId) return reject(refuse('RATING_WRONG_WINDOW', { number: t.number, window: cmd.windowId }));
  if (t.rating !== null) return reject(refuse('ALREADY_RATED', { number: t.number }));
  if (ctx.now > ratingDeadline(t, ctx)!) {
    return reject(refuse('RATING_EXPIRED', { number: t.number, seconds: ctx.rules.evaluation.timeoutSeconds }));
  }
  const reasons = [...new Set(cmd.reasons ?? [])];
  if (reasons.length > 0 && !LOW_RATING_LEVELS.has(cmd.level)) {
    return reject(refuse('RATING_REASONS_NOT_ALLOWED', { level: cmd.level }));
  }
  const allowed = new Set(ctx.rules.evaluation.lowReasons);
  const unknown = reasons.find((r) => !allowed.has(r));
  if (unknown !== undefined) return reject(refuse('RATING_REASON_INVALID', { reason: unknown }));
  const comment = cmd.comment?.trim() || null;
  return accept({
    type: 'ServiceRated',
    at: ctx.now,
    ticketId: t.id,
    windowId: t.windowId,
    staffId: t.staffId,
    level: cmd.level,
    reasons,
    comment,
  });
}

/** The ticket a window's evaluator should offer now: its latest finished, unrated one still within the limit. */
export function ticketAwaitingRating(state: HallState, ctx: DecideContext, windowId: number): Ticket | null {
  let best: Ticket | null = null;
  for (const t of state.tickets.values()) {
    if (t.state !== 'finished' || t.windowId !== windowId || t.rating !== null || t.finishedAt === null) continue;
    if (ctx.now > ratingDeadline(t, ctx)!) continue;
    if (!best || t.finishedAt > best.finishedAt!) best = t;
  }
  return best;
}

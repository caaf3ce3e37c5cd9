import type { HallCommand } from './commands';
import type { DecideContext, Decision } from './decision';
import { accept, reject } from './decision';
import type { HallEvent } from './events';
import { LOW_RATING_LEVELS } from './rating';
import type { RatingCase } from './rating-case';
import { teamOfWindow } from './rating-case';
import { refuse } from './refusals';
import type { HallState } from './state';
import { ticketForRating } from './state';
import type { Ticket } from './ticket';
import { caseDeadlines } from './working-days';

type RateService = Extract<HallCommand, { type: 'RateService' }>;

/** The moment after which the window's evaluator no longer offers the rating. */
export function ratingDeadline(ticket: Ticket, ctx: Pick<DecideContext, 'rules'>): number | null {
  return ticket.finishedAt === null ? null : ticket.finishedAt + ctx.rules.evaluation.timeoutSeconds * 1000;
}

/** The moment after which no channel accepts a rating (evaluation.acceptHours). */
export function ratingClosesAt(ticket: Ticket, ctx: Pick<DecideContext, 'rules'>): number | null {
  return ticket.finishedAt === null ? null : ticket.finishedAt + ctx.rules.evaluation.acceptHours * 3_600_000;
}

/**
 * 好差评: a finished ticket is rated once, whichever channel comes first — the evaluator of the window that
 * finished it (within its screen time), or the phone, the slip's QR code or a booking's page (within
 * acceptHours). The rating names the window and staff member who finished it, so reports never guess. A
 * bad rating (不满意, 非常不满意) opens a case in the same decision, owned by that window's team.
 */
export function decideRate(cmd: RateService, state: HallState, ctx: DecideContext): Decision {
  const t = ticketForRating(state, cmd.ticketId);
  if (!t) return reject(refuse('NO_SUCH_TICKET', { ticket: cmd.ticketId }));
  if (t.state !== 'finished' || t.finishedAt === null || t.windowId === null) return reject(refuse('TICKET_NOT_FINISHED', { number: t.number, state: t.state }));
  const channel = cmd.channel ?? 'window';
  if (channel === 'window' && t.windowId !== cmd.windowId) return reject(refuse('RATING_WRONG_WINDOW', { number: t.number, window: cmd.windowId ?? '-' }));
  if (t.rating !== null) return reject(refuse('ALREADY_RATED', { number: t.number }));
  if (channel === 'window' && ctx.now > ratingDeadline(t, ctx)!) {
    return reject(refuse('RATING_EXPIRED', { number: t.number, seconds: ctx.rules.evaluation.timeoutSeconds }));
  }
  if (ctx.now > ratingClosesAt(t, ctx)!) return reject(refuse('RATING_EXPIRED', { number: t.number, hours: ctx.rules.evaluation.acceptHours }));
  const reasons = [...new Set(cmd.reasons ?? [])];
  if (reasons.length > 0 && !LOW_RATING_LEVELS.has(cmd.level)) {
    return reject(refuse('RATING_REASONS_NOT_ALLOWED', { level: cmd.level }));
  }
  const allowed = new Set(ctx.rules.evaluation.lowReasons);
  const unknown = reasons.find((r) => !allowed.has(r));
  if (unknown !== undefined) return reject(refuse('RATING_REASON_INVALID', { reason: unknown }));
  const comment = cmd.comment?.trim() || null;
  // A remote or booked ticket came with a mobile already: its rating is real-name without asking again.
  const mobile = cmd.mobile?.trim() || t.contactMobile || null;
  const events: HallEvent[] = [
    {
      type: 'ServiceRated',
      at: ctx.now,
      ticketId: t.id,
      windowId: t.windowId,
      staffId: t.staffId,
      level: cmd.level,
      reasons,
      comment,
      channel,
      realName: mobile !== null,
      categoryId: t.categoryId,
      matterId: t.matterHandled ?? t.matterId,
    },
  ];
  if (LOW_RATING_LEVELS.has(cmd.level)) events.push({ type: 'CaseOpened', at: ctx.now, case: openCase(t, t.windowId, cmd, reasons, comment, mobile, ctx) });
  return accept(...events);
}

function openCase(t: Ticket, windowId: number, cmd: RateService, reasons: string[], comment: string | null, mobile: string | null, ctx: DecideContext): RatingCase {
  const { dueAt, warnAt } = caseDeadlines(ctx.rules, ctx.now);
  return {
    id: t.id,
    hallId: t.hallId,
    number: t.number,
    serviceDay: t.serviceDay,
    categoryId: t.categoryId,
    matterId: t.matterHandled ?? t.matterId,
    windowId,
    staffId: t.staffId,
    teamId: teamOfWindow(ctx.rules.evaluation.cases, windowId)?.id ?? null,
    level: cmd.level,
    reasons,
    comment,
    channel: cmd.channel ?? 'window',
    mobile,
    token: t.token,
    state: 'verifying',
    outcome: null,
    openedAt: ctx.now,
    warnAt,
    dueAt,
    verification: null,
    rectification: null,
    callback: null,
    answeredAt: null,
    appeal: null,
    closedAt: null,
    history: [{ at: ctx.now, action: 'opened', by: null, note: '' }],
  };
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

import type { HallCommand } from './commands';
import type { DecideContext, Decision } from './decision';
import { accept, reject } from './decision';
import { localTime } from './local-time';
import { refuse } from './refusals';
import type { HallState } from './state';
import type { Ticket } from './ticket';
import { MAX_SEQ_PER_DAY, formatNumber, ticketId } from './ticket';

type IssueTicket = Extract<HallCommand, { type: 'IssueTicket' }>;

/** Whether tickets may be issued at `now`; null when they may. */
export function issuingRefusal(ctx: DecideContext): ReturnType<typeof refuse> | null {
  const local = localTime(ctx.now, ctx.rules.timeZone);
  if (ctx.rules.closed.has(local.day)) return refuse('HALL_CLOSED_TODAY', { day: local.day });
  const hours = ctx.rules.hours[local.weekday];
  const open = hours.periods.some(([from, to]) => local.minutes >= from && local.minutes < to);
  if (!open) return refuse('OUTSIDE_HOURS', { time: local.clock });
  if (local.minutes > hours.lastTicket) return refuse('AFTER_LAST_TICKET', { time: local.clock });
  return null;
}

export function decideIssue(cmd: IssueTicket, state: HallState, ctx: DecideContext): Decision {
  const { rules, now } = ctx;
  const category = rules.category.get(cmd.categoryId);
  if (!category) return reject(refuse('UNKNOWN_CATEGORY', { category: cmd.categoryId }));
  if (cmd.matterId) {
    const matter = rules.matter.get(cmd.matterId);
    if (!matter) return reject(refuse('UNKNOWN_MATTER', { matter: cmd.matterId }));
    if (matter.categoryId !== category.id) return reject(refuse('MATTER_NOT_IN_CATEGORY', { matter: cmd.matterId }));
  }
  if (cmd.priorityClass && !rules.priorityClass.has(cmd.priorityClass)) {
    return reject(refuse('UNKNOWN_PRIORITY_CLASS', { priorityClass: cmd.priorityClass }));
  }
  const closed = issuingRefusal(ctx);
  if (closed) return reject(closed);

  const day = localTime(now, rules.timeZone).day;
  const issued = state.serviceDay === day ? (state.lastSeq.get(category.id) ?? 0) : 0;
  // A booked appointment was reserved in advance: the day's cap does not turn it away at check-in.
  const reserved = cmd.source === 'appointment' && cmd.appointment;
  if (!reserved && issued >= category.dailyCap) return reject(refuse('DAILY_CAP_REACHED', { category: category.id, cap: category.dailyCap }));
  if (issued >= MAX_SEQ_PER_DAY) return reject(refuse('NUMBERS_EXHAUSTED', { category: category.id }));
  if (cmd.source === 'remote') {
    const share = Math.floor(category.dailyCap * rules.booking.remoteShare);
    let remote = 0;
    for (const t of state.tickets.values()) if (t.source === 'remote' && t.serviceDay === day && t.issuedCategoryId === category.id) remote++;
    if (remote >= share) return reject(refuse('REMOTE_SHARE_REACHED', { category: category.id, share }));
  }
  const pending = cmd.source === 'remote' && rules.booking.remoteNeedsCheckIn;
  return accept({ type: 'TicketIssued', at: now, ticket: newTicket(state, day, category.id, issued + 1, now, cmd, pending) });
}

function newTicket(state: HallState, day: string, categoryId: string, seq: number, now: number, cmd: IssueTicket, pending: boolean): Ticket {
  const number = formatNumber(categoryId, seq);
  return {
    hallId: state.hallId,
    id: ticketId(day, number),
    serviceDay: day,
    categoryId,
    issuedCategoryId: categoryId,
    seq,
    number,
    matterId: cmd.matterId ?? null,
    source: cmd.source,
    priorityClass: cmd.priorityClass ?? null,
    appointment: cmd.appointment ?? null,
    citizen: cmd.citizen ?? null,
    token: cmd.token,
    state: pending ? 'pending' : 'waiting',
    queueKey: Math.floor(state.lastQueueKey) + 1,
    issuedAt: now,
    callCount: 0,
    calledAt: null,
    windowId: null,
    targetWindowId: null,
    servingAt: null,
    finishedAt: null,
    missedAt: null,
    closedAt: null,
    matterHandled: null,
    staffId: null,
    transferCount: 0,
    rating: null,
    contactMobile: cmd.contactMobile ?? null,
  };
}

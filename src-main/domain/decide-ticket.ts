import type { HallCommand } from './commands';
import type { DecideContext, Decision } from './decision';
import { accept, reject } from './decision';
import { localTime } from './local-time';
import { waitingByKey } from './queue-order';
import { refuse } from './refusals';
import type { HallState } from './state';
import { findTicketByNumber } from './state';
import { OPEN_STATES } from './ticket';

const MINUTE = 60_000;

export function decideReactivate(cmd: Extract<HallCommand, { type: 'Reactivate' }>, state: HallState, ctx: DecideContext): Decision {
  const ticket = findTicketByNumber(state, cmd.number);
  if (!ticket) return reject(refuse('NO_SUCH_TICKET', { number: cmd.number }));
  if (ticket.state !== 'missed' || ticket.missedAt === null) return reject(refuse('TICKET_NOT_MISSED', { number: ticket.number }));
  const grace = ctx.rules.queue.reactivationGraceMinutes * MINUTE;
  if (ctx.now - ticket.missedAt > grace) {
    return reject(refuse('GRACE_EXPIRED', { number: ticket.number, minutes: ctx.rules.queue.reactivationGraceMinutes }));
  }
  // Back behind the next N waiting tickets of its queue: between the Nth and the one after it.
  const queue = waitingByKey(state, ticket.categoryId);
  const behind = ctx.rules.queue.reactivationBehind;
  let queueKey: number;
  if (queue.length > behind) {
    const before = queue[behind - 1]?.queueKey ?? 0;
    const after = queue[behind]!.queueKey;
    queueKey = behind === 0 ? after - 1 : (before + after) / 2;
  } else {
    queueKey = Math.floor(state.lastQueueKey) + 1;
  }
  return accept({ type: 'TicketReactivated', at: ctx.now, ticketId: ticket.id, queueKey });
}

export function decideCancel(cmd: Extract<HallCommand, { type: 'CancelTicket' }>, state: HallState, ctx: DecideContext): Decision {
  const ticket = findTicketByNumber(state, cmd.number);
  if (!ticket) return reject(refuse('NO_SUCH_TICKET', { number: cmd.number }));
  if (ticket.state !== 'waiting' && ticket.state !== 'pending') return reject(refuse('TICKET_NOT_WAITING', { number: ticket.number, state: ticket.state }));
  return accept({ type: 'TicketCancelled', at: ctx.now, ticketId: ticket.id });
}

/** True when `now` falls on a later service day than the state's. */
export function needsRollover(state: HallState, ctx: DecideContext): boolean {
  return state.serviceDay !== localTime(ctx.now, ctx.rules.timeZone).day;
}

/** Closes the previous service day: every ticket still open from it expires; counters restart. */
export function decideCloseDay(state: HallState, ctx: DecideContext): Decision {
  const newDay = localTime(ctx.now, ctx.rules.timeZone).day;
  if (state.serviceDay === newDay) return accept();
  const expiredTicketIds: string[] = [];
  for (const t of state.tickets.values()) {
    if (t.serviceDay < newDay && OPEN_STATES.has(t.state)) expiredTicketIds.push(t.id);
  }
  const expired = new Set(expiredTicketIds);
  const clearedWindowIds: number[] = [];
  for (const w of state.windows.values()) {
    if (w.currentTicketId !== null && expired.has(w.currentTicketId)) clearedWindowIds.push(w.id);
  }
  // Rated by the phone or the slip's QR code after the day closed: kept while any channel would accept it.
  const acceptMs = ctx.rules.evaluation.acceptHours * 3_600_000;
  const keptForRating: string[] = [];
  for (const t of [...state.tickets.values(), ...state.rateable.values()]) {
    if (t.state === 'finished' && t.rating === null && t.finishedAt !== null && ctx.now <= t.finishedAt + acceptMs) keptForRating.push(t.id);
  }
  return accept({
    type: 'DayClosed',
    at: ctx.now,
    closedDay: state.serviceDay,
    newDay,
    expiredTicketIds,
    clearedWindowIds,
    ...(keptForRating.length > 0 ? { keptForRating } : {}),
  });
}

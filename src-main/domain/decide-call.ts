import type { HallCommand } from './commands';
import type { DecideContext, Decision } from './decision';
import { accept, reject } from './decision';
import { callableWindow, isRefusal, windowOrRefusal } from './decide-window';
import { pickNext } from './queue-order';
import type { Refusal } from './refusals';
import { refuse } from './refusals';
import type { HallState } from './state';
import { findTicketByNumber } from './state';
import type { Ticket } from './ticket';
import type { WindowState } from './window';

const MINUTE = 60_000;
type Cmd<T extends HallCommand['type']> = Extract<HallCommand, { type: T }>;

export function decideCallNext(cmd: Cmd<'CallNext'>, state: HallState, ctx: DecideContext): Decision {
  const w = callableWindow(state, cmd.windowId);
  if (isRefusal(w)) return reject(w);
  const rule = ctx.rules.window.get(w.id)!;
  const pick = pickNext(state, ctx.rules, rule, ctx.now);
  if (!pick) return reject(refuse('NO_WAITING_TICKET', { window: w.id }));
  return accept({
    type: 'TicketCalled',
    at: ctx.now,
    ticketId: pick.ticket.id,
    windowId: w.id,
    staffId: w.staffId,
    callCount: 1,
    priorityStreak: pick.priorityStreak,
    how: 'next',
  });
}

export function decideCallNumber(cmd: Cmd<'CallNumber'>, state: HallState, ctx: DecideContext): Decision {
  const w = callableWindow(state, cmd.windowId);
  if (isRefusal(w)) return reject(w);
  const ticket = findTicketByNumber(state, cmd.number);
  if (!ticket) return reject(refuse('NO_SUCH_TICKET', { number: cmd.number }));
  const withinGrace =
    ticket.state === 'missed' &&
    ticket.missedAt !== null &&
    ctx.now - ticket.missedAt <= ctx.rules.queue.reactivationGraceMinutes * MINUTE;
  if (ticket.state !== 'waiting' && !withinGrace) {
    return reject(refuse(ticket.state === 'missed' ? 'GRACE_EXPIRED' : 'TICKET_NOT_WAITING', { number: ticket.number }));
  }
  if (ticket.targetWindowId !== null && ticket.targetWindowId !== w.id) {
    return reject(refuse('TICKET_RESERVED_FOR_WINDOW', { number: ticket.number, window: ticket.targetWindowId }));
  }
  const rule = ctx.rules.window.get(w.id)!;
  if (ticket.targetWindowId !== w.id && !rule.categories.includes(ticket.categoryId)) {
    return reject(refuse('CATEGORY_NOT_SERVED', { number: ticket.number, category: ticket.categoryId }));
  }
  return accept({
    type: 'TicketCalled',
    at: ctx.now,
    ticketId: ticket.id,
    windowId: w.id,
    staffId: w.staffId,
    callCount: 1,
    priorityStreak: w.priorityStreak,
    how: 'number',
  });
}

/** The window's current ticket, or why there is none to act on. */
function currentTicket(state: HallState, windowId: number): { w: WindowState; t: Ticket } | Refusal {
  const w = windowOrRefusal(state, windowId);
  if (isRefusal(w)) return w;
  if (w.status === 'closed') return refuse('WINDOW_CLOSED', { window: w.id });
  const t = w.currentTicketId ? state.tickets.get(w.currentTicketId) : undefined;
  if (!t) return refuse('NO_ACTIVE_TICKET', { window: w.id });
  return { w, t };
}

export function decideRecall(cmd: Cmd<'Recall'>, state: HallState, ctx: DecideContext): Decision {
  const cur = currentTicket(state, cmd.windowId);
  if (isRefusal(cur)) return reject(cur);
  if (cur.t.state !== 'called') return reject(refuse('TICKET_ALREADY_SERVING', { number: cur.t.number }));
  return accept({ type: 'TicketRecalled', at: ctx.now, ticketId: cur.t.id, windowId: cur.w.id, callCount: cur.t.callCount + 1 });
}

export function decideNoShow(cmd: Cmd<'MarkNoShow'>, state: HallState, ctx: DecideContext): Decision {
  const cur = currentTicket(state, cmd.windowId);
  if (isRefusal(cur)) return reject(cur);
  if (cur.t.state !== 'called') return reject(refuse('TICKET_ALREADY_SERVING', { number: cur.t.number }));
  return accept({ type: 'TicketMissed', at: ctx.now, ticketId: cur.t.id, windowId: cur.w.id });
}

export function decideStart(cmd: Cmd<'StartService'>, state: HallState, ctx: DecideContext): Decision {
  const cur = currentTicket(state, cmd.windowId);
  if (isRefusal(cur)) return reject(cur);
  if (cur.t.state !== 'called') return reject(refuse('TICKET_ALREADY_SERVING', { number: cur.t.number }));
  return accept({ type: 'ServiceStarted', at: ctx.now, ticketId: cur.t.id, windowId: cur.w.id });
}

export function decideFinish(cmd: Cmd<'FinishService'>, state: HallState, ctx: DecideContext): Decision {
  const cur = currentTicket(state, cmd.windowId);
  if (isRefusal(cur)) return reject(cur);
  const { w, t } = cur;
  const matterId = cmd.matterId ?? t.matterId;
  if (matterId) {
    if (!ctx.rules.matter.has(matterId)) return reject(refuse('UNKNOWN_MATTER', { matter: matterId }));
  } else if ((ctx.rules.category.get(t.categoryId)?.matters.length ?? 0) > 0) {
    return reject(refuse('MATTER_REQUIRED', { number: t.number }));
  }
  // Finishing straight from "called" means the service started at the call; the log still shows both steps.
  const servingAt = t.servingAt ?? t.calledAt ?? ctx.now;
  const started = t.state === 'called' ? [{ type: 'ServiceStarted' as const, at: servingAt, ticketId: t.id, windowId: w.id }] : [];
  return accept(...started, {
    type: 'ServiceFinished',
    at: ctx.now,
    ticketId: t.id,
    windowId: w.id,
    staffId: w.staffId,
    categoryId: t.categoryId,
    matterId: matterId ?? null,
    serviceMs: Math.max(0, ctx.now - servingAt),
  });
}

export function decideTransfer(cmd: Cmd<'Transfer'>, state: HallState, ctx: DecideContext): Decision {
  const cur = currentTicket(state, cmd.windowId);
  if (isRefusal(cur)) return reject(cur);
  const { w, t } = cur;
  let categoryId = t.categoryId;
  if ('categoryId' in cmd.to) {
    if (!ctx.rules.category.has(cmd.to.categoryId)) return reject(refuse('UNKNOWN_CATEGORY', { category: cmd.to.categoryId }));
    if (cmd.to.categoryId === t.categoryId) return reject(refuse('TRANSFER_TARGET_INVALID', { category: cmd.to.categoryId }));
    categoryId = cmd.to.categoryId;
  } else {
    if (!ctx.rules.window.has(cmd.to.windowId)) return reject(refuse('UNKNOWN_WINDOW', { window: cmd.to.windowId }));
    if (cmd.to.windowId === w.id) return reject(refuse('TRANSFER_TARGET_INVALID', { window: cmd.to.windowId }));
  }
  return accept({ type: 'TicketTransferred', at: ctx.now, ticketId: t.id, fromWindowId: w.id, to: cmd.to, categoryId });
}

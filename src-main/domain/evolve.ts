import { evolveBooking } from './booking/evolve-booking';
import type { HallEvent } from './events';
import { assertNever } from './events';
import type { HallState } from './state';
import { countService, ticketForRating, waitingSet } from './state';
import { applyCaseChange, CLOSED_CASE_KEPT_MS } from './rating-case';
import type { Ticket } from './ticket';
import type { WindowState } from './window';

// evolve applies one event to the state in place: copying a day's tickets per event would make every call
// O(tickets). decide never mutates, so a refused command leaves the state untouched, and the app reloads
// from storage if a commit fails after evolving.

function ticket(state: HallState, id: string): Ticket {
  const t = state.tickets.get(id);
  if (!t) throw new Error(`evolve: unknown ticket ${id}`);
  return t;
}

function windowOf(state: HallState, id: number): WindowState {
  const w = state.windows.get(id);
  if (!w) throw new Error(`evolve: unknown window ${id}`);
  return w;
}

function leaveQueue(state: HallState, t: Ticket): void {
  state.waiting.get(t.categoryId)?.delete(t.id);
}

function releaseWindow(state: HallState, windowId: number, ticketId: string): void {
  const w = windowOf(state, windowId);
  if (w.currentTicketId === ticketId) w.currentTicketId = null;
}

function recordServiceTime(state: HallState, categoryId: string, ms: number, keep: number): void {
  const list = state.recentServiceMs.get(categoryId) ?? [];
  list.push(ms);
  if (list.length > keep) list.splice(0, list.length - keep);
  state.recentServiceMs.set(categoryId, list);
}

export function evolve(state: HallState, event: HallEvent): HallState {
  switch (event.type) {
    case 'TicketIssued': {
      const t = { ...event.ticket };
      if (state.serviceDay !== t.serviceDay) {
        state.serviceDay = t.serviceDay;
        state.lastSeq.clear();
      }
      state.tickets.set(t.id, t);
      state.lastSeq.set(t.issuedCategoryId, Math.max(state.lastSeq.get(t.issuedCategoryId) ?? 0, t.seq));
      state.lastQueueKey = Math.max(state.lastQueueKey, t.queueKey);
      // A remote ticket that needs check-in holds its number but joins the queue only when checked in.
      if (t.state === 'waiting') waitingSet(state, t.categoryId).add(t.id);
      return state;
    }
    case 'TicketCheckedIn': {
      const t = ticket(state, event.ticketId);
      t.state = 'waiting';
      waitingSet(state, t.categoryId).add(t.id);
      return state;
    }
    case 'BookingMade':
    case 'BookingCancelled':
    case 'BookingRescheduled':
    case 'BookingCheckedIn':
    case 'BookingMissed':
    case 'BookingReminded':
      evolveBooking(state.book, event);
      return state;
    case 'TicketCalled': {
      const t = ticket(state, event.ticketId);
      leaveQueue(state, t);
      t.state = 'called';
      t.callCount = event.callCount;
      t.calledAt = event.at;
      t.windowId = event.windowId;
      t.staffId = event.staffId;
      t.targetWindowId = null;
      t.missedAt = null;
      const w = windowOf(state, event.windowId);
      w.currentTicketId = t.id;
      w.priorityStreak = event.priorityStreak;
      return state;
    }
    case 'TicketRecalled': {
      const t = ticket(state, event.ticketId);
      t.callCount = event.callCount;
      t.calledAt = event.at;
      return state;
    }
    case 'ServiceStarted': {
      const t = ticket(state, event.ticketId);
      t.state = 'serving';
      t.servingAt = event.at;
      return state;
    }
    case 'ServiceFinished': {
      const t = ticket(state, event.ticketId);
      t.state = 'finished';
      t.finishedAt = event.at;
      t.closedAt = event.at;
      t.matterHandled = event.matterId;
      t.staffId = event.staffId;
      releaseWindow(state, event.windowId, t.id);
      recordServiceTime(state, event.categoryId, event.serviceMs, state.serviceSamples);
      countService(state, event.windowId, event.serviceMs);
      return state;
    }
    case 'TicketMissed': {
      const t = ticket(state, event.ticketId);
      t.state = 'missed';
      t.missedAt = event.at;
      releaseWindow(state, event.windowId, t.id);
      return state;
    }
    case 'TicketReactivated': {
      const t = ticket(state, event.ticketId);
      t.state = 'waiting';
      t.queueKey = event.queueKey;
      t.windowId = null;
      state.lastQueueKey = Math.max(state.lastQueueKey, event.queueKey);
      waitingSet(state, t.categoryId).add(t.id);
      return state;
    }
    case 'TicketTransferred': {
      const t = ticket(state, event.ticketId);
      releaseWindow(state, event.fromWindowId, t.id);
      t.state = 'waiting';
      t.categoryId = event.categoryId;
      t.targetWindowId = 'windowId' in event.to ? event.to.windowId : null;
      t.windowId = null;
      t.servingAt = null;
      t.transferCount += 1;
      waitingSet(state, t.categoryId).add(t.id);
      return state;
    }
    case 'TicketCancelled': {
      const t = ticket(state, event.ticketId);
      leaveQueue(state, t);
      t.state = 'cancelled';
      t.closedAt = event.at;
      return state;
    }
    case 'DayClosed': {
      for (const id of event.expiredTicketIds) {
        const t = ticket(state, id);
        leaveQueue(state, t);
        t.state = 'expired';
        t.closedAt = event.at;
      }
      for (const id of event.clearedWindowIds) windowOf(state, id).currentTicketId = null;
      // Earlier days are closed now: nothing of them can change but a rating, so memory keeps only the new
      // day and the finished tickets that may still be rated.
      const kept = new Set(event.keptForRating ?? []);
      for (const id of state.rateable.keys()) if (!kept.has(id)) state.rateable.delete(id);
      for (const [id, t] of state.tickets) {
        if (t.serviceDay >= event.newDay) continue;
        if (kept.has(id)) state.rateable.set(id, t);
        state.tickets.delete(id);
      }
      // Closed cases leave memory a week after they closed (the citizen's page shows the result until then).
      for (const [id, c] of state.cases) if (c.state === 'closed' && c.closedAt !== null && c.closedAt < event.at - CLOSED_CASE_KEPT_MS) state.cases.delete(id);
      // Past bookings that are settled leave memory too (strikes stay in their own list); an unswept one stays.
      for (const [id, b] of state.book.bookings) if (b.day < event.newDay && b.state !== 'booked') state.book.bookings.delete(id);
      for (const w of state.windows.values()) w.priorityStreak = 0;
      state.serviceDay = event.newDay;
      state.servedToday.clear();
      state.lastSeq.clear();
      state.lastQueueKey = 0;
      return state;
    }
    case 'WindowOpened': {
      const w = windowOf(state, event.windowId);
      w.status = 'open';
      w.staffId = event.staffId;
      w.openedAt = event.at;
      w.pauseReason = null;
      w.pausedAt = null;
      return state;
    }
    case 'WindowClosed': {
      const w = windowOf(state, event.windowId);
      w.status = 'closed';
      w.staffId = null;
      w.openedAt = null;
      w.pauseReason = null;
      w.pausedAt = null;
      w.priorityStreak = 0;
      return state;
    }
    case 'WindowPaused': {
      const w = windowOf(state, event.windowId);
      w.status = 'paused';
      w.pauseReason = event.reason;
      w.pausedAt = event.at;
      return state;
    }
    case 'WindowResumed': {
      const w = windowOf(state, event.windowId);
      w.status = 'open';
      w.pauseReason = null;
      w.pausedAt = null;
      return state;
    }
    case 'ServiceRated': {
      const t = ticketForRating(state, event.ticketId);
      if (!t) throw new Error(`evolve: unknown ticket ${event.ticketId}`);
      t.rating = {
        level: event.level,
        channel: event.channel ?? 'window',
        realName: event.realName ?? false,
        reasons: [...event.reasons],
        comment: event.comment,
        at: event.at,
        windowId: event.windowId,
        staffId: event.staffId,
      };
      return state;
    }
    case 'CaseOpened':
      state.cases.set(event.case.id, structuredClone(event.case));
      return state;
    case 'CaseVerified':
    case 'CaseAppealed':
    case 'CaseAppealDecided':
    case 'CaseAnswered':
    case 'CaseReviewed':
    case 'CaseClosed': {
      const c = state.cases.get(event.caseId);
      if (!c) throw new Error(`evolve: unknown case ${event.caseId}`);
      applyCaseChange(c, event);
      return state;
    }
    default:
      return assertNever(event);
  }
}

export function evolveAll(state: HallState, events: readonly HallEvent[]): HallState {
  for (const e of events) evolve(state, e);
  return state;
}

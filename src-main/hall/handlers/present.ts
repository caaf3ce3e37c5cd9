import type { HallService } from '../../app/hall-service';
import type { CallResult, IssuedTicketView, JoinedTicketView } from '../../contracts';
import type { HallRuntime } from '../hall-runtime';
import type { HallEvent, Ticket } from '../../domain';
import { positionOf } from '../../domain';
import { citizenLink, ticketView, windowView } from '../../app/views';

/** What a kiosk or a phone shows for a new ticket: the slip's content and the live page's link. */
export function issuedTicketView(hall: HallRuntime, t: Ticket, now: number): IssuedTicketView {
  const { service } = hall;
  const position = positionOf(service.state, service.rules, t, now);
  return {
    ticket: ticketView(t),
    token: t.token,
    liveUrl: citizenLink(hall.baseUrl(), 't', t.token, t.hallId),
    ahead: position?.ahead ?? 0,
    estimatedMinutes: position?.estimatedMinutes ?? null,
    hallName: service.labels.config.name,
    categoryName: service.rules.category.get(t.categoryId)?.name ?? t.categoryId,
    matterName: t.matterId ? (service.rules.matter.get(t.matterId)?.name ?? null) : null,
  };
}

/** A ticket back in its queue (reactivated, checked in), with its position decided with it: no client has to guess it from a snapshot. */
export function joinedTicketView(service: HallService, events: readonly HallEvent[], now: number): JoinedTicketView {
  const t = ticketOfEvents(service, events);
  const position = positionOf(service.state, service.rules, t, now);
  return { ...ticketView(t), ahead: position?.ahead ?? null, estimatedMinutes: position?.estimatedMinutes ?? null };
}

export function issuedTicketOf(service: HallService, events: readonly HallEvent[]): Ticket {
  const issued = events.find((e) => e.type === 'TicketIssued');
  if (!issued || issued.type !== 'TicketIssued') throw new Error('no TicketIssued event');
  return service.state.tickets.get(issued.ticket.id)!;
}

/** The ticket the last event acted on. */
export function ticketOfEvents(service: HallService, events: readonly HallEvent[]): Ticket {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    const id = 'ticketId' in e ? e.ticketId : e.type === 'TicketIssued' ? e.ticket.id : undefined;
    const t = id ? service.state.tickets.get(id) : undefined;
    if (t) return t;
  }
  throw new Error('no ticket in events');
}

/** A window action's answer: the ticket acted on (or the window's current one) and the window after it. */
export function callResult(service: HallService, windowId: number, events: readonly HallEvent[]): CallResult {
  const w = service.state.windows.get(windowId)!;
  const current = w.currentTicketId ? service.state.tickets.get(w.currentTicketId) : undefined;
  const ticket = events.length > 0 ? ticketOfEvents(service, events) : current!;
  return { ticket: ticketView(ticket), window: windowView(service.state, service.rules, service.labels, w) };
}

import type { HallEvent } from '../../domain';
import type { TicketRecord } from './figures';

/** Replays the event log into one record per ticket: statistics are reproducible from the log alone. */
export function ticketRecords(events: Iterable<{ event: HallEvent }>): TicketRecord[] {
  const byId = new Map<string, TicketRecord>();
  for (const { event: e } of events) {
    if (e.type === 'TicketIssued') {
      byId.set(e.ticket.id, {
        id: e.ticket.id,
        number: e.ticket.number,
        day: e.ticket.serviceDay,
        categoryId: e.ticket.issuedCategoryId,
        source: e.ticket.source,
        issuedAt: e.ticket.issuedAt,
        firstCalledAt: null,
        calledWindowId: null,
        calledStaffId: null,
        finishedAt: null,
        serviceMs: null,
        finishedWindowId: null,
        finishedStaffId: null,
        outcome: 'open',
        rating: null,
      });
      continue;
    }
    if (e.type === 'DayClosed') {
      for (const id of e.expiredTicketIds) {
        const r = byId.get(id);
        // A number missed and never reactivated stays a no-show, not an expiry.
        if (r && r.outcome === 'open') r.outcome = 'expired';
      }
      continue;
    }
    const r = 'ticketId' in e ? byId.get(e.ticketId) : undefined;
    if (!r) continue;
    switch (e.type) {
      case 'TicketCalled':
        if (r.firstCalledAt === null) {
          r.firstCalledAt = e.at;
          r.calledWindowId = e.windowId;
          r.calledStaffId = e.staffId;
        }
        r.outcome = 'open';
        break;
      case 'ServiceFinished':
        r.outcome = 'finished';
        r.finishedAt = e.at;
        r.serviceMs = e.serviceMs;
        r.finishedWindowId = e.windowId;
        r.finishedStaffId = e.staffId;
        break;
      case 'TicketMissed':
        r.outcome = 'missed';
        break;
      case 'TicketReactivated':
        r.outcome = 'open';
        break;
      case 'TicketCancelled':
        r.outcome = 'cancelled';
        break;
      case 'ServiceRated':
        r.rating = { level: e.level, reasons: e.reasons, comment: e.comment };
        break;
      default:
        break;
    }
  }
  return [...byId.values()];
}

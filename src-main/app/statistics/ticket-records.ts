import type { HallEvent } from '../../domain';
import type { TicketRecord } from './figures';

/** The tickets an event changes the record of (none for window and booking events). */
export function recordIdsOf(e: HallEvent): readonly string[] {
  if (e.type === 'TicketIssued') return [e.ticket.id];
  if (e.type === 'DayClosed') return e.expiredTicketIds;
  if ('ticketId' in e && e.type !== 'BookingCheckedIn') return [e.ticketId];
  return [];
}

/**
 * One event applied to the records it touches: `get` finds a record, `set` keeps a new one. The same fold
 * serves a replay of the log (a Map) and the projector (records read from and written to the read model).
 */
export function applyToRecords(e: HallEvent, get: (id: string) => TicketRecord | undefined, set: (r: TicketRecord) => void): void {
  if (e.type === 'TicketIssued') {
    set({
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
    return;
  }
  if (e.type === 'DayClosed') {
    for (const id of e.expiredTicketIds) {
      const r = get(id);
      // A number missed and never reactivated stays a no-show, not an expiry.
      if (r && r.outcome === 'open') set({ ...r, outcome: 'expired' });
    }
    return;
  }
  const r = 'ticketId' in e && e.type !== 'BookingCheckedIn' ? get(e.ticketId) : undefined;
  if (!r) return;
  switch (e.type) {
    case 'TicketCalled':
      set(r.firstCalledAt === null ? { ...r, firstCalledAt: e.at, calledWindowId: e.windowId, calledStaffId: e.staffId, outcome: 'open' } : { ...r, outcome: 'open' });
      break;
    case 'ServiceFinished':
      set({ ...r, outcome: 'finished', finishedAt: e.at, serviceMs: e.serviceMs, finishedWindowId: e.windowId, finishedStaffId: e.staffId });
      break;
    case 'TicketMissed':
      set({ ...r, outcome: 'missed' });
      break;
    case 'TicketReactivated':
      set({ ...r, outcome: 'open' });
      break;
    case 'TicketCancelled':
      set({ ...r, outcome: 'cancelled' });
      break;
    case 'ServiceRated':
      // A rating logged before channels existed came from the window's evaluator.
      set({ ...r, rating: { level: e.level, reasons: e.reasons, comment: e.comment, at: e.at, channel: e.channel ?? 'window', realName: e.realName ?? false } });
      break;
    default:
      break;
  }
}

/** Replays the event log into one record per ticket: statistics are reproducible from the log alone. */
export function ticketRecords(events: Iterable<{ event: HallEvent }>): TicketRecord[] {
  const byId = new Map<string, TicketRecord>();
  const set = (r: TicketRecord) => byId.set(r.id, r);
  for (const { event } of events) applyToRecords(event, (id) => byId.get(id), set);
  return [...byId.values()];
}

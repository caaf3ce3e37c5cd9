import type { BookingEvent } from './booking/booking-events';
import type { Ticket } from './ticket';
import type { TransferTarget } from './commands';
import type { RatingLevel } from './rating';

// Facts, in the past tense. Each carries everything evolve needs, so evolve never consults rules.

export type HallEvent =
  | { type: 'TicketIssued'; at: number; ticket: Ticket }
  | {
      type: 'TicketCalled';
      at: number;
      ticketId: string;
      windowId: number;
      staffId: string | null;
      callCount: number;
      /** The window's priority streak after this call. */
      priorityStreak: number;
      /** How it was picked, for the log and statistics. */
      how: 'next' | 'number';
    }
  | { type: 'TicketRecalled'; at: number; ticketId: string; windowId: number; callCount: number }
  | { type: 'ServiceStarted'; at: number; ticketId: string; windowId: number }
  | {
      type: 'ServiceFinished';
      at: number;
      ticketId: string;
      windowId: number;
      staffId: string | null;
      categoryId: string;
      matterId: string | null;
      serviceMs: number;
    }
  | { type: 'TicketMissed'; at: number; ticketId: string; windowId: number }
  | { type: 'TicketReactivated'; at: number; ticketId: string; queueKey: number }
  | {
      type: 'TicketTransferred';
      at: number;
      ticketId: string;
      fromWindowId: number;
      to: TransferTarget;
      categoryId: string;
    }
  | { type: 'TicketCancelled'; at: number; ticketId: string }
  | {
      type: 'DayClosed';
      at: number;
      /** Null when the hall starts for the first time. */
      closedDay: string | null;
      newDay: string;
      expiredTicketIds: string[];
      /** Windows whose current ticket expired with the day. */
      clearedWindowIds: number[];
    }
  | { type: 'WindowOpened'; at: number; windowId: number; staffId: string }
  | { type: 'WindowClosed'; at: number; windowId: number; staffId: string | null }
  | { type: 'WindowPaused'; at: number; windowId: number; reason: string }
  | { type: 'WindowResumed'; at: number; windowId: number }
  | {
      type: 'ServiceRated';
      at: number;
      ticketId: string;
      /** The window and staff member the rating is about (those that finished the ticket). */
      windowId: number;
      staffId: string | null;
      level: RatingLevel;
      reasons: string[];
      comment: string | null;
    }
  | { type: 'TicketCheckedIn'; at: number; ticketId: string }
  | BookingEvent;

export type HallEventType = HallEvent['type'];

/** Tickets and windows an event changes: storage writes exactly these rows. */
export function touchedBy(event: HallEvent): { ticketIds: string[]; windowIds: number[]; bookingIds?: string[] } {
  switch (event.type) {
    case 'TicketCheckedIn':
      return { ticketIds: [event.ticketId], windowIds: [] };
    case 'BookingMade':
      return { ticketIds: [], windowIds: [], bookingIds: [event.booking.id] };
    case 'BookingCheckedIn':
      return { ticketIds: [], windowIds: [], bookingIds: [event.bookingId] };
    case 'BookingCancelled':
    case 'BookingRescheduled':
    case 'BookingMissed':
    case 'BookingReminded':
      return { ticketIds: [], windowIds: [], bookingIds: [event.bookingId] };
    case 'TicketIssued':
      return { ticketIds: [event.ticket.id], windowIds: [] };
    case 'TicketCalled':
    case 'TicketRecalled':
    case 'ServiceStarted':
    case 'ServiceFinished':
    case 'TicketMissed':
      return { ticketIds: [event.ticketId], windowIds: [event.windowId] };
    case 'TicketTransferred':
      return { ticketIds: [event.ticketId], windowIds: [event.fromWindowId] };
    case 'TicketReactivated':
    case 'TicketCancelled':
    case 'ServiceRated':
      return { ticketIds: [event.ticketId], windowIds: [] };
    case 'DayClosed':
      return { ticketIds: event.expiredTicketIds, windowIds: event.clearedWindowIds };
    case 'WindowOpened':
    case 'WindowClosed':
    case 'WindowPaused':
    case 'WindowResumed':
      return { ticketIds: [], windowIds: [event.windowId] };
    default:
      return assertNever(event);
  }
}

export function assertNever(x: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(x)}`);
}

import type { BookingEvent } from './booking/booking-events';
import type { Ticket } from './ticket';
import type { TransferTarget } from './commands';
import type { RatingChannel, RatingLevel } from './rating';
import type { CaseCallback, RatingCase } from './rating-case';

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
      /**
       * Finished, unrated tickets of the closed day(s) that may still be rated (evaluation.acceptHours):
       * they stay in memory for the phone and the slip's QR code. Absent in older logs: none.
       */
      keptForRating?: string[] | null | undefined;
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
      /** Absent in events logged before channels existed: the window's evaluator. */
      channel?: RatingChannel | null | undefined;
      realName?: boolean | null | undefined;
      /** What was handled, for reports and the provincial upload (absent in older events). */
      categoryId?: string | null | undefined;
      matterId?: string | null | undefined;
    }
  | { type: 'TicketCheckedIn'; at: number; ticketId: string }
  /** A bad rating opened a case (same batch as its ServiceRated). The log keeps the mobile masked. */
  | { type: 'CaseOpened'; at: number; case: RatingCase }
  | { type: 'CaseVerified'; at: number; caseId: string; by: string; note: string }
  | { type: 'CaseAppealed'; at: number; caseId: string; by: string; reason: string }
  | { type: 'CaseAppealDecided'; at: number; caseId: string; by: string; upheld: boolean; note: string }
  | { type: 'CaseAnswered'; at: number; caseId: string; by: string; rectification: string; callback: CaseCallback | null }
  | { type: 'CaseReviewed'; at: number; caseId: string; by: string; approved: boolean; note: string }
  | { type: 'CaseClosed'; at: number; caseId: string; by: string; note: string }
  | BookingEvent;

export type HallEventType = HallEvent['type'];

export type CaseEvent = Extract<HallEvent, { type: 'CaseVerified' | 'CaseAppealed' | 'CaseAppealDecided' | 'CaseAnswered' | 'CaseReviewed' | 'CaseClosed' }>;
export const CASE_EVENT_TYPES: ReadonlySet<HallEventType> = new Set(['CaseOpened', 'CaseVerified', 'CaseAppealed', 'CaseAppealDecided', 'CaseAnswered', 'CaseReviewed', 'CaseClosed']);

/** Tickets and windows an event changes: storage writes exactly these rows. */
export function touchedBy(event: HallEvent): { ticketIds: string[]; windowIds: number[]; bookingIds?: string[]; caseIds?: string[] } {
  switch (event.type) {
    case 'CaseOpened':
      return { ticketIds: [], windowIds: [], caseIds: [event.case.id] };
    case 'CaseVerified':
    case 'CaseAppealed':
    case 'CaseAppealDecided':
    case 'CaseAnswered':
    case 'CaseReviewed':
    case 'CaseClosed':
      return { ticketIds: [], windowIds: [], caseIds: [event.caseId] };
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

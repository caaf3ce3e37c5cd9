import type { TicketRating } from './rating';

/** 'pending': a remote ticket that holds its place but waits in the queue only after check-in at a kiosk. */
export type TicketState = 'pending' | 'waiting' | 'called' | 'serving' | 'finished' | 'missed' | 'cancelled' | 'expired';
export type TicketSource = 'kiosk' | 'remote' | 'appointment' | 'counter';

/** What the hall may keep of a citizen: never the full ID number. */
export interface CitizenMark {
  maskedName: string;
  maskedId: string;
  /** Keyed hash of the ID number, for matching bookings and strikes without storing it. */
  idHash: string;
}

export interface AppointmentMark {
  bookingId: string;
  slotStart: number;
  slotEnd: number;
  checkedInAt: number;
}

export interface Ticket {
  hallId: string;
  /** `${serviceDay}/${number}`: numbers are unique per hall and day. */
  id: string;
  serviceDay: string;
  /** The queue the ticket waits in now; a transfer to another category changes it. */
  categoryId: string;
  /** The category it was issued in (its number's prefix). */
  issuedCategoryId: string;
  seq: number;
  number: string;
  matterId: string | null;
  source: TicketSource;
  priorityClass: string | null;
  appointment: AppointmentMark | null;
  citizen: CitizenMark | null;
  /** Unguessable token for the citizen's live page; reveals nothing personal. */
  token: string;
  state: TicketState;
  /** Position in the unified queue: lower is called first. Issue order, except after a reactivation. */
  queueKey: number;
  issuedAt: number;
  callCount: number;
  calledAt: number | null;
  windowId: number | null;
  /** Set by a transfer to a named window: only that window calls it. */
  targetWindowId: number | null;
  servingAt: number | null;
  finishedAt: number | null;
  missedAt: number | null;
  closedAt: number | null;
  matterHandled: string | null;
  staffId: string | null;
  transferCount: number;
  /** The citizen's rating (好差评), once given after 办结. */
  rating: TicketRating | null;
  /** A mobile number for notices (remote and booked tickets), never shown unmasked. */
  contactMobile: string | null;
}

export const OPEN_STATES: ReadonlySet<TicketState> = new Set(['pending', 'waiting', 'called', 'serving']);
export const ACTIVE_STATES: ReadonlySet<TicketState> = new Set(['called', 'serving']);

export function ticketId(serviceDay: string, number: string): string {
  return `${serviceDay}/${number}`;
}

export function formatNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

export const MAX_SEQ_PER_DAY = 999;

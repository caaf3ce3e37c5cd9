import type { Booking, HallEvent, HallEventType, Ticket } from '../../domain';
import { maskMobile } from '../../domain';

// The event log's compact form. A year of a 231-window hall is millions of events, so each is stored as a
// JSON array of its fields in a fixed order (type and time are columns of their own), and a new ticket or
// booking only with what is not implied. Readable with the sqlite3 shell, about a fifth of the bytes of
// the plain JSON.
//
// Evolution: fields are only ever appended to a list. A field missing from an older row reads as null, so
// a field added later must accept null (or get a default in `decodeEvent`).

type FieldsOf<E> = Exclude<keyof E, 'type' | 'at'>;
type EventOf<T extends HallEventType> = Extract<HallEvent, { type: T }>;

/** Every field of every event type, in storage order. Checked exhaustive below. */
const EVENT_FIELDS = {
  TicketIssued: ['ticket'],
  TicketCalled: ['ticketId', 'windowId', 'staffId', 'callCount', 'priorityStreak', 'how'],
  TicketRecalled: ['ticketId', 'windowId', 'callCount'],
  ServiceStarted: ['ticketId', 'windowId'],
  ServiceFinished: ['ticketId', 'windowId', 'staffId', 'categoryId', 'matterId', 'serviceMs'],
  TicketMissed: ['ticketId', 'windowId'],
  TicketReactivated: ['ticketId', 'queueKey'],
  TicketTransferred: ['ticketId', 'fromWindowId', 'to', 'categoryId'],
  TicketCancelled: ['ticketId'],
  DayClosed: ['closedDay', 'newDay', 'expiredTicketIds', 'clearedWindowIds', 'keptForRating'],
  WindowOpened: ['windowId', 'staffId'],
  WindowClosed: ['windowId', 'staffId'],
  WindowPaused: ['windowId', 'reason'],
  WindowResumed: ['windowId'],
  ServiceRated: ['ticketId', 'windowId', 'staffId', 'level', 'reasons', 'comment', 'channel', 'realName', 'categoryId', 'matterId'],
  TicketCheckedIn: ['ticketId'],
  BookingMade: ['booking'],
  BookingCancelled: ['bookingId'],
  BookingRescheduled: ['bookingId', 'day', 'slotStart', 'slotEnd'],
  BookingCheckedIn: ['bookingId', 'ticketId', 'late'],
  BookingMissed: ['bookingId'],
  BookingReminded: ['bookingId'],
  CaseOpened: ['case'],
  CaseVerified: ['caseId', 'by', 'note'],
  CaseAppealed: ['caseId', 'by', 'reason'],
  CaseAppealDecided: ['caseId', 'by', 'upheld', 'note'],
  CaseAnswered: ['caseId', 'by', 'rectification', 'callback'],
  CaseReviewed: ['caseId', 'by', 'approved', 'note'],
  CaseClosed: ['caseId', 'by', 'note'],
} as const satisfies { [T in HallEventType]: ReadonlyArray<FieldsOf<EventOf<T>>> };

// A field left out of a list is a compile error here.
type Listed<T extends HallEventType> = (typeof EVENT_FIELDS)[T][number];
type Unlisted = { [T in HallEventType]: Exclude<FieldsOf<EventOf<T>>, Listed<T>> }[HallEventType];
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/** A new ticket's fields; hallId and id come from the row and from serviceDay/number. */
const TICKET_FIELDS = [
  'serviceDay', 'number', 'seq', 'categoryId', 'issuedCategoryId', 'source', 'queueKey', 'issuedAt', 'matterId', 'priorityClass',
  'appointment', 'citizen', 'contactMobile', 'token', 'state', 'callCount', 'calledAt', 'windowId', 'targetWindowId', 'servingAt',
  'finishedAt', 'missedAt', 'closedAt', 'matterHandled', 'staffId', 'transferCount', 'rating',
] as const satisfies ReadonlyArray<Exclude<keyof Ticket, 'hallId' | 'id'>>;
type UnlistedTicket = Exclude<keyof Ticket, 'hallId' | 'id' | (typeof TICKET_FIELDS)[number]>;
const everyTicketField: [UnlistedTicket] extends [never] ? true : UnlistedTicket = true;
void everyTicketField;

const BOOKING_FIELDS = [
  'id', 'code', 'token', 'categoryId', 'matterId', 'day', 'slotStart', 'slotEnd', 'maskedName', 'maskedId', 'idHash', 'mobile',
  'state', 'createdAt', 'checkedInAt', 'ticketId', 'remindedAt', 'closedAt',
] as const satisfies ReadonlyArray<Exclude<keyof Booking, 'hallId'>>;
type UnlistedBooking = Exclude<keyof Booking, 'hallId' | (typeof BOOKING_FIELDS)[number]>;
const everyBookingField: [UnlistedBooking] extends [never] ? true : UnlistedBooking = true;
void everyBookingField;

/** What a fresh ticket holds unless said otherwise: these are left out of the stored array's tail. */
const FRESH_TICKET: Partial<Record<(typeof TICKET_FIELDS)[number], unknown>> = {
  token: '', state: 'waiting', contactMobile: null, callCount: 0, calledAt: null, windowId: null, targetWindowId: null, servingAt: null,
  finishedAt: null, missedAt: null, closedAt: null, matterHandled: null, staffId: null, transferCount: 0, rating: null,
};

function pack(fields: readonly string[], source: Record<string, unknown>, defaults: Record<string, unknown> = {}): unknown[] {
  const out = fields.map((f) => source[f] ?? null);
  // The tail of values equal to their default (null where there is none) is left out.
  const isDefault = (i: number) => (fields[i]! in defaults ? sameValue(out[i], defaults[fields[i]!]) : out[i] === null);
  let end = out.length;
  while (end > 0 && isDefault(end - 1)) end--;
  return out.slice(0, end);
}

function unpack(fields: readonly string[], values: readonly unknown[], defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fields.forEach((f, i) => (out[f] = i < values.length ? values[i] : f in defaults ? defaults[f] : null));
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a !== null && typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

export interface EncodedEvent {
  type: HallEventType;
  at: number;
  /** The ticket number the event is about, for the audit trail's search by number. */
  ticket: string | null;
  data: string;
}

export function encodeEvent(event: HallEvent): EncodedEvent {
  const fields = EVENT_FIELDS[event.type] as readonly string[];
  const source = event as unknown as Record<string, unknown>;
  let values: unknown[];
  if (event.type === 'TicketIssued') values = [pack(TICKET_FIELDS, event.ticket as unknown as Record<string, unknown>, FRESH_TICKET)];
  else if (event.type === 'BookingMade') values = [pack(BOOKING_FIELDS, event.booking as unknown as Record<string, unknown>)];
  else values = fields.map((f) => source[f] ?? null);
  return { type: event.type, at: event.at, ticket: ticketNumberOf(event), data: JSON.stringify(values) };
}

export function decodeEvent(hallId: string, type: string, at: number, data: string): HallEvent {
  const fields = EVENT_FIELDS[type as HallEventType] as readonly string[] | undefined;
  if (!fields) throw new Error(`unknown event type "${type}" in the log`);
  const values = JSON.parse(data) as unknown[];
  if (type === 'TicketIssued') {
    const t = unpack(TICKET_FIELDS, values[0] as unknown[], FRESH_TICKET);
    const ticket = { hallId, id: `${String(t.serviceDay)}/${String(t.number)}`, ...t } as unknown as Ticket;
    return { type, at, ticket };
  }
  if (type === 'BookingMade') return { type, at, booking: { hallId, ...unpack(BOOKING_FIELDS, values[0] as unknown[]) } as unknown as Booking };
  return { type, at, ...unpack(fields, values) } as HallEvent;
}

/** The number of the ticket an event concerns ("A017"), if it concerns exactly one. */
export function ticketNumberOf(event: HallEvent): string | null {
  if (event.type === 'TicketIssued') return event.ticket.number;
  // A case's id is its ticket's id: the audit trail finds a number's case with its ticket.
  const id = 'ticketId' in event ? event.ticketId : 'caseId' in event ? event.caseId : event.type === 'CaseOpened' ? event.case.id : null;
  if (!id) return null;
  const slash = id.indexOf('/');
  return slash >= 0 ? id.slice(slash + 1) : id;
}

/** The log keeps who did what, not secrets: ID hashes and live-page tokens stay in the tickets table only. */
export function loggable(event: HallEvent): HallEvent {
  if (event.type === 'BookingMade') {
    const b = event.booking;
    // The six-digit code checks the booking in: like the token, it stays in the booking's row only.
    return { ...event, booking: { ...b, token: '', code: '', idHash: '', mobile: maskMobile(b.mobile) } };
  }
  if (event.type === 'CaseOpened') return { ...event, case: { ...event.case, token: '', mobile: event.case.mobile === null ? null : maskMobile(event.case.mobile) } };
  if (event.type !== 'TicketIssued') return event;
  const { token: _token, citizen, contactMobile, ...rest } = event.ticket;
  return {
    ...event,
    ticket: {
      ...rest,
      token: '',
      citizen: citizen ? { maskedName: citizen.maskedName, maskedId: citizen.maskedId, idHash: '' } : null,
      contactMobile: contactMobile ? maskMobile(contactMobile) : null,
    },
  };
}

import type { BookingRow } from '../sqlite/booking-rows';
import { BOOKING_COLUMNS } from '../sqlite/booking-rows';
import type { TicketRow, WindowRow } from '../sqlite/ticket-rows';
import type { CaseRow } from '../rows/case-rows';
import { CASE_COLUMNS } from '../rows/case-rows';
import type { LoggedEventRow } from '../rows/event-rows';
import type { PgColumnType, UnnestTable } from './pg-unnest';

// The row shapes of storage/sqlite's mappers, with the PostgreSQL type of each column (pg-migrations.ts).

type Typed<Row> = Record<keyof Row & string, PgColumnType>;

const TICKET_TYPES: Typed<TicketRow> = {
  hall_id: 'text', id: 'text', service_day: 'text', number: 'text', seq: 'integer', category_id: 'text', issued_category_id: 'text',
  matter_id: 'text', source: 'text', priority_class: 'text', appointment: 'text', citizen_masked_name: 'text', citizen_masked_id: 'text',
  citizen_id_hash: 'text', token: 'text', state: 'text', queue_key: 'double precision', issued_at: 'bigint', call_count: 'integer',
  called_at: 'bigint', window_id: 'integer', target_window_id: 'integer', serving_at: 'bigint', finished_at: 'bigint', missed_at: 'bigint',
  closed_at: 'bigint', matter_handled: 'text', staff_id: 'text', transfer_count: 'integer', rating_level: 'text', rating_reasons: 'text',
  rating_comment: 'text', rated_at: 'bigint', rated_window_id: 'integer', rated_staff_id: 'text', rating_channel: 'text', rating_real_name: 'integer', contact_mobile: 'text',
};

export const TICKETS: UnnestTable<TicketRow> = { columns: Object.keys(TICKET_TYPES) as Array<keyof TicketRow>, types: TICKET_TYPES };

/**
 * Set when a ticket is issued and never changed by its life at the windows (the purge job clears hashes and
 * mobiles itself): an upsert must not write them back, or it would undo a purge that ran in between.
 */
const IMMUTABLE_TICKET_COLUMNS: ReadonlySet<string> = new Set([
  'hall_id', 'id', 'service_day', 'number', 'seq', 'issued_category_id', 'source', 'priority_class', 'appointment',
  'citizen_masked_name', 'citizen_masked_id', 'citizen_id_hash', 'token', 'issued_at', 'contact_mobile',
]);

export const MUTABLE_TICKET_COLUMNS = TICKETS.columns.filter((c) => !IMMUTABLE_TICKET_COLUMNS.has(c));

const BOOKING_TYPES: Typed<BookingRow> = {
  hall_id: 'text', id: 'text', code: 'text', token: 'text', category_id: 'text', matter_id: 'text', day: 'text', slot_start: 'bigint',
  slot_end: 'bigint', masked_name: 'text', masked_id: 'text', id_hash: 'text', mobile: 'text', state: 'text', created_at: 'bigint',
  checked_in_at: 'bigint', ticket_id: 'text', reminded_at: 'bigint', closed_at: 'bigint',
};

export const BOOKINGS: UnnestTable<BookingRow> = { columns: BOOKING_COLUMNS, types: BOOKING_TYPES };

const CASE_TYPES: Typed<CaseRow> = {
  hall_id: 'text', id: 'text', state: 'text', window_id: 'integer', staff_id: 'text', team_id: 'text', category_id: 'text', level: 'text',
  real_name: 'integer', opened_at: 'bigint', due_at: 'bigint', answered_at: 'bigint', closed_at: 'bigint', outcome: 'text',
  callback_answer: 'text', mobile: 'text', body: 'text',
};

export const CASES: UnnestTable<CaseRow> = { columns: CASE_COLUMNS, types: CASE_TYPES };

const WINDOW_TYPES: Typed<WindowRow> = {
  hall_id: 'text', id: 'integer', status: 'text', staff_id: 'text', current_ticket_id: 'text', pause_reason: 'text', paused_at: 'bigint',
  opened_at: 'bigint', priority_streak: 'integer',
};

export const WINDOWS: UnnestTable<WindowRow> = { columns: Object.keys(WINDOW_TYPES) as Array<keyof WindowRow>, types: WINDOW_TYPES };

/** A row of PostgreSQL's `event_log`: keyed by hall id, with the ticket number indexed for the audit trail. */
export interface EventLogRow extends LoggedEventRow {
  hall_id: string;
  ticket: string | null;
}

export const EVENT_LOG: UnnestTable<EventLogRow> = {
  columns: ['hall_id', 'seq', 'at', 'type', 'actor_kind', 'actor_id', 'ticket', 'data'],
  types: { hall_id: 'text', seq: 'bigint', at: 'bigint', type: 'text', actor_kind: 'text', actor_id: 'text', ticket: 'text', data: 'text' },
};

export interface RequestResultRow {
  hall_id: string;
  actor: string;
  request_id: string;
  at: number;
  seq: number;
  command: string;
  result: string;
}

export const REQUEST_RESULTS: UnnestTable<RequestResultRow> = {
  columns: ['hall_id', 'actor', 'request_id', 'at', 'seq', 'command', 'result'],
  types: { hall_id: 'text', actor: 'text', request_id: 'text', at: 'bigint', seq: 'bigint', command: 'text', result: 'text' },
};

import type { Booking, BookingState } from '../../domain';

export interface BookingRow {
  hall_id: string;
  id: string;
  code: string;
  token: string;
  category_id: string;
  matter_id: string | null;
  day: string;
  slot_start: number;
  slot_end: number;
  masked_name: string;
  masked_id: string;
  id_hash: string | null;
  mobile: string | null;
  state: string;
  created_at: number;
  checked_in_at: number | null;
  ticket_id: string | null;
  reminded_at: number | null;
  closed_at: number | null;
}

export const BOOKING_COLUMNS = [
  'hall_id', 'id', 'code', 'token', 'category_id', 'matter_id', 'day', 'slot_start', 'slot_end', 'masked_name', 'masked_id',
  'id_hash', 'mobile', 'state', 'created_at', 'checked_in_at', 'ticket_id', 'reminded_at', 'closed_at',
] as const satisfies ReadonlyArray<keyof BookingRow>;

export function bookingToRow(b: Booking): BookingRow {
  return {
    hall_id: b.hallId,
    id: b.id,
    code: b.code,
    token: b.token,
    category_id: b.categoryId,
    matter_id: b.matterId,
    day: b.day,
    slot_start: b.slotStart,
    slot_end: b.slotEnd,
    masked_name: b.maskedName,
    masked_id: b.maskedId,
    id_hash: b.idHash,
    mobile: b.mobile,
    state: b.state,
    created_at: b.createdAt,
    checked_in_at: b.checkedInAt,
    ticket_id: b.ticketId,
    reminded_at: b.remindedAt,
    closed_at: b.closedAt,
  };
}

export function rowToBooking(r: BookingRow): Booking {
  return {
    hallId: r.hall_id,
    id: r.id,
    code: r.code,
    token: r.token,
    categoryId: r.category_id,
    matterId: r.matter_id,
    day: r.day,
    slotStart: r.slot_start,
    slotEnd: r.slot_end,
    maskedName: r.masked_name,
    maskedId: r.masked_id,
    // A purged hash (privacy retention) no longer matches anyone.
    idHash: r.id_hash ?? '',
    mobile: r.mobile ?? '',
    state: r.state as BookingState,
    createdAt: r.created_at,
    checkedInAt: r.checked_in_at,
    ticketId: r.ticket_id,
    remindedAt: r.reminded_at,
    closedAt: r.closed_at,
  };
}

import type { RatingChannel, RatingLevel, Ticket, TicketSource, TicketState, WindowState, WindowStatus } from '../../domain';

export interface TicketRow {
  hall_id: string;
  id: string;
  service_day: string;
  number: string;
  seq: number;
  category_id: string;
  issued_category_id: string;
  matter_id: string | null;
  source: string;
  priority_class: string | null;
  appointment: string | null;
  citizen_masked_name: string | null;
  citizen_masked_id: string | null;
  citizen_id_hash: string | null;
  token: string;
  state: string;
  queue_key: number;
  issued_at: number;
  call_count: number;
  called_at: number | null;
  window_id: number | null;
  target_window_id: number | null;
  serving_at: number | null;
  finished_at: number | null;
  missed_at: number | null;
  closed_at: number | null;
  matter_handled: string | null;
  staff_id: string | null;
  transfer_count: number;
  rating_level: string | null;
  /** JSON array of reason texts. */
  rating_reasons: string | null;
  rating_comment: string | null;
  rating_channel: string | null;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  rating_real_name: number | boolean | null;
  rated_at: number | null;
  rated_window_id: number | null;
  rated_staff_id: string | null;
  contact_mobile: string | null;
}

export function ticketToRow(t: Ticket): TicketRow {
  return {
    hall_id: t.hallId,
    id: t.id,
    service_day: t.serviceDay,
    number: t.number,
    seq: t.seq,
    category_id: t.categoryId,
    issued_category_id: t.issuedCategoryId,
    matter_id: t.matterId,
    source: t.source,
    priority_class: t.priorityClass,
    appointment: t.appointment ? JSON.stringify(t.appointment) : null,
    citizen_masked_name: t.citizen?.maskedName ?? null,
    citizen_masked_id: t.citizen?.maskedId ?? null,
    citizen_id_hash: t.citizen?.idHash ?? null,
    token: t.token,
    state: t.state,
    queue_key: t.queueKey,
    issued_at: t.issuedAt,
    call_count: t.callCount,
    called_at: t.calledAt,
    window_id: t.windowId,
    target_window_id: t.targetWindowId,
    serving_at: t.servingAt,
    finished_at: t.finishedAt,
    missed_at: t.missedAt,
    closed_at: t.closedAt,
    matter_handled: t.matterHandled,
    staff_id: t.staffId,
    transfer_count: t.transferCount,
    rating_level: t.rating?.level ?? null,
    rating_reasons: t.rating ? JSON.stringify(t.rating.reasons) : null,
    rating_comment: t.rating?.comment ?? null,
    rated_at: t.rating?.at ?? null,
    rated_window_id: t.rating?.windowId ?? null,
    rated_staff_id: t.rating?.staffId ?? null,
    rating_channel: t.rating?.channel ?? null,
    rating_real_name: t.rating ? (t.rating.realName ? 1 : 0) : null,
    contact_mobile: t.contactMobile,
  };
}

export function rowToTicket(r: TicketRow): Ticket {
  return {
    hallId: r.hall_id,
    id: r.id,
    serviceDay: r.service_day,
    number: r.number,
    seq: r.seq,
    categoryId: r.category_id,
    issuedCategoryId: r.issued_category_id,
    matterId: r.matter_id,
    source: r.source as TicketSource,
    priorityClass: r.priority_class,
    appointment: r.appointment ? JSON.parse(r.appointment) : null,
    citizen:
      r.citizen_masked_name !== null && r.citizen_masked_id !== null
        ? { maskedName: r.citizen_masked_name, maskedId: r.citizen_masked_id, idHash: r.citizen_id_hash ?? '' }
        : null,
    token: r.token,
    state: r.state as TicketState,
    queueKey: r.queue_key,
    issuedAt: r.issued_at,
    callCount: r.call_count,
    calledAt: r.called_at,
    windowId: r.window_id,
    targetWindowId: r.target_window_id,
    servingAt: r.serving_at,
    finishedAt: r.finished_at,
    missedAt: r.missed_at,
    closedAt: r.closed_at,
    matterHandled: r.matter_handled,
    staffId: r.staff_id,
    transferCount: r.transfer_count,
    rating:
      r.rating_level !== null && r.rated_at !== null && r.rated_window_id !== null
        ? {
            level: r.rating_level as RatingLevel,
            channel: (r.rating_channel ?? 'window') as RatingChannel,
            realName: Boolean(r.rating_real_name),
            reasons: r.rating_reasons ? (JSON.parse(r.rating_reasons) as string[]) : [],
            comment: r.rating_comment,
            at: r.rated_at,
            windowId: r.rated_window_id,
            staffId: r.rated_staff_id,
          }
        : null,
    contactMobile: r.contact_mobile,
  };
}

export interface WindowRow {
  hall_id: string;
  id: number;
  status: string;
  staff_id: string | null;
  current_ticket_id: string | null;
  pause_reason: string | null;
  paused_at: number | null;
  opened_at: number | null;
  priority_streak: number;
}

export function windowToRow(w: WindowState): WindowRow {
  return {
    hall_id: w.hallId,
    id: w.id,
    status: w.status,
    staff_id: w.staffId,
    current_ticket_id: w.currentTicketId,
    pause_reason: w.pauseReason,
    paused_at: w.pausedAt,
    opened_at: w.openedAt,
    priority_streak: w.priorityStreak,
  };
}

export function rowToWindow(r: WindowRow): WindowState {
  return {
    hallId: r.hall_id,
    id: r.id,
    status: r.status as WindowStatus,
    staffId: r.staff_id,
    currentTicketId: r.current_ticket_id,
    pauseReason: r.pause_reason,
    pausedAt: r.paused_at,
    openedAt: r.opened_at,
    priorityStreak: r.priority_streak,
  };
}

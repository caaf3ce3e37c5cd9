import type { HallCommand } from './commands';
import { matchCheckIn } from './booking/decide-booking';
import { decideIssue } from './decide-issue';
import type { DecideContext, Decision } from './decision';
import { accept, reject } from './decision';
import { refuse } from './refusals';
import type { HallState } from './state';
import { findTicketByNumber } from './state';

type Cmd<T extends HallCommand['type']> = Extract<HallCommand, { type: T }>;

/**
 * A booked citizen checks in at a kiosk (code or ID card): the booking closes and a ticket is issued in the
 * same decision. On time, it is an appointment ticket (ranks with priority once its slot has begun); late,
 * a normal ticket if the hall allows it.
 */
export function decideCheckInBooking(cmd: Cmd<'CheckInBooking'>, state: HallState, ctx: DecideContext): Decision {
  const match = matchCheckIn(state.book, { now: ctx.now, rules: ctx.rules, booking: ctx.rules.booking }, cmd.by);
  if (!match.ok) return reject(match.refusal);
  const b = match.booking;
  const issued = decideIssue(
    {
      type: 'IssueTicket',
      categoryId: b.categoryId,
      matterId: b.matterId,
      source: match.late ? 'kiosk' : 'appointment',
      appointment: match.late ? null : { bookingId: b.id, slotStart: b.slotStart, slotEnd: b.slotEnd, checkedInAt: ctx.now },
      citizen: { maskedName: b.maskedName, maskedId: b.maskedId, idHash: b.idHash },
      token: cmd.token,
      contactMobile: b.mobile,
    },
    state,
    ctx,
  );
  if (!issued.ok) return issued;
  const ticket = issued.events.find((e) => e.type === 'TicketIssued');
  if (!ticket || ticket.type !== 'TicketIssued') return issued;
  return accept({ type: 'BookingCheckedIn', at: ctx.now, bookingId: b.id, ticketId: ticket.ticket.id, late: match.late }, ...issued.events);
}

export function decideCheckInTicket(cmd: Cmd<'CheckInTicket'>, state: HallState, ctx: DecideContext): Decision {
  const t = findTicketByNumber(state, cmd.number);
  if (!t) return reject(refuse('NO_SUCH_TICKET', { number: cmd.number }));
  if (t.state !== 'pending') return reject(refuse('TICKET_NOT_PENDING', { number: t.number }));
  return accept({ type: 'TicketCheckedIn', at: ctx.now, ticketId: t.id });
}

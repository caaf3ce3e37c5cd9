import type { Ack, CitizenRatingView } from '../../contracts';
import { citizenRateInput, citizenRatingGetInput } from '../../contracts';
import type { RatingCase, RatingChannel, Ticket } from '../../domain';
import { ticketForRating } from '../../domain';
import { citizenCaseView, citizenRatingView } from '../../app/case-views';
import { publicReadsOf } from '../anonymous-limits';
import type { HallRuntime } from '../hall-runtime';
import { errorAck, handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import { rooms } from '../rooms';
import type { HallSocket } from '../socket-types';

const NO_TICKET = errorAck('NO_SUCH_TICKET', '没有找到该号码，或已超过评价时限', 'No such ticket, or the time for rating it has passed');
const NOT_SERVED = errorAck('BOOKING_NOT_SERVED', '该预约尚未签到办理，办结后才能评价', 'The booking has not been checked in and served yet; rate it after the service');

/**
 * 一事一评 from the phone: the ticket's live page (a remote ticket, or the QR code on a kiosk slip) or a
 * booking's page. The token is the citizen's proof, as for watching the ticket; one rating per ticket
 * across every channel, the window's evaluator included, decided by the hall's single command queue.
 */
export function registerMobileRating(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  const reads = publicReadsOf(hall);

  type Found = { ticket: Ticket; channel: RatingChannel } | { kase: RatingCase };
  const find = (via: 't' | 'b', token: string): Found | Ack<never> => {
    if (via === 't') {
      const ticket = service.findByToken(token);
      if (ticket) return { ticket, channel: ticket.source === 'remote' ? 'phone' : ticket.source === 'appointment' ? 'booking' : 'slip-qr' };
      // Rated, and its ticket gone with an earlier day: the case still shows the rating and its result.
      const kase = service.findCaseByToken(token);
      return kase ? { kase } : NO_TICKET;
    }
    const booking = reads.bookingByToken(token);
    if (!booking) return errorAck('NO_SUCH_BOOKING', '没有找到该预约', 'No such booking');
    if (!booking.ticketId) return NOT_SERVED;
    const ticket = ticketForRating(service.state, booking.ticketId);
    if (ticket) return { ticket, channel: 'booking' };
    const kase = service.state.cases.get(booking.ticketId);
    return kase ? { kase } : NO_TICKET;
  };
  const view = (t: Ticket): CitizenRatingView => citizenRatingView(service.rules, t, service.state.cases.get(t.id), service.clock.now());

  handle(socket, log, 'rating:get', citizenRatingGetInput, async (input): Promise<Ack<CitizenRatingView>> => {
    const found = find(input.via, input.token);
    if ('ok' in found) return found;
    // The page hears about its rating's progress (rating:changed) like it hears about its ticket.
    await socket.join(rooms.ticket(hall.config.id, 'kase' in found ? found.kase.id : found.ticket.id));
    return { ok: true, data: 'kase' in found ? citizenCaseView(service.rules, found.kase) : view(found.ticket) };
  });

  handle(socket, log, 'rating:give', citizenRateInput, async (input): Promise<Ack<CitizenRatingView>> => {
    const found = find(input.via, input.token);
    if ('ok' in found) return found;
    if ('kase' in found) return errorAck('ALREADY_RATED', `${found.kase.number} 已经评价过了`, `${found.kase.number} has already been rated`);
    const t = found.ticket;
    await socket.join(rooms.ticket(hall.config.id, t.id));
    return toAck(
      await service.execute(
        {
          type: 'RateService',
          windowId: null,
          ticketId: t.id,
          level: input.level,
          reasons: input.reasons,
          comment: input.comment ?? null,
          channel: found.channel,
          mobile: input.mobile ?? null,
        },
        // The ticket stands for its citizen in the log, as a booking does: no link between a citizen's tickets.
        { kind: 'citizen', id: `rating:${t.id}` },
        { requestId: input.requestId, present: () => view(ticketForRating(service.state, t.id)!) },
      ),
    );
  });
}

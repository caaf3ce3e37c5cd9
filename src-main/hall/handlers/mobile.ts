import type { PublicTicketView } from '../../contracts';
import { watchInput } from '../../contracts';
import { guardAnonymous, publicReadsOf } from '../anonymous-limits';
import type { HallRuntime } from '../hall-runtime';
import { errorAck, handle } from '../event-handler';
import type { Logger } from '../logger';
import { rooms } from '../rooms';
import type { HallSocket } from '../socket-types';
import { registerMobileBooking } from './mobile-booking';
import { registerMobileRating } from './mobile-rating';

const MAX_WATCHED = 5;

/**
 * A phone watches its own ticket by the unguessable token from the slip's QR code. Phones are anonymous:
 * every event they send is rate-limited before anything else (anonymous-limits.ts), and their reads are
 * answered from the hall's public-read cache.
 */
export function registerMobile(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  guardAnonymous(socket, hall);
  const reads = publicReadsOf(hall);
  handle(socket, log, 'ticket:watch', watchInput, async (input) => {
    const ticket = service.findByToken(input.token);
    if (!ticket) return errorAck('NO_SUCH_TICKET', '没有这个号码或号码已过期', 'No such ticket, or it has expired');
    const watching = socket.data.watching ?? new Set<string>();
    if (!watching.has(ticket.id) && watching.size >= MAX_WATCHED) {
      return errorAck('TOO_MANY_WATCHED', `一个页面最多关注 ${MAX_WATCHED} 个号码`, `At most ${MAX_WATCHED} tickets per connection`);
    }
    watching.add(ticket.id);
    socket.data.watching = watching;
    await socket.join(rooms.ticket(hall.config.id, ticket.id));
    const view: PublicTicketView = reads.ticketView(ticket, service.clock.now());
    return { ok: true, data: view };
  });
  registerMobileBooking(socket, hall, log);
  registerMobileRating(socket, hall, log);
}

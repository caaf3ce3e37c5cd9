import { randomInt } from 'node:crypto';
import type { Ack, BookingView } from '../../contracts';
import { bookInput, bookingTokenInput, cancelBookingInput, remoteTicketInput, rescheduleInput, slotsInput } from '../../contracts';
import type { Booking } from '../../domain';
import { bookingView } from '../../app/booking-views';
import { citizenRequestScope, newCitizenActorId } from '../../app/identity';
import type { Actor } from '../../app/ports';
import { publicReadsOf } from '../anonymous-limits';
import type { HallRuntime } from '../hall-runtime';
import { randomTokens } from '../hall-runtime';
import { errorAck, handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';
import { citizenIdentity, rateLimitRefusal } from './citizen-identity';
import { issuedTicketOf, issuedTicketView } from './present';

/** A booking's own (random) id stands for its citizen in the log: every booking a different actor. */
const citizenActor = (bookingId: string): Actor => ({ kind: 'citizen', id: bookingId });

const NO_BOOKING = errorAck('NO_SUCH_BOOKING', '没有找到该预约', 'No such booking');

/** Phones book slots, change or cancel them by their token, and take numbers remotely. */
export function registerMobileBooking(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  const address = socket.handshake.address;
  const reads = publicReadsOf(hall);
  const byToken = (token: string): Booking | undefined => reads.bookingByToken(token);
  // Inside a command (present) the state is ahead of the last commit: computed, never from the cache.
  const view = (b: Booking): BookingView => bookingView(service.state, service.rules, service.state.book.bookings.get(b.id) ?? b, hall.baseUrl());

  handle(socket, log, 'booking:slots', slotsInput, (input) => {
    if (!service.rules.category.has(input.categoryId)) return errorAck('UNKNOWN_CATEGORY', '没有这个业务类别', 'No such category');
    return { ok: true, data: reads.daySlots(input.categoryId, service.clock.now()) };
  });

  handle(socket, log, 'booking:make', bookInput, async (input): Promise<Ack<BookingView>> => {
    const citizen = citizenIdentity(hall, input.name, input.idNumber);
    if ('ok' in citizen) return citizen;
    const limited = rateLimitRefusal(hall, address, citizen.idHash, service.clock.now());
    if (limited) return limited;
    // The six-digit code is typed at a kiosk; a clash with an open booking is refused and tried again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const bookingId = randomTokens.token();
      const outcome = await service.execute(
        {
          type: 'MakeBooking',
          bookingId,
          code: String(randomInt(100000, 1000000)),
          token: randomTokens.token(),
          categoryId: input.categoryId,
          matterId: input.matterId ?? null,
          slotStart: input.slotStart,
          citizen,
          mobile: input.mobile,
        },
        // The log's actor is the booking (random), not the citizen: it must not link a citizen's bookings.
        citizenActor(bookingId),
        {
          requestId: input.requestId,
          requestScope: citizenRequestScope(citizen.idHash, input.requestId),
          present: ({ events }) => {
            const made = events.find((e) => e.type === 'BookingMade');
            if (!made || made.type !== 'BookingMade') throw new Error('no BookingMade event');
            return view(made.booking);
          },
        },
      );
      if (!outcome.ok && outcome.failure.code === 'BOOKING_CODE_TAKEN') continue;
      if (!outcome.ok && outcome.failure.code === 'SLOT_FULL') {
        const suggestions = reads.freeSlots(input.categoryId, service.clock.now(), 3);
        return { ...toAck(outcome), suggestions } as Ack<BookingView>;
      }
      return toAck(outcome);
    }
    return errorAck('BOOKING_CODE_TAKEN', '预约码冲突，请重试', 'Booking code already in use; try again');
  });

  handle(socket, log, 'booking:get', bookingTokenInput, (input) => {
    const b = byToken(input.token);
    return b ? { ok: true, data: reads.bookingView(b, hall.baseUrl()) } : NO_BOOKING;
  });

  handle(socket, log, 'booking:cancel', cancelBookingInput, async (input): Promise<Ack<BookingView>> => {
    const b = byToken(input.token);
    if (!b) return NO_BOOKING;
    return toAck(await service.execute({ type: 'CancelBooking', bookingId: b.id }, citizenActor(b.id), { requestId: input.requestId, present: () => view(b) }));
  });

  handle(socket, log, 'booking:reschedule', rescheduleInput, async (input): Promise<Ack<BookingView>> => {
    const b = byToken(input.token);
    if (!b) return NO_BOOKING;
    return toAck(
      await service.execute({ type: 'RescheduleBooking', bookingId: b.id, slotStart: input.slotStart }, citizenActor(b.id), {
        requestId: input.requestId,
        present: () => view(b),
      }),
    );
  });

  handle(socket, log, 'ticket:remote', remoteTicketInput, async (input) => {
    const citizen = citizenIdentity(hall, input.name, input.idNumber);
    if ('ok' in citizen) return citizen;
    const limited = rateLimitRefusal(hall, address, citizen.idHash, service.clock.now());
    if (limited) return limited;
    return toAck(
      await service.execute(
        {
          type: 'IssueTicket',
          categoryId: input.categoryId,
          matterId: input.matterId ?? null,
          source: 'remote',
          citizen,
          contactMobile: input.mobile,
          token: randomTokens.token(),
        },
        { kind: 'citizen', id: newCitizenActorId() },
        { requestId: input.requestId, requestScope: citizenRequestScope(citizen.idHash, input.requestId), present: ({ events, now }) => issuedTicketView(hall, issuedTicketOf(service, events), now) },
      ),
    );
  });
}

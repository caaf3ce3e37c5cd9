import type { Ack, CheckInView } from '../../contracts';
import { checkInInput, numberInput } from '../../contracts';
import { localTime } from '../../domain';
import type { HallRuntime } from '../hall-runtime';
import { randomTokens } from '../hall-runtime';
import { handle, toAck } from '../event-handler';
import { checkInGuardOf, checkInLimitedAck } from '../check-in-limits';
import type { CheckInPass } from '../../app/check-in-guard';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';
import { issuedTicketOf, issuedTicketView, joinedTicketView } from './present';

/** 签到 at a kiosk: a booking by its code or the same ID card, or a remote ticket that needs check-in. */
export function registerKioskCheckIn(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  const actor = socket.data.actor;

  // Six-digit codes can be guessed: check-ins by code are limited per kiosk and per code (check-in-guard.ts).
  const guard = checkInGuardOf(service);
  handle(socket, log, 'booking:checkIn', checkInInput, async (input): Promise<Ack<CheckInView>> => {
    let pass: CheckInPass | undefined;
    if ('code' in input) {
      const begun = guard.begin(actor.id, input.code, service.clock.now(), service.config.limits);
      if (!begun.ok) return checkInLimitedAck(begun);
      pass = begun.pass;
    }
    const outcome = await service.execute(
      { type: 'CheckInBooking', by: 'code' in input ? { code: input.code } : { idHash: input.citizen.idHash }, token: randomTokens.token() },
      actor,
      {
        requestId: input.requestId,
        present: ({ events, now }) => {
          const checkedIn = events.find((e) => e.type === 'BookingCheckedIn');
          const booking = checkedIn && checkedIn.type === 'BookingCheckedIn' ? service.state.book.bookings.get(checkedIn.bookingId) : undefined;
          const tz = service.rules.timeZone;
          return {
            ...issuedTicketView(hall, issuedTicketOf(service, events), now),
            late: checkedIn?.type === 'BookingCheckedIn' ? checkedIn.late : false,
            slotLabel: booking ? `${localTime(booking.slotStart, tz).clock}–${localTime(booking.slotEnd, tz).clock}` : '',
          };
        },
      },
    );
    if (pass) {
      // A storage failure says nothing about the code: it is given back like a success.
      const failed = !outcome.ok && outcome.failure.code !== 'STORAGE_FAILED';
      const locked = guard.end(pass, !failed, service.clock.now(), service.config.limits);
      if (locked) {
        log.warn({ hall: hall.config.id, device: locked.deviceId, failures: locked.failures, until: new Date(locked.until).toISOString() }, 'booking-code check-in locked on a kiosk');
        hall.alerts.check().catch((err: unknown) => log.error({ err }, 'alert check failed'));
      }
    }
    return toAck(outcome);
  });

  handle(socket, log, 'ticket:checkIn', numberInput, async (input) =>
    toAck(
      await service.execute({ type: 'CheckInTicket', number: input.number }, actor, {
        requestId: input.requestId,
        present: ({ events, now }) => joinedTicketView(service, events, now),
      }),
    ),
  );
}

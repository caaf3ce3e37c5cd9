import { numberInput } from '../../contracts';
import { ticketView } from '../../app/views';
import type { HallRuntime } from '../hall-runtime';
import { handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';
import { ticketOfEvents } from './present';

export function registerAdmin(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  handle(socket, log, 'ticket:cancel', numberInput, async (input) =>
    toAck(
      await service.execute({ type: 'CancelTicket', number: input.number }, socket.data.actor, {
        requestId: input.requestId,
        present: ({ events }) => ticketView(ticketOfEvents(service, events)),
      }),
    ),
  );
}

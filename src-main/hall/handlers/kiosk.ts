import { issueTicketInput, numberInput } from '../../contracts';
import { randomTokens } from '../hall-runtime';
import type { HallRuntime } from '../hall-runtime';
import { handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';
import { registerKioskDevices } from './kiosk-devices';
import { issuedTicketOf, issuedTicketView, joinedTicketView } from './present';
import { registerKioskCheckIn } from './kiosk-check-in';

export function registerKiosk(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  const actor = socket.data.actor;

  handle(socket, log, 'ticket:issue', issueTicketInput, async (input) =>
    toAck(
      await service.execute(
        {
          type: 'IssueTicket',
          categoryId: input.categoryId,
          matterId: input.matterId ?? null,
          priorityClass: input.priorityClass ?? null,
          citizen: input.citizen ?? null,
          source: 'kiosk',
          token: randomTokens.token(),
        },
        actor,
        {
          requestId: input.requestId,
          present: ({ events, now }) => issuedTicketView(hall, issuedTicketOf(service, events), now),
        },
      ),
    ),
  );

  handle(socket, log, 'ticket:reactivate', numberInput, async (input) =>
    toAck(
      await service.execute({ type: 'Reactivate', number: input.number }, actor, {
        requestId: input.requestId,
        present: ({ events, now }) => joinedTicketView(service, events, now),
      }),
    ),
  );

  registerKioskDevices(socket, hall, log);
  registerKioskCheckIn(socket, hall, log);
}

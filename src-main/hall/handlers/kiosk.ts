import { issueTicketInput, numberInput } from '../../contracts';
import type { IssuedTicketView } from '../../contracts';
import { positionOf } from '../../domain';
import { ticketView } from '../../app/views';
import { randomTokens } from '../hall-runtime';
import type { HallRuntime } from '../hall-runtime';
import { handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';
import { registerKioskDevices } from './kiosk-devices';
import { issuedTicketOf, ticketOfEvents } from './present';

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
          present: ({ events, now }): IssuedTicketView => {
            const t = issuedTicketOf(service, events);
            const position = positionOf(service.state, service.rules, t, now);
            return {
              ticket: ticketView(t),
              token: t.token,
              liveUrl: `${hall.baseUrl()}/t/${t.token}`,
              ahead: position?.ahead ?? 0,
              estimatedMinutes: position?.estimatedMinutes ?? null,
              hallName: hall.config.name,
              categoryName: service.rules.category.get(t.categoryId)?.name ?? t.categoryId,
              matterName: t.matterId ? (service.rules.matter.get(t.matterId)?.name ?? null) : null,
            };
          },
        },
      ),
    ),
  );

  handle(socket, log, 'ticket:reactivate', numberInput, async (input) =>
    toAck(
      await service.execute({ type: 'Reactivate', number: input.number }, actor, {
        requestId: input.requestId,
        present: ({ events }) => ticketView(ticketOfEvents(service, events)),
      }),
    ),
  );

  registerKioskDevices(socket, hall, log);
}

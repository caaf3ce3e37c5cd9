import type { z } from 'zod';
import type { Ack, CallResult, WindowView } from '../../contracts';
import { finishInput, numberInput, openWindowInput, pauseInput, plainInput, transferInput } from '../../contracts';
import type { HallCommand } from '../../domain';
import { ticketView, windowView } from '../../app/views';
import type { HallRuntime } from '../hall-runtime';
import { errorAck, handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';
import { rooms } from '../rooms';
import { callResult, ticketOfEvents } from './present';
import { windowOfStaff } from './staff-window';

const NOT_SIGNED_IN = errorAck('WINDOW_NOT_SIGNED_IN', '请先登录窗口', 'Sign in at a window first');

/** Window staff: every action applies to the window this account is signed in at, decided by the server. */
/**
 * A console hears about its own window (and tickets sent to it) in the window's room, and about the
 * queues of the categories its window serves in their rooms.
 */
export async function joinWindowRooms(socket: HallSocket, hall: HallRuntime, windowId: number | null): Promise<void> {
  const h = hall.config.id;
  for (const room of [...socket.rooms]) if (room.startsWith(`h:${h}:w:`) || room.startsWith(`h:${h}:c:`)) await socket.leave(room);
  if (windowId === null) return;
  const categories = hall.service.rules.window.get(windowId)?.categories ?? [];
  await socket.join([rooms.window(h, windowId), ...categories.map((c) => rooms.category(h, c))]);
}

export function registerCounter(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  const actor = socket.data.actor;
  const username = socket.data.username!;
  const windowAnswer = (windowId: number): WindowView =>
    windowView(service.state, service.rules, service.labels, service.state.windows.get(windowId)!);

  handle(socket, log, 'window:open', openWindowInput, async (input) => {
    const outcome = await service.execute({ type: 'OpenWindow', windowId: input.windowId, staffId: username }, actor, {
      requestId: input.requestId,
      present: () => windowAnswer(input.windowId),
    });
    if (outcome.ok) await joinWindowRooms(socket, hall, input.windowId);
    return toAck(outcome);
  });

  /** Window-bound commands share one shape: find my window, run, answer with the window. */
  function windowCommand<S extends z.ZodType<{ requestId: string }>>(event: string, schema: S, build: (input: z.output<S>, windowId: number) => HallCommand) {
    handle(socket, log, event, schema, async (input): Promise<Ack<WindowView>> => {
      const windowId = windowOfStaff(service.state, username);
      if (windowId === null) return NOT_SIGNED_IN;
      return toAck(await service.execute(build(input, windowId), actor, { requestId: input.requestId, present: () => windowAnswer(windowId) }));
    });
  }

  function ticketCommand<S extends z.ZodType<{ requestId: string }>>(event: string, schema: S, build: (input: z.output<S>, windowId: number) => HallCommand) {
    handle(socket, log, event, schema, async (input): Promise<Ack<CallResult>> => {
      const windowId = windowOfStaff(service.state, username);
      if (windowId === null) return NOT_SIGNED_IN;
      return toAck(
        await service.execute(build(input, windowId), actor, {
          requestId: input.requestId,
          present: ({ events }) => callResult(service, windowId, events),
        }),
      );
    });
  }

  handle(socket, log, 'window:close', plainInput, async (input): Promise<Ack<WindowView>> => {
    const windowId = windowOfStaff(service.state, username);
    if (windowId === null) return NOT_SIGNED_IN;
    const outcome = await service.execute({ type: 'CloseWindow', windowId }, actor, { requestId: input.requestId, present: () => windowAnswer(windowId) });
    if (outcome.ok) await joinWindowRooms(socket, hall, null);
    return toAck(outcome);
  });
  windowCommand('window:pause', pauseInput, (i, windowId) => ({ type: 'PauseWindow', windowId, reason: i.reason }));
  windowCommand('window:resume', plainInput, (_i, windowId) => ({ type: 'ResumeWindow', windowId }));
  ticketCommand('queue:callNext', plainInput, (_i, windowId) => ({ type: 'CallNext', windowId }));
  ticketCommand('queue:callNumber', numberInput, (i, windowId) => ({ type: 'CallNumber', windowId, number: i.number }));
  ticketCommand('ticket:recall', plainInput, (_i, windowId) => ({ type: 'Recall', windowId }));
  ticketCommand('ticket:noShow', plainInput, (_i, windowId) => ({ type: 'MarkNoShow', windowId }));
  ticketCommand('ticket:start', plainInput, (_i, windowId) => ({ type: 'StartService', windowId }));
  ticketCommand('ticket:finish', finishInput, (i, windowId) => ({ type: 'FinishService', windowId, matterId: i.matterId ?? null }));
  ticketCommand('ticket:transfer', transferInput, (i, windowId) => ({ type: 'Transfer', windowId, to: i.to }));

  handle(socket, log, 'ticket:cancel', numberInput, async (input) =>
    toAck(
      await service.execute({ type: 'CancelTicket', number: input.number }, actor, {
        requestId: input.requestId,
        present: ({ events }) => ticketView(ticketOfEvents(service, events)),
      }),
    ),
  );
}

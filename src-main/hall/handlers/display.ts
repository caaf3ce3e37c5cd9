import { rateInput } from '../../contracts';
import { ticketForRating } from '../../domain';
import { ratingView } from '../../app/evaluation-views';
import type { HallRuntime } from '../hall-runtime';
import { errorAck, handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';

const NOT_A_WINDOW_DISPLAY = errorAck('FORBIDDEN', '只有窗口评价屏可以提交评价', 'Only a window display can submit a rating');

/**
 * Screens. A window display is also the evaluator (好差评): it rates for its own window only, which the
 * device key decides, never the payload.
 */
export function registerDisplay(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  handle(socket, log, 'ticket:rate', rateInput, async (input) => {
    const windowId = socket.data.windowId;
    if (windowId === undefined) return NOT_A_WINDOW_DISPLAY;
    return toAck(
      await service.execute(
        { type: 'RateService', windowId, ticketId: input.ticketId, level: input.level, reasons: input.reasons, comment: input.comment ?? null, channel: 'window', mobile: input.mobile ?? null },
        socket.data.actor,
        {
          requestId: input.requestId,
          present: () => ratingView(ticketForRating(service.state, input.ticketId)!),
        },
      ),
    );
  });
}

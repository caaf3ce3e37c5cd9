import { displayStatusInput, rateInput, type Ack, type DeviceStatusView } from '../../contracts';
import { ticketForRating } from '../../domain';
import { ratingView } from '../../app/evaluation-views';
import type { HallRuntime } from '../hall-runtime';
import { errorAck, handle, toAck } from '../event-handler';
import type { Logger } from '../logger';
import type { HallSocket } from '../socket-types';
import { followDevice } from './device-news';

const NOT_A_WINDOW_DISPLAY = errorAck('FORBIDDEN', '只有窗口评价屏可以提交评价', 'Only a window display can submit a rating');

/**
 * Screens. A window display is also the evaluator (好差评): it rates for its own window only, which the
 * device key decides, never the payload.
 */
export function registerDisplay(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const { service } = hall;
  const tellStaff = followDevice(socket, hall, log);

  // A hall screen nobody hears is a fault staff should see, like a kiosk out of paper.
  handle(socket, log, 'display:status', displayStatusInput, (input): Ack<DeviceStatusView> => {
    const { view, changed } = hall.devices.reportDisplay(socket.data.actor.id, input);
    if (changed) {
      log.info({ device: view.deviceId, audio: view.audio, detail: view.detail }, 'screen audio status');
      tellStaff(view);
    }
    return { ok: true, data: view };
  });
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

import type { Ack, DeviceStatusView } from '../../contracts';
import { kioskStatusInput, printFailedInput } from '../../contracts';
import { findTicketByNumber } from '../../domain';
import { REQUEST_ID_REUSED } from '../../app/hall-service';
import { errorAck, handle } from '../event-handler';
import type { HallRuntime } from '../hall-runtime';
import type { Logger } from '../logger';
import { followDevice } from './device-news';
import type { HallSocket } from '../socket-types';

/**
 * A kiosk's printer and card reader: it reports them, the hall keeps the latest per kiosk and tells
 * staff (counters and admins) when something changed, so someone refills the paper before the queue
 * notices. Going off line is news too.
 */
export function registerKioskDevices(socket: HallSocket, hall: HallRuntime, log: Logger): void {
  const deviceId = socket.data.actor.id;
  const tellStaff = followDevice(socket, hall, log);

  handle(socket, log, 'kiosk:status', kioskStatusInput, (input): Ack<DeviceStatusView> => {
    const { view, changed } = hall.devices.report(deviceId, input);
    if (changed) {
      log.info({ device: deviceId, printer: view.printer, reader: view.reader, detail: view.detail }, 'kiosk device status');
      tellStaff(view);
    }
    return { ok: true, data: view };
  });

  handle(socket, log, 'ticket:printFailed', printFailedInput, (input): Ack<DeviceStatusView> => {
    // An id the queue already answered for this kiosk (its ticket:issue, say) is not taken as a print failure.
    if (hall.service.answeredRequest(`device:${deviceId}`, input.requestId)) return { ok: false, ...REQUEST_ID_REUSED };
    // Only a number the hall knows today: a report about anything else is a kiosk bug worth refusing.
    if (!findTicketByNumber(hall.service.state, input.number)) {
      return errorAck('NO_SUCH_TICKET', `今天没有 ${input.number} 这个号码`, `No ticket ${input.number} today`, { details: { number: input.number } });
    }
    const { view, changed } = hall.devices.printFailed(deviceId, input);
    if (changed) {
      log.warn({ device: deviceId, number: input.number, reason: input.reason }, 'ticket not printed');
      tellStaff(view);
    }
    return { ok: true, data: view };
  });
}

import type { DeviceStatusView } from '../../contracts';
import type { HallRuntime } from '../hall-runtime';
import type { Logger } from '../logger';
import { rooms } from '../rooms';
import type { HallSocket } from '../socket-types';

/**
 * Tells staff (counters and admins) about a device's new status, and has supervision look at once: a fault
 * (or its end) is an alert now, not at the next tick. Also follows the device's connection, since going
 * off line is news too.
 */
export function followDevice(socket: HallSocket, hall: HallRuntime, log: Logger): (view: DeviceStatusView) => void {
  const deviceId = socket.data.actor.id;
  const h = hall.config.id;
  const tellStaff = (view: DeviceStatusView) => {
    socket.to([rooms.counters(h), rooms.admins(h)]).emit('device:status', view);
    hall.alerts.check().catch((err: unknown) => log.error({ err }, 'alert check failed'));
  };
  const back = hall.devices.connected(deviceId);
  if (back) tellStaff(back);
  socket.on('disconnect', () => {
    const gone = hall.devices.disconnected(deviceId);
    if (gone) tellStaff(gone);
  });
  return tellStaff;
}

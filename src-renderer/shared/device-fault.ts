import type { DeviceStatusView } from '../../src-main/contracts';

/** Whether staff should look at a device: off line, a kiosk that cannot print or read cards, a screen nobody hears. */
export function deviceFaulty(d: DeviceStatusView): boolean {
  if (!d.online) return true;
  if (d.kind === 'display') return d.audio === 'blocked' || d.audio === 'failed';
  return !['ok', 'near-end', 'absent'].includes(d.printer) || d.reader === 'error';
}

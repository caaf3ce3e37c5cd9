import type { DeviceStatusView, PrinterState } from '../../contracts';
import type { DeviceFault } from './conditions';

const PRINTER_FAULTS: Partial<Record<PrinterState, [string, string]>> = {
  'paper-out': ['打印机缺纸', 'printer out of paper'],
  'cover-open': ['打印机盖未关', 'printer cover open'],
  offline: ['打印机离线', 'printer off line'],
  error: ['打印机故障', 'printer error'],
};

/** A kiosk's reported devices as supervision faults: off line, or a printer or reader that cannot work. */
export function deviceFaults(devices: readonly DeviceStatusView[]): DeviceFault[] {
  const out: DeviceFault[] = [];
  for (const d of devices) {
    const since = d.updatedAt;
    if (!d.online) {
      out.push({ deviceId: d.deviceId, problem: '设备离线', problemEn: 'off line', since });
      continue;
    }
    const printer = PRINTER_FAULTS[d.printer];
    if (printer) out.push({ deviceId: d.deviceId, problem: printer[0], problemEn: printer[1], since });
    if (d.reader === 'error') out.push({ deviceId: d.deviceId, problem: '读卡器故障', problemEn: 'card reader error', since });
  }
  return out;
}

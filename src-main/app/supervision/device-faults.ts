import type { DeviceStatusView, PrinterState } from '../../contracts';
import type { DeviceFault } from './conditions';

const PRINTER_FAULTS: Partial<Record<PrinterState, [string, string]>> = {
  'paper-out': ['打印机缺纸', 'printer out of paper'],
  'cover-open': ['打印机盖未关', 'printer cover open'],
  offline: ['打印机离线', 'printer off line'],
  error: ['打印机故障', 'printer error'],
};

/** Reported devices as supervision faults: off line, a kiosk's printer or reader that cannot work, a screen nobody hears. */
export function deviceFaults(devices: readonly DeviceStatusView[]): DeviceFault[] {
  const out: DeviceFault[] = [];
  for (const d of devices) {
    const since = d.updatedAt;
    const name = d.name;
    if (!d.online) {
      out.push({ deviceId: d.deviceId, name, problem: '设备离线', problemEn: 'off line', since });
      continue;
    }
    if (d.kind === 'display') {
      if (d.audio === 'blocked') out.push({ deviceId: d.deviceId, name, problem: '屏幕语音未启用', problemEn: 'screen sound blocked', since });
      if (d.audio === 'failed') out.push({ deviceId: d.deviceId, name, problem: '屏幕语音播放失败', problemEn: 'screen sound failing', since });
      continue;
    }
    const printer = PRINTER_FAULTS[d.printer];
    if (printer) out.push({ deviceId: d.deviceId, name, problem: printer[0], problemEn: printer[1], since });
    if (d.reader === 'error') out.push({ deviceId: d.deviceId, name, problem: '读卡器故障', problemEn: 'card reader error', since });
  }
  return out;
}

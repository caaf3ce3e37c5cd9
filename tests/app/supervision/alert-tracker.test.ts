import { describe, expect, it } from 'vitest';
import type { AlertStore } from '../../../src-main/app/admin-ports';
import { AlertTracker, reconcile } from '../../../src-main/app/supervision/alert-tracker';
import { DEFAULT_SUPERVISION } from '../../../src-main/app/supervision/conditions';
import { deviceFaults } from '../../../src-main/app/supervision/device-faults';
import type { AlertView, DeviceStatusView } from '../../../src-main/contracts';
import { MINUTE, TestHall } from '../../domain/harness';

class MemoryAlerts implements AlertStore {
  rows: AlertView[] = [];
  openAlerts(_h: string, since: number) {
    return this.rows.filter((a) => a.clearedAt === null || (a.acknowledgedAt === null && a.raisedAt >= since));
  }
  insert(_h: string, a: Omit<AlertView, 'id'>) {
    this.rows.push({ id: this.rows.length + 1, ...a });
    return this.rows.length;
  }
  update(_h: string, a: AlertView) {
    this.rows[a.id - 1] = a;
  }
  list() {
    return this.rows;
  }
  get(_h: string, id: number) {
    return this.rows[id - 1];
  }
}

const kiosk = (over: Partial<DeviceStatusView>): DeviceStatusView => ({
  deviceId: 'kiosk-1', name: null, kind: 'kiosk', online: true, printer: 'ok', reader: 'ok', detail: null, audio: null, lastPrintFailure: null, updatedAt: 5, ...over,
});

describe('alert tracker (电子监察)', () => {
  it('reconciles: raise new conditions, escalate yellow to red, clear what no longer holds', () => {
    const alert = (key: string, level: 'yellow' | 'red') => ({ key, level }) as AlertView;
    const cond = (key: string, level: 'yellow' | 'red') => ({ key, level, kind: 'wait', since: 0, subject: '', message: '', messageEn: '' }) as const;
    const plan = reconcile(new Map([['a', alert('a', 'yellow')], ['b', alert('b', 'red')], ['c', alert('c', 'yellow')]]), [cond('a', 'red'), cond('c', 'yellow'), cond('d', 'yellow')]);
    expect(plan.raise.map((c) => c.key)).toEqual(['d']);
    expect(plan.escalate.map((e) => e.alert.key)).toEqual(['a']);
    expect(plan.clear.map((a) => a.key)).toEqual(['b']);
  });

  it('keeps one alert per condition; escalation asks for a new acknowledgement; cleared and acknowledged alerts leave the floor view', async () => {
    const h = new TestHall().open(1);
    const store = new MemoryAlerts();
    let devices: DeviceStatusView[] = [];
    const tracker = new AlertTracker('h', store, () => ({ state: h.state, rules: h.rules, thresholds: DEFAULT_SUPERVISION, devices: deviceFaults(devices) }), () => h.now);
    const heard: string[] = [];
    tracker.onChange((a) => heard.push(`${a.key}:${a.level}:${a.clearedAt === null ? 'on' : 'off'}:${a.acknowledgedBy ?? '-'}`));
    h.issue('A');
    h.advance(31 * MINUTE);
    await tracker.check();
    await tracker.check();
    expect(store.rows).toHaveLength(1);
    const id = store.rows[0]!.id;
    await tracker.acknowledge(id, 'jiandu', '已安排');
    h.advance(30 * MINUTE);
    await tracker.check();
    expect(store.rows[0]).toMatchObject({ level: 'red', acknowledgedBy: null, escalatedAt: h.now });
    h.callNext(1);
    devices = [kiosk({ printer: 'paper-out' }), kiosk({ deviceId: 'kiosk-2', online: false })];
    await tracker.check();
    expect(tracker.current().map((a) => `${a.key}:${a.clearedAt === null}`).sort()).toEqual([
      'device:kiosk-1:打印机缺纸:true',
      'device:kiosk-2:设备离线:true',
      `wait:${h.ticket('A001').id}:false`,
    ]);
    await tracker.acknowledge(id, 'jiandu', '已叫号');
    expect(tracker.current().some((a) => a.id === id)).toBe(false);
    expect(heard[0]).toBe(`wait:${h.ticket('A001').id}:yellow:on:-`);
    expect(heard).toContain(`wait:${h.ticket('A001').id}:red:off:jiandu`);
    // A restart reloads what is still open.
    const again = new AlertTracker('h', store, () => ({ state: h.state, rules: h.rules, thresholds: DEFAULT_SUPERVISION, devices: deviceFaults(devices) }), () => h.now);
    await again.load();
    expect(again.current()).toHaveLength(2);
    expect(await again.check()).toEqual([]);
  });

  it('turns device reports into faults: off line first, then printer and reader', () => {
    expect(deviceFaults([kiosk({ printer: 'near-end' }), kiosk({ printer: 'cover-open', reader: 'error' }), kiosk({ online: false, printer: 'paper-out' })]).map((f) => f.problem)).toEqual([
      '打印机盖未关',
      '读卡器故障',
      '设备离线',
    ]);
  });
});

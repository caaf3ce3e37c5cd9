import { watch } from 'vue';
import type { Ack, HallSnapshot, KioskDeviceStatus, KioskEvent, KioskProblem } from '../../src-main/contracts';
import { newRequestId } from '../shared/connection';
import type { DeviceCredentials } from '../shared/device-auth';
import { useHallStore } from '../shared/hall-store';
import type { KioskBackend } from './kiosk-backend';
import { catalogFromSnapshot, checkedInFromView, reactivatedFromTicket, ticketFromIssued } from './web-kiosk-views';

/** An unanswered press is retried under the same id for this long: the hall returns the first ticket. */
const PENDING_REUSE_MS = 2 * 60_000;

const NO_READER: KioskProblem = { code: 'NO_READER', message: '本机没有身份证阅读器，请输入预约码', messageEn: 'This kiosk has no ID card reader; please type your booking code' };

const NOT_CONNECTED: KioskProblem = {
  code: 'HALL_UNREACHABLE',
  message: '暂时无法连接大厅服务器，未出号。请稍后再试或到咨询台取号',
  messageEn: 'The hall server cannot be reached, so no number was issued. Please try again shortly or ask at the information desk',
};

/**
 * The web kiosk: a tablet connected to the hall as a kiosk device with the key from its URL. No card
 * reader, no printer: the ticket is shown on screen with its QR code.
 */
export function webBackend(creds: DeviceCredentials): KioskBackend {
  const hall = useHallStore();
  const connection = hall.connect('kiosk', { hallId: creds.hallId, deviceId: creds.deviceId, deviceKey: creds.deviceKey });
  const listeners = new Set<(event: KioskEvent) => void>();
  let pending: { key: string; requestId: string; at: number } | null = null;

  const status = (): KioskDeviceStatus => {
    const problem = connection.lastError.value;
    const state = connection.connected.value ? 'connected' : problem ? 'unreachable' : 'connecting';
    return { hall: state, hallProblem: state === 'unreachable' ? problem : null, printer: 'absent', printerProblem: null, reader: 'absent', readerProblem: null, card: null };
  };
  const publish = () => {
    const event: KioskEvent = { type: 'status', status: status() };
    for (const listener of listeners) listener(event);
  };
  connection.socket.on('connect', () => {
    publish();
    // Staff see the tablet among the kiosks: no printer, no reader, on line.
    void connection.request('kiosk:status', { printer: 'absent', reader: 'absent' });
  });
  connection.socket.on('disconnect', publish);
  connection.socket.on('connect_error', publish);

  const snapshotReady = (timeoutMs = 8000): Promise<HallSnapshot | null> => {
    if (hall.snapshot) return Promise.resolve(hall.snapshot);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(null);
      }, timeoutMs);
      const stop = watch(
        () => hall.snapshot,
        (s) => {
          if (!s) return;
          clearTimeout(timer);
          stop();
          resolve(s);
        },
      );
    });
  };

  const refuse = (problem: KioskProblem) => ({ ok: false as const, ...problem });
  /** The same press retried after no answer keeps its request id, so the hall answers it once. */
  const requestIdFor = (key: string): string => {
    const now = Date.now();
    if (!pending || pending.key !== key || now - pending.at > PENDING_REUSE_MS) pending = { key, requestId: newRequestId(), at: now };
    return pending.requestId;
  };
  const settle = (ack: { ok: boolean; code?: string }) => {
    if (ack.ok || (ack.code !== 'TIMEOUT' && ack.code !== 'OFFLINE')) pending = null;
  };

  return {
    mode: 'web',
    async listCategories() {
      const snapshot = await snapshotReady();
      return snapshot ? { ok: true, data: catalogFromSnapshot(snapshot) } : refuse(connection.lastError.value ?? NOT_CONNECTED);
    },
    async takeTicket(input) {
      if (!connection.connected.value) return refuse(NOT_CONNECTED);
      const matterId = input.matterId ?? null;
      const ack = await connection.request('ticket:issue', { requestId: requestIdFor(`${input.categoryId}|${matterId ?? ''}`), categoryId: input.categoryId, matterId });
      settle(ack);
      return ack.ok ? { ok: true, data: ticketFromIssued(ack.data, hall.snapshot) } : ack;
    },
    async reactivate(input) {
      const ack = await connection.request('ticket:reactivate', { requestId: newRequestId(), number: input.number.toUpperCase() });
      if (!ack.ok) return ack;
      return { ok: true, data: reactivatedFromTicket(ack.data, hall.snapshot) };
    },
    async checkIn(input) {
      if (!connection.connected.value) return refuse(NOT_CONNECTED);
      if ('useCard' in input) return refuse(NO_READER);
      if ('number' in input) {
        const ack = await connection.request('ticket:checkIn', { requestId: newRequestId(), number: input.number.toUpperCase() });
        if (!ack.ok) return ack;
        return { ok: true, data: { kind: 'remote', joined: reactivatedFromTicket(ack.data, hall.snapshot) } };
      }
      const ack = await connection.request('booking:checkIn', { requestId: requestIdFor(`check-in|${input.code}`), code: input.code });
      settle(ack);
      return ack.ok ? { ok: true, data: checkedInFromView(ack.data, hall.snapshot) } : ack;
    },
    async reprint(): Promise<Ack<never>> {
      return refuse({ code: 'NO_PRINTER', message: '本机没有打印机，请扫码或拍照保存号码', messageEn: 'This kiosk has no printer; scan the code or take a photo of your number' });
    },
    async deviceStatus() {
      return { ok: true, data: status() };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

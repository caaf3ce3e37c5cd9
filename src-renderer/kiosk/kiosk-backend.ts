import type { Ack, KioskBridge, KioskEvent } from '../../src-main/contracts';

// What the pages talk to: the kiosk service through the Electron preload (or the kiosk's local bridge,
// or a test binding) — all of which put a KioskBridge at window.kioskApi — or, on a tablet without any
// of them, the hall directly (web-backend.ts).

export interface KioskBackend extends KioskBridge {
  readonly mode: 'device' | 'web';
}

declare global {
  interface Window {
    kioskApi?: KioskBridge;
  }
}

const SERVICE_UNREACHABLE = {
  ok: false as const,
  code: 'KIOSK_SERVICE_UNREACHABLE',
  message: '取号机服务没有响应，请稍候再试',
  messageEn: 'The kiosk service did not answer; please try again shortly',
};

/** A bridge call that throws or answers nothing (IPC gone) becomes an error answer, never an exception. */
function guarded<A extends unknown[], T>(call: (...args: A) => Promise<Ack<T>>): (...args: A) => Promise<Ack<T>> {
  return async (...args) => {
    try {
      const ack = await call(...args);
      return ack && typeof ack === 'object' && 'ok' in ack ? ack : SERVICE_UNREACHABLE;
    } catch {
      return SERVICE_UNREACHABLE;
    }
  };
}

export function deviceBackend(bridge: KioskBridge): KioskBackend {
  return {
    mode: 'device',
    listCategories: guarded(() => bridge.listCategories()),
    takeTicket: guarded((input) => bridge.takeTicket(input)),
    reactivate: guarded((input) => bridge.reactivate(input)),
    reprint: guarded(() => bridge.reprint()),
    deviceStatus: guarded(() => bridge.deviceStatus()),
    checkIn: guarded((input) => bridge.checkIn(input)),
    onEvent: (listener: (event: KioskEvent) => void) => bridge.onEvent(listener),
  };
}

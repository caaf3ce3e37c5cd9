import { expect, type Browser, type Page } from '@playwright/test';
import { IdCardReader, openSerialLine, TicketPrinter } from '../../../hardware';
import type { SimulatedDevices } from '../../../hardware/simulators';
import { startSimulatedDevices } from '../../../hardware/simulators';
import type { KioskEvent } from '../../../src-main/contracts';
import { KIOSK_VERBS } from '../../../src-main/contracts';
import { HallLink } from '../../../src-main/kiosk/hall-link';
import { dispatchKioskCall } from '../../../src-main/kiosk/kiosk-dispatch';
import { KioskService } from '../../../src-main/kiosk/kiosk-service';
import { createKioskLogger } from '../../../src-main/kiosk/logger';
import type { E2eHall } from './hall-server';
import { startE2eHall } from './hall-server';

// The kiosk pages in Chromium, bridged to the real kiosk service (a context binding stands in for the
// Electron preload), the real hall server (child process) and the simulated reader and printer.

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };
/** elder-75 (born 1951-05-12) is 75 on this day whatever the machine's clock says. */
export const FIXED_NOW = Date.parse('2026-06-01T02:00:00Z');

export interface KioskRig {
  hall: E2eHall;
  devices: SimulatedDevices;
  service: KioskService;
  link: HallLink;
  /** A page whose window.kioskApi forwards every verb to the kiosk service in this process, like the preload. */
  kioskPage(browser: Browser, viewport?: { width: number; height: number }): Promise<Page>;
  /** Opens the kiosk's first screen and waits for the categories. */
  home(p: Page): Promise<void>;
  stop(): Promise<void>;
}

/** The hall (demo config, or `configText`), the simulated devices and a kiosk service linked to the hall as kiosk-1. */
export async function startKioskRig(opts: { configText?: string } = {}): Promise<KioskRig> {
  const hall = await startE2eHall(opts.configText ? { configText: opts.configText } : {});
  const devices = await startSimulatedDevices();
  const reader = new IdCardReader(await openSerialLine(devices.idcardPath, 115200));
  const printer = new TicketPrinter(await openSerialLine(devices.printerPath, 115200), { printTimeoutMs: 3000 });
  const link = new HallLink({ url: hall.url, hallId: hall.hallId, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1', requestTimeoutMs: 4000 });
  const service = new KioskService({ link, reader, printer, idHashKey: 'demo-only-id-hash-key-never-use-in-production', now: () => FIXED_NOW, log: createKioskLogger('silent'), pollIntervalMs: 100 });
  service.start();
  expect(await link.ready(8000)).toBe(true);

  async function kioskPage(browser: Browser, viewport = PORTRAIT): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.exposeBinding('__kioskCall', (_source, verb: unknown, payload: unknown) => dispatchKioskCall(service, verb, payload));
    // Every verb the preload offers (KIOSK_VERBS), forwarded to the service in this process.
    await context.addInitScript((verbs: readonly string[]) => {
      const w = window as unknown as { __kioskCall: (verb: string, payload?: unknown) => Promise<unknown>; __kioskPush: (e: unknown) => void; kioskApi: unknown };
      const listeners = new Set<(e: unknown) => void>();
      w.__kioskPush = (e) => listeners.forEach((l) => l(e));
      const call = (verb: string) => (payload?: unknown) => w.__kioskCall(verb, payload);
      w.kioskApi = {
        ...Object.fromEntries(verbs.map((v) => [v, call(v)])),
        onEvent(listener: (e: unknown) => void) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      };
    }, KIOSK_VERBS);
    const p = await context.newPage();
    // Card and status events are pushed into the page as the preload's ipcRenderer.on would.
    const off = service.onEvent((event: KioskEvent) => {
      void p.evaluate((e) => (window as unknown as { __kioskPush?: (e: unknown) => void }).__kioskPush?.(e), event).catch(() => undefined);
    });
    p.on('close', off);
    return p;
  }

  return {
    hall,
    devices,
    service,
    link,
    kioskPage,
    async home(p) {
      await p.goto(`${hall.url}/kiosk/`);
      await expect(p.getByTestId('category-A')).toBeVisible();
    },
    async stop() {
      await service.stop();
      link.close();
      await reader.close();
      await printer.close();
      await devices.stop();
      await hall.stop();
    },
  };
}

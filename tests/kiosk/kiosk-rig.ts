import { Writable } from 'node:stream';
import { IdCardReader, openSerialLine, TicketPrinter } from '../../hardware';
import type { SimulatedDevices } from '../../hardware/simulators';
import { startSimulatedDevices } from '../../hardware/simulators';
import type { KioskEvent } from '../../src-main/contracts';
import { HallLink } from '../../src-main/kiosk/hall-link';
import { KioskService } from '../../src-main/kiosk/kiosk-service';
import type { KioskLogger } from '../../src-main/kiosk/logger';
import { createKioskLogger } from '../../src-main/kiosk/logger';

/** The key test halls are given (tests/support/hall-fixture.ts TEST_ID_HASH_KEY): the kiosk hashes with the hall's key. */
export const DEMO_ID_HASH_KEY = 'demo-only-id-hash-key-never-use-in-production';
/** The elder-75 fixture is 75 on this day (born 1951-05-12), whatever the machine's clock says. */
export const FIXED_NOW = Date.parse('2026-06-01T02:00:00Z');

/** Everything the kiosk writes to its log, to check what it gives away. */
export function captureLog(): { log: KioskLogger; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { log: createKioskLogger('trace', sink), text: () => chunks.join('') };
}

export interface KioskRig {
  service: KioskService;
  link: HallLink;
  devices: SimulatedDevices;
  events: KioskEvent[];
  nextEvent(predicate: (e: KioskEvent) => boolean, timeoutMs?: number): Promise<KioskEvent>;
  stop(): Promise<void>;
}

/** A kiosk service on real simulators (socat ptys) talking to the hall at `url` as kiosk-1. */
export async function startKioskRig(
  url: string,
  opts: { log?: KioskLogger; deviceId?: string; deviceKey?: string; requestTimeoutMs?: number; printTimeoutMs?: number } = {},
): Promise<KioskRig> {
  const devices = await startSimulatedDevices();
  const reader = new IdCardReader(await openSerialLine(devices.idcardPath, 115200));
  const printer = new TicketPrinter(await openSerialLine(devices.printerPath, 115200), { printTimeoutMs: opts.printTimeoutMs ?? 3000 });
  const link = new HallLink({ url, hallId: 'demo-county', deviceId: opts.deviceId ?? 'kiosk-1', deviceKey: opts.deviceKey ?? 'demo-kiosk-1', requestTimeoutMs: opts.requestTimeoutMs ?? 3000 });
  const service = new KioskService({
    link,
    reader,
    printer,
    idHashKey: DEMO_ID_HASH_KEY,
    now: () => FIXED_NOW,
    log: opts.log ?? createKioskLogger('silent'),
    pollIntervalMs: 50,
    printerCheckMs: 60_000,
  });
  const events: KioskEvent[] = [];
  const waiters = new Set<(e: KioskEvent) => void>();
  service.onEvent((e) => {
    events.push(e);
    for (const w of waiters) w(e);
  });
  service.start();
  return {
    service,
    link,
    devices,
    events,
    nextEvent(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching kiosk event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.type))}`));
        }, timeoutMs);
        const check = (e: KioskEvent) => {
          if (!predicate(e)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(e);
        };
        waiters.add(check);
      });
    },
    async stop() {
      await service.stop();
      link.close();
      await reader.close();
      await printer.close();
      await devices.stop();
    },
  };
}

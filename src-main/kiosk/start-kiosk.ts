import type { SerialLine } from '../../hardware';
import { IdCardReader, openSerialLine, TicketPrinter } from '../../hardware';
import type { SimulatedDevices } from '../../hardware/simulators';
import { HallLink } from './hall-link';
import type { KioskConfig } from './kiosk-config';
import { KioskService } from './kiosk-service';
import type { KioskLogger } from './logger';

export interface RunningKiosk {
  service: KioskService;
  link: HallLink;
  /** The simulators behind --simulate (insert cards, take the paper away). */
  simulated: SimulatedDevices | null;
  /** Stops the service, closes the ports, the hall link and any simulators. */
  stop(): Promise<void>;
}

/**
 * Wires a kiosk from its configuration: the serial ports are opened here (or simulated on socat ptys)
 * and handed to the drivers, the drivers to the service. Shared by `npm run kiosk` and the Electron shell.
 */
export interface StartKioskOptions {
  /** Card fixtures for --simulate when the compiled code runs away from the sources (the Electron build). */
  fixtureDir?: string;
}

export async function startKiosk(config: KioskConfig, log: KioskLogger, options: StartKioskOptions = {}): Promise<RunningKiosk> {
  const closers: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const close of closers.splice(0).reverse()) await Promise.resolve(close()).catch((err: unknown) => log.warn({ err }, 'while stopping'));
  };
  try {
    let simulated: SimulatedDevices | null = null;
    let idcard = config.idcard;
    let printerPort = config.printer;
    if (config.simulate) {
      // Loaded only here: the simulators (and their PNG renderer) are not part of a production kiosk.
      const { loadCardFixtures, startSimulatedDevices } = await import('../../hardware/simulators');
      simulated = await startSimulatedDevices(options.fixtureDir ? { cards: await loadCardFixtures(options.fixtureDir) } : {});
      closers.push(() => simulated!.stop());
      idcard = { path: simulated.idcardPath, baudRate: 115200 };
      printerPort = { path: simulated.printerPath, baudRate: 115200 };
    }
    const open = (device: { path: string; baudRate: number }, what: string): Promise<SerialLine> =>
      openSerialLine(device.path, device.baudRate, { onError: (err) => log.error({ err, port: device.path }, `${what} port error`) });
    // Closing a driver closes its line.
    const reader = idcard ? new IdCardReader(await open(idcard, 'ID card reader')) : null;
    if (reader) closers.push(() => reader.close());
    const printer = printerPort ? new TicketPrinter(await open(printerPort, 'printer')) : null;
    if (printer) closers.push(() => printer.close());

    const link = new HallLink({ url: config.hallUrl, hallId: config.hallId, deviceId: config.deviceId, deviceKey: config.deviceKey, ca: config.hallCa });
    closers.push(() => link.close());
    const service = new KioskService({ link, reader, printer, idHashKey: config.idHashKey, log });
    service.start();
    closers.push(() => service.stop());
    return { service, link, simulated, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

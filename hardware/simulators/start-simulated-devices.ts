import type { CardFixture } from './idcard/card-fixture';
import { loadCardFixtures } from './idcard/card-fixture';
import { IdCardSimulator } from './idcard/idcard-simulator';
import { PrinterSimulator } from './printer/printer-simulator';
import { createPtyPair } from './pty-pair';

export interface SimulatedDevices {
  /** Open this with openSerialLine(path, 115200) and hand it to IdCardReader. */
  readonly idcardPath: string;
  /** Open this with openSerialLine(path, 115200) and hand it to TicketPrinter. */
  readonly printerPath: string;
  readonly idcard: IdCardSimulator;
  readonly printer: PrinterSimulator;
  /** Closes both simulators and kills both socat processes. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartSimulatedDevicesOptions {
  /** Card fixtures to load; default: the built-in ones in hardware/simulators/fixtures/cards. */
  cards?: readonly CardFixture[];
  socatPath?: string;
}

/**
 * Starts an ID card reader simulator and a printer simulator, each behind its own socat pty pair.
 * This is what `npm run kiosk -- --simulate` calls.
 */
export async function startSimulatedDevices(options: StartSimulatedDevicesOptions = {}): Promise<SimulatedDevices> {
  const cards = options.cards ?? (await loadCardFixtures());
  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    const pending = closers.splice(0).reverse();
    for (const close of pending) await close().catch(() => undefined);
  };
  try {
    const idcardPair = await createPtyPair({ name: 'idcard', socatPath: options.socatPath });
    closers.push(() => idcardPair.stop());
    const printerPair = await createPtyPair({ name: 'printer', socatPath: options.socatPath });
    closers.push(() => printerPair.stop());
    const idcard = await IdCardSimulator.open(idcardPair.devicePath, { cards });
    closers.push(() => idcard.close());
    const printer = await PrinterSimulator.open(printerPair.devicePath);
    closers.push(() => printer.close());
    return { idcardPath: idcardPair.driverPath, printerPath: printerPair.driverPath, idcard, printer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

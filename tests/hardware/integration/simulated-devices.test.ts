import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CardPoller } from '../../../hardware/idcard/card-poller';
import { IdCardReader } from '../../../hardware/idcard/idcard-reader';
import { TicketPrinter } from '../../../hardware/printer/ticket-printer';
import { openSerialLine } from '../../../hardware/serial/open-serial-line';
import { startSimulatedDevices } from '../../../hardware/simulators';
import { nextEvent } from '../helpers/events';
import { socatChildren } from '../helpers/processes';
import { SLIP } from '../helpers/ticket-slip';

describe('startSimulatedDevices (what `npm run kiosk -- --simulate` calls)', () => {
  afterAll(() => {
    expect(socatChildren()).toEqual([]);
  });

  it('gives the kiosk two device paths that behave like the real reader and printer, and cleans up', async () => {
    const devices = await startSimulatedDevices();
    expect(socatChildren()).toHaveLength(2);
    const reader = new IdCardReader(await openSerialLine(devices.idcardPath, 115200));
    const printer = new TicketPrinter(await openSerialLine(devices.printerPath, 115200));
    const poller = new CardPoller(reader, { intervalMs: 20 });
    try {
      poller.start();
      const cardIn = nextEvent(poller, 'card-in');
      devices.idcard.insert('elder-75');
      await cardIn;
      expect(poller.current).toMatchObject({ kind: 'resident', name: '张建国' });
      await printer.printTicket(SLIP);
      expect(devices.printer.lastTicket()?.qrData).toBe(SLIP.qrUrl);
    } finally {
      await poller.stop();
      await reader.close();
      await printer.close();
      await devices.stop();
      await devices.stop();
    }
    expect(existsSync(devices.idcardPath) || existsSync(devices.printerPath)).toBe(false);
    expect(socatChildren()).toEqual([]);
  });
});

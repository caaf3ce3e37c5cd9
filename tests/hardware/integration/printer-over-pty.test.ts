import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketPrinter } from '../../../hardware/printer/ticket-printer';
import { openSerialLine } from '../../../hardware/serial/open-serial-line';
import { PrinterSimulator } from '../../../hardware/simulators/printer/printer-simulator';
import type { PtyPair } from '../../../hardware/simulators/pty-pair';
import { createPtyPair } from '../../../hardware/simulators/pty-pair';
import { nextEvent } from '../helpers/events';
import { socatChildren } from '../helpers/processes';
import { scanQr } from '../helpers/qr';
import { SLIP } from '../helpers/ticket-slip';

describe('ticket printer driver ↔ simulator over socat ptys', () => {
  let pair: PtyPair;
  let simulator: PrinterSimulator;
  let printer: TicketPrinter;

  beforeEach(async () => {
    pair = await createPtyPair({ name: 'printer' });
    simulator = await PrinterSimulator.open(pair.devicePath);
    printer = new TicketPrinter(await openSerialLine(pair.driverPath, 115200), { statusTimeoutMs: 300, printTimeoutMs: 800 });
  });

  afterEach(async () => {
    await printer.close();
    await simulator.close();
    await pair.stop();
  });

  afterAll(() => {
    expect(socatChildren()).toEqual([]);
  });

  it('prints a ticket; the simulator decodes the number, the category and a QR a phone can scan', async () => {
    const printed = nextEvent<[{ lines: string[]; qrData: string; png: Buffer; cut: boolean }]>(simulator, 'ticket');
    const result = await printer.printTicket({ ...SLIP, hallName: '王䶮区政务服务中心', priorityLabel: '优先' });
    const [ticket] = await printed;
    expect(result.warnings).toEqual([]);
    expect(ticket.cut).toBe(true);
    expect(ticket.lines).toEqual([
      '王䶮区政务服务中心',
      '-'.repeat(48),
      '您的号码',
      'A017',
      '【优先】',
      '企业服务',
      '个体工商户设立登记',
      '',
      '前面等候  12 人',
      '预计等待  约 25 分钟',
      '取号时间  2026-11-21 14:05',
      '',
      '微信扫码查看实时排队进度',
      '-'.repeat(48),
      '过号请在30分钟内到自助机重新激活',
    ]);
    expect(ticket.qrData).toBe(SLIP.qrUrl);
    expect(scanQr(ticket.png)).toBe(SLIP.qrUrl);
  });

  it('reports paper out and prints nothing', async () => {
    simulator.setPaper('out');
    await expect(printer.printTicket(SLIP)).rejects.toMatchObject({ code: 'PRINTER_PAPER_END', message: '打印机缺纸' });
    expect(simulator.statusQueries).toEqual([1, 2, 3, 4]);
    expect(simulator.printBytesAccepted + simulator.printBytesDropped).toBe(0);
    expect(simulator.tickets).toEqual([]);
    await expect(printer.queryStatus()).resolves.toMatchObject({ paperEnd: true, online: false });
  });

  it('prints again once the paper is back', async () => {
    simulator.setPaper('out');
    await expect(printer.printTicket(SLIP)).rejects.toMatchObject({ code: 'PRINTER_PAPER_END' });
    simulator.setPaper('ok');
    await printer.printTicket({ ...SLIP, number: 'A018' });
    expect(simulator.tickets.map((t) => t.lines[3])).toEqual(['A018']);
  });

  it('reports a cover opened, and paper running out in the middle of a ticket', async () => {
    simulator.openCover();
    await expect(printer.printTicket(SLIP)).rejects.toMatchObject({ code: 'PRINTER_COVER_OPEN' });
    simulator.closeCover();
    simulator.runOutOfPaperAfter(200);
    await expect(printer.printTicket(SLIP)).rejects.toMatchObject({ code: 'PRINTER_PRINT_INTERRUPTED', details: { cause: 'PRINTER_PAPER_END' } });
    expect(simulator.tickets).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { TicketPrinter } from '../../../hardware/printer/ticket-printer';
import { createMemoryLine, createMemoryLinePair } from '../../../hardware/serial/memory-line';
import { PrinterSimulator } from '../../../hardware/simulators/printer/printer-simulator';
import { bytes } from '../helpers/bytes';
import { scanQr } from '../helpers/qr';
import { SLIP } from '../helpers/ticket-slip';

function setup() {
  const [driverEnd, deviceEnd] = createMemoryLinePair();
  const simulator = new PrinterSimulator(deviceEnd);
  const printer = new TicketPrinter(driverEnd, { statusTimeoutMs: 200, printTimeoutMs: 300 });
  return { driverEnd, simulator, printer };
}

describe('TicketPrinter with the printer simulator on an in-memory line', () => {
  it('queries DLE EOT 1-4 in order before printing', async () => {
    const { driverEnd, simulator, printer } = setup();
    await printer.printTicket(SLIP);
    expect(driverEnd.written.slice(0, 4)).toEqual([bytes('10 04 01'), bytes('10 04 02'), bytes('10 04 03'), bytes('10 04 04')]);
    expect(simulator.statusQueries).toEqual([1, 2, 3, 4]);
  });

  it('prints a ticket the simulator decodes back to number, category and a scannable QR', async () => {
    const { simulator, printer } = setup();
    const result = await printer.printTicket({ ...SLIP, priorityLabel: '优先' });
    expect(result.warnings).toEqual([]);
    const ticket = simulator.lastTicket();
    expect(ticket?.cut).toBe(true);
    expect(ticket?.lines).toContain('A017');
    expect(ticket?.lines).toContain('企业服务');
    expect(ticket?.lines).toContain('【优先】');
    expect(ticket?.elements.find((e) => e.kind === 'text' && e.text === 'A017')).toMatchObject({ widthScale: 2, heightScale: 2, bold: true, align: 'center' });
    expect(ticket?.qrData).toBe(SLIP.qrUrl);
    expect(ticket && scanQr(ticket.png)).toBe(SLIP.qrUrl);
    expect(ticket?.unknownCommands).toEqual([]);
  });

  it('a category named with ESC p 0 (cash drawer) prints its name without any ESC p reaching the printer', async () => {
    const { driverEnd, simulator, printer } = setup();
    await printer.printTicket({ ...SLIP, categoryName: '企业服务\x1bp\x00\x19\xfa', hallName: '某某中心\x1bp\x01\x32\x32' });
    const sent = Buffer.concat(driverEnd.written);
    expect(sent.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    const ticket = simulator.lastTicket();
    expect(ticket?.lines.some((l) => l.startsWith('企业服务p'))).toBe(true);
    expect(ticket?.unknownCommands).toEqual([]);
  });

  it('refuses to print when the paper is out, and sends nothing but status queries', async () => {
    const { driverEnd, simulator, printer } = setup();
    simulator.setPaper('out');
    await expect(printer.printTicket(SLIP)).rejects.toMatchObject({ code: 'PRINTER_PAPER_END', message: '打印机缺纸', messageEn: 'The printer is out of paper' });
    expect(driverEnd.written.every((w) => w[0] === 0x10 && w[1] === 0x04)).toBe(true);
    expect(simulator.printBytesAccepted).toBe(0);
    expect(simulator.printBytesDropped).toBe(0);
    expect(simulator.tickets).toEqual([]);
  });

  it('refuses with the cover open', async () => {
    const { simulator, printer } = setup();
    simulator.openCover();
    await expect(printer.printTicket(SLIP)).rejects.toMatchObject({ code: 'PRINTER_COVER_OPEN' });
    simulator.closeCover();
    await expect(printer.printTicket(SLIP)).resolves.toBeDefined();
  });

  it('prints but warns when the paper is nearly out', async () => {
    const { simulator, printer } = setup();
    simulator.setPaper('near-end');
    const result = await printer.printTicket(SLIP);
    expect(result.warnings.map((w) => w.code)).toEqual(['PRINTER_PAPER_NEAR_END']);
    expect(result.before.paperNearEnd).toBe(true);
    expect(simulator.tickets).toHaveLength(1);
  });

  it('reports PRINTER_PRINT_INTERRUPTED when the paper runs out part-way', async () => {
    const { simulator, printer } = setup();
    simulator.runOutOfPaperAfter(120);
    await expect(printer.printTicket(SLIP)).rejects.toMatchObject({ code: 'PRINTER_PRINT_INTERRUPTED', details: { cause: 'PRINTER_PAPER_END' } });
    expect(simulator.tickets).toEqual([]);
    expect(simulator.printBytesDropped).toBeGreaterThan(0);
  });

  it('times out with PRINTER_TIMEOUT when nothing answers', async () => {
    const printer = new TicketPrinter(createMemoryLine(), { statusTimeoutMs: 30 });
    await expect(printer.queryStatus()).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT', details: { query: 'DLE EOT 1', timeoutMs: 30 } });
  });

  it('checks the slip before touching the printer', async () => {
    const { driverEnd, printer } = setup();
    await expect(printer.printTicket({ ...SLIP, qrUrl: 'https://例子.cn' })).rejects.toMatchObject({ code: 'PRINTER_INVALID_TICKET' });
    expect(driverEnd.written).toEqual([]);
  });
});

describe('TicketPrinter job order', () => {
  it('prints concurrent tickets one after the other, whole', async () => {
    const { simulator, printer } = setup();
    await Promise.all([printer.printTicket({ ...SLIP, number: 'A001' }), printer.printTicket({ ...SLIP, number: 'A002' }), printer.printTicket({ ...SLIP, number: 'A003' })]);
    expect(simulator.tickets.map((t) => t.lines[3])).toEqual(['A001', 'A002', 'A003']);
    expect(simulator.statusQueries).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
  });
});

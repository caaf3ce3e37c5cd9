import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, DeviceStatusView, HallSnapshot, KioskTicket } from '../../src-main/contracts';
import { SqliteDeviceReportLog } from '../../src-main/storage/sqlite';
import { scanQr } from '../hardware/helpers/qr';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { closeAllSockets, connectStaff, must, nextEvent, rid, startTestServer } from '../support/hall-fixture';
import type { KioskRig } from './kiosk-rig';
import { captureLog, startKioskRig } from './kiosk-rig';

// The kiosk service against a real hall server (port 0) and the real simulators on socat ptys.

const ELDER_ID_NUMBER = '110101195105120018';
const ELDER_NAME = '张建国';

let server: TestHallServer;
let rig: KioskRig;
const captured = captureLog();

beforeAll(async () => {
  server = await startTestServer();
  // Nothing here tests a timeout: generous ones, so a CI machine busy with other test files cannot turn a slow
  // answer into a refusal (the reactivation test failed that way now and then with 3 s).
  rig = await startKioskRig(server.url, { log: captured.log, requestTimeoutMs: 20_000, printTimeoutMs: 15_000 });
  expect(await rig.link.ready(5000)).toBe(true);
});

afterAll(async () => {
  closeAllSockets();
  await rig?.stop();
  await server?.stop();
});

function ticketOf(ack: Awaited<ReturnType<KioskRig['service']['takeTicket']>>): KioskTicket {
  if (!ack.ok) throw new Error(`takeTicket refused: ${ack.code} ${ack.messageEn}`);
  return ack.data;
}

describe('kiosk service ↔ hall ↔ simulators', () => {
  it('lists the hall categories with their matters and queues', async () => {
    const ack = await rig.service.listCategories();
    if (!ack.ok) throw new Error(ack.messageEn);
    expect(ack.data.hall.name).toBe('示范县政务服务中心');
    expect(ack.data.categories.map((c) => c.id)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(ack.data.categories[4]!.matters[0]).toMatchObject({ id: 'E01', name: '居民身份证办理' });
  });

  it('gives the 75-year-old card holder priority, prints a slip that decodes right, and a counter calls it first', async () => {
    const normal = ticketOf(await rig.service.takeTicket({ categoryId: 'E' }));
    expect(normal.priorityClass).toBeNull();
    expect(normal.print.state).toBe('printed');

    const cardIn = rig.nextEvent((e) => e.type === 'card-in');
    rig.devices.idcard.insert('elder-75');
    const event = await cardIn;
    expect(event).toMatchObject({ type: 'card-in', card: { maskedName: '张*国', maskedId: '1****************8', age: 75, usable: true, priorityClass: { id: 'elderly' } } });

    const elder = ticketOf(await rig.service.takeTicket({ categoryId: 'E', matterId: 'E01', useCard: true }));
    expect(elder).toMatchObject({ categoryId: 'E', categoryName: '综合服务', matterName: '居民身份证办理', maskedName: '张*国', priorityClass: { id: 'elderly', name: '老年人' } });
    expect(elder.print).toEqual({ state: 'printed', warning: null });
    expect(elder.liveUrl).toMatch(new RegExp(`^${server.url}/t/[A-Za-z0-9_-]{16,}\\?hall=demo-county$`));

    const slip = rig.devices.printer.lastTicket()!;
    expect(slip.cut).toBe(true);
    expect(slip.lines).toContain(elder.number);
    expect(slip.lines.join('\n')).toContain('综合服务');
    expect(slip.lines.join('\n')).toContain('【老年人优先】');
    expect(slip.lines.join('\n')).toContain('居民身份证办理');
    expect(slip.qrData).toBe(elder.liveUrl);
    expect(scanQr(slip.png)).toBe(elder.liveUrl);

    // Window 11 serves category E only: the priority ticket goes before the earlier normal one.
    const staff = await connectStaff(server, 'staff11');
    await must(staff, 'window:open', { requestId: rid(), windowId: 11 });
    const first = await must<CallResult>(staff, 'queue:callNext', { requestId: rid() });
    expect(first.ticket.number).toBe(elder.number);
    expect(first.ticket.priorityClass).toBe('elderly');
    expect(first.ticket.citizen).toEqual({ maskedName: '张*国', maskedId: '1****************8' });
    await must(staff, 'ticket:start', { requestId: rid() });
    await must(staff, 'ticket:finish', { requestId: rid() });
    const second = await must<CallResult>(staff, 'queue:callNext', { requestId: rid() });
    expect(second.ticket.number).toBe(normal.number);

    const cardOut = rig.nextEvent((e) => e.type === 'card-out');
    rig.devices.idcard.remove();
    await cardOut;
    expect((await rig.service.takeTicket({ categoryId: 'E', useCard: true })).ok).toBe(false);
  });

  it('paper out: the ticket is still issued and shown, staff hear of it, and a reprint after refilling works', async () => {
    const staff: TestSocket = await connectStaff(server, 'staff01');
    const seen: DeviceStatusView[] = [];
    staff.on('device:status', (s) => seen.push(s));
    const paperOut = nextEvent<DeviceStatusView>(staff, 'device:status', (s) => s.printer === 'paper-out' && s.lastPrintFailure !== null, 5000);

    rig.devices.printer.setPaper('out');
    const printedBefore = rig.devices.printer.tickets.length;
    const ticket = ticketOf(await rig.service.takeTicket({ categoryId: 'A', matterId: 'A01' }));
    expect(ticket.print).toMatchObject({ state: 'failed', problem: { code: 'PRINTER_PAPER_END', message: '打印机缺纸' } });
    expect(ticket.number).toMatch(/^A\d{3}$/);
    expect(ticket.liveUrl).toMatch(/\/t\/[A-Za-z0-9_-]{16,}\?hall=demo-county$/);
    expect(rig.devices.printer.tickets.length).toBe(printedBefore);

    const status = await paperOut;
    expect(status).toMatchObject({ deviceId: 'kiosk-1', name: '一楼自助取号机1', online: true, printer: 'paper-out', detail: expect.stringContaining('打印机缺纸') });
    expect(status.lastPrintFailure).toMatchObject({ number: ticket.number, reason: 'PRINTER_PAPER_END' });
    const device = await rig.service.deviceStatus();
    expect(device.ok && device.data.printer).toBe('paper-out');

    // Staff who connect now see it in their snapshot too.
    const late = await connectStaff(server, 'staff02');
    const snapshot = await must<HallSnapshot>(late, 'hall:snapshot');
    expect(snapshot.devices).toEqual([expect.objectContaining({ deviceId: 'kiosk-1', printer: 'paper-out' })]);

    const stillOut = await rig.service.reprint();
    expect(stillOut.ok && stillOut.data.print.state).toBe('failed');

    const refilled = nextEvent<DeviceStatusView>(staff, 'device:status', (s) => s.printer === 'ok', 5000);
    rig.devices.printer.setPaper('ok');
    const again = await rig.service.reprint();
    if (!again.ok) throw new Error(again.messageEn);
    expect(again.data.number).toBe(ticket.number);
    expect(again.data.print.state).toBe('printed');
    const slip = rig.devices.printer.lastTicket()!;
    expect(slip.lines).toContain(ticket.number);
    expect(scanQr(slip.png)).toBe(ticket.liveUrl);
    await refilled;

    const nothing = await rig.service.reprint();
    expect(nothing).toMatchObject({ ok: false, code: 'NOTHING_TO_REPRINT' });

    const reports = new SqliteDeviceReportLog(server.db).since('demo-county', 0);
    expect(reports).toContainEqual(expect.objectContaining({ deviceId: 'kiosk-1', kind: 'print-failed', data: expect.objectContaining({ number: ticket.number, reason: 'PRINTER_PAPER_END' }) }));
    expect(reports).toContainEqual(expect.objectContaining({ kind: 'status', data: expect.objectContaining({ printer: 'paper-out' }) }));
    expect(seen.some((s) => s.printer === 'ok')).toBe(true);
  });

  it('reactivates a missed number from the number pad verb', async () => {
    const ticket = ticketOf(await rig.service.takeTicket({ categoryId: 'C' }));
    const staff = await connectStaff(server, 'staff06');
    await must(staff, 'window:open', { requestId: rid(), windowId: 6 });
    const called = await must<CallResult>(staff, 'queue:callNext', { requestId: rid() });
    expect(called.ticket.number).toBe(ticket.number);
    await must(staff, 'ticket:noShow', { requestId: rid() });

    const refused = await rig.service.reactivate({ number: 'C999' });
    expect(refused).toMatchObject({ ok: false, code: 'NO_SUCH_TICKET' });
    const ack = await rig.service.reactivate({ number: ticket.number.toLowerCase() });
    if (!ack.ok) throw new Error(ack.messageEn);
    expect(ack.data).toMatchObject({ number: ticket.number, state: 'waiting', categoryName: '社保医保', ahead: 0 });
  });

  it('never gives away the full ID number or name: not in the kiosk log, not in the hall database', async () => {
    await server.halls.get('demo-county')!.service.drain();
    const log = captured.text();
    expect(log).toContain('ticket issued');
    expect(log).toContain('card read');
    expect(log).not.toContain(ELDER_ID_NUMBER);
    expect(log).not.toContain(ELDER_NAME);
    server.db.pragma('wal_checkpoint(FULL)');
    for (const file of [server.dbFile, `${server.dbFile}-wal`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(ELDER_ID_NUMBER))).toBe(false);
      expect(bytes.includes(Buffer.from(ELDER_NAME))).toBe(false);
      expect(bytes.includes(Buffer.from('张*国'))).toBe(true);
    }
  });
});

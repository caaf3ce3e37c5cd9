import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStatusView, HallSnapshot, IssuedTicketView } from '../../src-main/contracts';
import { SqliteDeviceReportLog } from '../../src-main/storage/sqlite';
import type { TestHallServer } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectStaff, must, nextEvent, rid, startTestServer } from '../support/hall-fixture';

// The hall's side of kiosk device reports: kiosk:status and ticket:printFailed in, device:status out.

let server: TestHallServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  closeAllSockets();
  await server.stop();
});

describe('kiosk device status at the hall', () => {
  it('validates reports and only accepts them from kiosks', async () => {
    const kiosk = await connectDevice(server, 'kiosk-2', 'demo-kiosk-2');
    const bad = await ask(kiosk, 'kiosk:status', { printer: 'on-fire', reader: 'ok' });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', issues: [expect.objectContaining({ path: 'printer' })] });
    expect(await ask(kiosk, 'kiosk:status', { printer: 'ok', reader: 'ok', idNumber: '110101195105120018' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    const badReport = await ask(kiosk, 'ticket:printFailed', { requestId: rid(), number: 'A001', reason: 'paper gone!' });
    expect(badReport).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', issues: [expect.objectContaining({ path: 'reason' })] });
    const staff = await connectStaff(server, 'staff03');
    expect(await ask(staff, 'kiosk:status', { printer: 'ok', reader: 'ok' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const screen = await connectDevice(server, 'hall-screen', 'demo-display');
    expect(await ask(screen, 'ticket:printFailed', { requestId: rid(), number: 'A001', reason: 'PRINTER_PAPER_END' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('tells counters and admins (not screens) when a kiosk printer changes, and keeps it for their snapshots', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const counter = await connectStaff(server, 'staff04');
    const admin = await connectStaff(server, 'admin', 'demo-admin');
    const screen = await connectDevice(server, 'hall-screen', 'demo-display');
    let screenHeard = false;
    screen.on('device:status', () => (screenHeard = true));

    const toCounter = nextEvent<DeviceStatusView>(counter, 'device:status', (s) => s.deviceId === 'kiosk-1' && s.printer === 'cover-open');
    const toAdmin = nextEvent<DeviceStatusView>(admin, 'device:status', (s) => s.deviceId === 'kiosk-1' && s.printer === 'cover-open');
    const view = await must<DeviceStatusView>(kiosk, 'kiosk:status', { printer: 'cover-open', reader: 'ok', detail: '打印机盖未关好' });
    expect(view).toMatchObject({ deviceId: 'kiosk-1', name: '一楼自助取号机1', kind: 'kiosk', online: true, printer: 'cover-open', reader: 'ok', detail: '打印机盖未关好' });
    await Promise.all([toCounter, toAdmin]);

    // The same report again is not news.
    let again = 0;
    counter.on('device:status', () => again++);
    await must(kiosk, 'kiosk:status', { printer: 'cover-open', reader: 'ok', detail: '打印机盖未关好' });
    await new Promise((r) => setTimeout(r, 100));
    expect(again).toBe(0);
    expect(screenHeard).toBe(false);

    const snap = await must<HallSnapshot>(admin, 'hall:snapshot');
    expect(snap.devices).toContainEqual(expect.objectContaining({ deviceId: 'kiosk-1', printer: 'cover-open' }));
    expect((await must<HallSnapshot>(kiosk, 'hall:snapshot')).devices).toBeUndefined();
    expect((await must<HallSnapshot>(screen, 'hall:snapshot')).devices).toBeUndefined();
  });

  it('records a ticket that did not print once per request, and refuses numbers the hall does not know', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const issued = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'D' });
    expect(await ask(kiosk, 'ticket:printFailed', { requestId: rid(), number: 'D999', reason: 'PRINTER_PAPER_END' })).toMatchObject({ ok: false, code: 'NO_SUCH_TICKET' });
    const report = { requestId: rid(), number: issued.ticket.number, reason: 'PRINTER_PAPER_END', detail: '打印机缺纸' };
    const first = await must<DeviceStatusView>(kiosk, 'ticket:printFailed', report);
    expect(first.lastPrintFailure).toMatchObject({ number: issued.ticket.number, reason: 'PRINTER_PAPER_END', detail: '打印机缺纸' });
    await must(kiosk, 'ticket:printFailed', report);
    const rows = new SqliteDeviceReportLog(server.db).since('demo-county', 0).filter((r) => r.kind === 'print-failed' && r.data.number === issued.ticket.number);
    expect(rows).toHaveLength(1);
  });

  it('says when a kiosk goes off line and when it is back', async () => {
    // A kiosk counts as off line only when its last connection closes: start with none open.
    closeAllSockets();
    await new Promise((r) => setTimeout(r, 100));
    const admin = await connectStaff(server, 'admin', 'demo-admin');
    const kiosk = await connectDevice(server, 'kiosk-2', 'demo-kiosk-2');
    await must(kiosk, 'kiosk:status', { printer: 'absent', reader: 'absent' });
    const gone = nextEvent<DeviceStatusView>(admin, 'device:status', (s) => s.deviceId === 'kiosk-2' && !s.online);
    kiosk.disconnect();
    expect(await gone).toMatchObject({ online: false, printer: 'absent' });
    const back = nextEvent<DeviceStatusView>(admin, 'device:status', (s) => s.deviceId === 'kiosk-2' && s.online);
    await connectDevice(server, 'kiosk-2', 'demo-kiosk-2');
    await back;
    const reports = new SqliteDeviceReportLog(server.db).since('demo-county', 0);
    expect(reports).toContainEqual(expect.objectContaining({ deviceId: 'kiosk-2', kind: 'offline' }));
  });
});

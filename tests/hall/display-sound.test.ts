import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, DeviceStatusView, HallSnapshot } from '../../src-main/contracts';
import { SqliteDeviceReportLog } from '../../src-main/storage/sqlite';
import type { TestHallServer } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectStaff, must, nextEvent } from '../support/hall-fixture';
import { startTestServer } from '../support/hall-fixture';

// A wall screen reports its sound like a kiosk its printer: staff see a hall screen nobody hears, and
// supervision raises it as a device fault until the sound is on again.

let server: TestHallServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  closeAllSockets();
  await server.stop();
});

describe("screens' sound at the hall", () => {
  it('validates the report and takes it only from screens', async () => {
    const screen = await connectDevice(server, 'hall-screen', 'demo-display');
    expect(await ask(screen, 'display:status', { audio: 'loud' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', issues: [expect.objectContaining({ path: 'audio' })] });
    expect(await ask(screen, 'display:status', { audio: 'on', volume: 3 })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    expect(await ask(kiosk, 'display:status', { audio: 'on' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const staff = await connectStaff(server, 'staff03');
    expect(await ask(staff, 'display:status', { audio: 'on' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('tells counters and admins, raises a device alert while blocked, clears it when the sound is on', async () => {
    const admin = await connectStaff(server, 'admin', 'demo-admin');
    const counter = await connectStaff(server, 'staff04');
    const screen = await connectDevice(server, 'hall-screen', 'demo-display');

    const toCounter = nextEvent<DeviceStatusView>(counter, 'device:status', (s) => s.deviceId === 'hall-screen' && s.audio === 'blocked');
    const raised = nextEvent<AlertView>(admin, 'alert:changed', (a) => a.kind === 'device' && a.clearedAt === null && a.message.includes('语音'));
    const view = await must<DeviceStatusView>(screen, 'display:status', { audio: 'blocked' });
    expect(view).toMatchObject({ deviceId: 'hall-screen', kind: 'display', online: true, audio: 'blocked', printer: 'absent', reader: 'absent' });
    await toCounter;
    const alert = await raised;
    expect(alert.messageEn).toMatch(/sound blocked/);

    const snap = await must<HallSnapshot>(admin, 'hall:snapshot');
    expect(snap.devices).toContainEqual(expect.objectContaining({ deviceId: 'hall-screen', kind: 'display', audio: 'blocked' }));

    const cleared = nextEvent<AlertView>(admin, 'alert:changed', (a) => a.id === alert.id && a.clearedAt !== null);
    await must(screen, 'display:status', { audio: 'on' });
    await cleared;

    const rows = new SqliteDeviceReportLog(server.db).since('demo-county', 0).filter((r) => r.deviceId === 'hall-screen');
    expect(rows.map((r) => r.data.audio)).toEqual(['blocked', 'on']);
  });
});

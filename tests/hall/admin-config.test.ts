import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdminAccountView, AdminConfigView, AuditPageView, DeviceKeyView, ErrorAck, HallSnapshot } from '../../src-main/contracts';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectSocket, connectStaff, demoConfig, login, must, nextEvent, rid, startTestServer, tempDir } from '../support/hall-fixture';

// The live hall config over real sockets: an admin's change reaches consoles and screens at once, a bad
// change is refused naming the field, and roles are held to what they may do.

const refused = async (s: TestSocket, event: string, payload?: unknown) => (await ask(s, event, payload)) as ErrorAck;

describe('admin: live hall config', () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'hall.sqlite');
  let server: TestHallServer;
  let admin: TestSocket;
  let adminToken: string;

  beforeAll(async () => {
    server = await startTestServer({ dbFile });
    adminToken = await login(server.url, server.hallId, 'admin', 'demo-admin');
    admin = await connectSocket(server.url, { hallId: server.hallId, token: adminToken }, { reconnection: false });
  });
  afterEach(() => {
    // Keep the admin connection; every other socket of a test is closed after it.
  });
  afterAll(async () => {
    closeAllSockets();
    await server.stop();
    tmp.cleanup();
  });

  const update = (changes: Record<string, unknown>) => ask<AdminConfigView>(admin, 'config:update', { requestId: rid(), changes });

  it('renaming a window and changing the notice reach a signed-in console and the hall screen without a restart', async () => {
    const staff = await connectStaff(server, 'staff03');
    await must(staff, 'window:open', { requestId: rid(), windowId: 3 });
    const screen = await connectDevice(server, 'hall-screen', 'demo-display');
    const current = await must<AdminConfigView>(admin, 'config:get');
    const windows = current.config.windows.map((w) => (w.id === 3 ? { ...w, name: '企业综合窗' } : w));
    const consoleSees = nextEvent<HallSnapshot>(staff, 'hall:snapshot', (s) => s.windows.some((w) => w.name === '企业综合窗'));
    const screenSees = nextEvent<HallSnapshot>(screen, 'hall:snapshot', (s) => s.hall.notice === '今日下午三点系统维护');
    const ack = await update({ windows, notice: '今日下午三点系统维护' });
    expect(ack.ok).toBe(true);
    const seen = await consoleSees;
    expect(seen.windowId).toBe(3); // still signed in at its window, queue kept
    expect(seen.windows.find((w) => w.id === 3)).toMatchObject({ name: '企业综合窗', status: 'open', staffId: 'staff03' });
    expect((await screenSees).windows.find((w) => w.id === 3)!.name).toBe('企业综合窗');
    if (ack.ok) expect(ack.data.version).toBeGreaterThanOrEqual(2);
    const audit = await must<AuditPageView>(admin, 'audit:list', { types: ['config.update'] });
    expect(audit.entries[0]).toMatchObject({ type: 'config.update', actor: { kind: 'admin', id: 'admin' }, actorName: '系统管理员' });
    expect(audit.entries[0]!.summary).toContain('窗口「企业综合窗」名称：企业服务三窗 → 企业综合窗');
    expect(audit.entries[0]!.summary).toContain('滚动公告：');
    expect(audit.entries[0]!.summaryEn).toContain('window "Enterprise 3" name: 企业服务三窗 → 企业综合窗');
    staff.disconnect();
  });

  it('refuses an invalid change naming the field, and changes nothing', async () => {
    const before = await must<AdminConfigView>(admin, 'config:get');
    const windows = before.config.windows.map((w, i) => (i === 0 ? { ...w, categories: ['Z'] } : w));
    const bad = (await update({ windows, supervision: { ...before.config.supervision, waitRedMinutes: 10 } })) as ErrorAck;
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_CONFIG' });
    expect(bad.issues!.map((i) => i.path)).toEqual(expect.arrayContaining(['windows[0].categories[0]', 'supervision.waitRedMinutes']));
    expect(bad.message).toMatch(/windows\[0\]\.categories\[0\]/);
    const locked = (await update({ secrets: { idHashKey: 'x' }, bogus: 1 })) as ErrorAck;
    expect(locked.issues!.map((i) => i.path)).toEqual(['secrets', 'bogus']);
    const after = await must<AdminConfigView>(admin, 'config:get');
    expect(after.version).toBe(before.version);
  });

  it('refuses to remove a window that is open; a closed one goes and new windows start closed', async () => {
    const staff = await connectStaff(server, 'staff12');
    await must(staff, 'window:open', { requestId: rid(), windowId: 12 });
    const current = await must<AdminConfigView>(admin, 'config:get');
    const without12 = current.config.windows.filter((w) => w.id !== 12);
    // Its window screen still points at it: the device goes first.
    const screenPoints = (await update({ windows: without12 })) as ErrorAck;
    expect(screenPoints).toMatchObject({ code: 'INVALID_CONFIG', issues: [{ path: expect.stringMatching(/^devices\[\d+\]\.windowId$/), message: 'unknown window 12' }] });
    await must(admin, 'device:remove', { requestId: rid(), id: 'window-screen-12' });
    const inUse = (await update({ windows: without12 })) as ErrorAck;
    expect(inUse).toMatchObject({ ok: false, code: 'WINDOW_IN_USE', details: { windowId: 12 } });
    await must(staff, 'window:close', { requestId: rid() });
    const withNew = [...without12, { id: 13, name: '综合服务三窗', categories: ['E', 'C'], strategy: 'longest-wait' }];
    const screen = await connectDevice(server, 'hall-screen', 'demo-display');
    const seen = nextEvent<HallSnapshot>(screen, 'hall:snapshot', (s) => s.windows.some((w) => w.id === 13));
    expect((await update({ windows: withNew })).ok).toBe(true);
    const snap = await seen;
    expect(snap.windows.some((w) => w.id === 12)).toBe(false);
    expect(snap.windows.find((w) => w.id === 13)).toMatchObject({ status: 'closed', categories: ['E', 'C'] });
    // Staff can open the new window at once.
    await must(staff, 'window:open', { requestId: rid(), windowId: 13 });
    await must(staff, 'window:close', { requestId: rid() });
  });

  it('accounts: created, disabled (its connection ends), password reset; no hash ever reaches the page', async () => {
    const created = await must<AdminAccountView>(admin, 'account:create', { requestId: rid(), username: 'staff13', displayName: '钱多', role: 'staff', password: 'new-pass-13' });
    expect(created).toEqual({ username: 'staff13', displayName: '钱多', role: 'staff', disabled: false });
    const dup = await refused(admin, 'account:create', { requestId: rid(), username: 'staff13', displayName: 'x', role: 'staff', password: 'whatever1' });
    expect(dup.code).toBe('ACCOUNT_EXISTS');
    const s13 = await connectStaff(server, 'staff13', 'new-pass-13');
    const dropped = new Promise<void>((resolve) => s13.once('disconnect', () => resolve()));
    await must(admin, 'account:update', { requestId: rid(), username: 'staff13', disabled: true });
    await dropped;
    await expect(login(server.url, server.hallId, 'staff13', 'new-pass-13')).rejects.toThrow(/login failed/);
    await must(admin, 'account:update', { requestId: rid(), username: 'staff13', disabled: false });
    await must(admin, 'account:resetPassword', { requestId: rid(), username: 'staff13', password: 'reset-pass-13' });
    await expect(login(server.url, server.hallId, 'staff13', 'new-pass-13')).rejects.toThrow(/login failed/);
    expect(await login(server.url, server.hallId, 'staff13', 'reset-pass-13')).toMatch(/.{20,}/);
    const self = await refused(admin, 'account:update', { requestId: rid(), username: 'admin', disabled: true });
    expect(self.code).toBe('CANNOT_CHANGE_SELF');
    const short = await refused(admin, 'account:resetPassword', { requestId: rid(), username: 'staff13', password: 'short' });
    expect(short).toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: 'password' }] });
    const view = JSON.stringify(await must<AdminConfigView>(admin, 'config:get'));
    expect(view).not.toMatch(/scrypt|passwordHash|keyHash|idHashKey|demo-kiosk/);
  });

  it('device keys: a new key is shown once and works; rotating it ends the old connection and refuses the old key', async () => {
    const created = await must<DeviceKeyView>(admin, 'device:create', { requestId: rid(), id: 'kiosk-3', kind: 'kiosk', name: '二楼自助取号机' });
    expect(created.device).toEqual({ id: 'kiosk-3', kind: 'kiosk', name: '二楼自助取号机', windowId: null });
    expect(created.key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const kiosk = await connectDevice(server, 'kiosk-3', created.key);
    const dropped = new Promise<void>((resolve) => kiosk.once('disconnect', () => resolve()));
    const rotated = await must<DeviceKeyView>(admin, 'device:rotateKey', { requestId: rid(), id: 'kiosk-3' });
    expect(rotated.key).not.toBe(created.key);
    await dropped;
    await expect(connectDevice(server, 'kiosk-3', created.key)).rejects.toThrow(/DEVICE_KEY_INVALID/);
    (await connectDevice(server, 'kiosk-3', rotated.key)).disconnect();
    const view = await must<AdminConfigView>(admin, 'config:get');
    expect(view.devices.find((d) => d.id === 'kiosk-3')).toEqual({ id: 'kiosk-3', kind: 'kiosk', name: '二楼自助取号机', windowId: null });
    const windowScreen = await refused(admin, 'device:create', { requestId: rid(), id: 'window-screen-99', kind: 'window-display' });
    expect(windowScreen).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(windowScreen.issues![0]!.path).toMatch(/^devices\[\d+\]\.windowId$/);
    await must(admin, 'device:remove', { requestId: rid(), id: 'kiosk-3' });
    await expect(connectDevice(server, 'kiosk-3', rotated.key)).rejects.toThrow(/DEVICE_KEY_INVALID/);
  });

  it('roles: staff, screens, kiosks and supervisors cannot change the config; staff get no statistics', async () => {
    const staff = await connectStaff(server, 'staff01');
    for (const event of ['config:get', 'config:update', 'alert:ack', 'audit:list']) expect((await refused(staff, event, {})).code).toBe('FORBIDDEN');
    const screen = await connectDevice(server, 'hall-screen', 'demo-display');
    for (const event of ['config:get', 'ticket:cancel', 'queue:callNext', 'ticket:issue', 'alert:list']) expect((await refused(screen, event, {})).code).toBe('FORBIDDEN');
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    expect((await refused(kiosk, 'config:update', {})).code).toBe('FORBIDDEN');
    const supervisor = await connectSocket(server.url, { hallId: server.hallId, token: await login(server.url, server.hallId, 'jiandu', 'demo-super') });
    const snap = await must<HallSnapshot>(supervisor, 'hall:snapshot');
    expect(snap.me).toMatchObject({ role: 'supervisor' });
    expect(Array.isArray(snap.alerts)).toBe(true);
    for (const event of ['config:get', 'config:update', 'account:create', 'device:rotateKey']) expect((await refused(supervisor, event, {})).code).toBe('FORBIDDEN');
    expect((await must<AuditPageView>(supervisor, 'audit:list', { limit: 5 })).entries.length).toBe(5);

    const stats = (token?: string) =>
      fetch(`${server.url}/api/halls/${server.hallId}/statistics?from=2026-01-01&to=2026-01-31`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const staffToken = await login(server.url, server.hallId, 'staff02', 'demo1234');
    expect((await stats(staffToken)).status).toBe(403);
    expect(await (await stats(staffToken)).json()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await stats()).status).toBe(401);
    expect((await stats(adminToken)).status).toBe(200);
    const exportAsSupervisor = await fetch(`${server.url}/api/halls/${server.hallId}/config/export`, { headers: { authorization: `Bearer ${await login(server.url, server.hallId, 'jiandu', 'demo-super')}` } });
    expect(exportAsSupervisor.status).toBe(403);
    const badRange = await fetch(`${server.url}/api/halls/${server.hallId}/statistics?from=2026-02-01&to=2026-01-01`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(await badRange.json()).toMatchObject({ code: 'INVALID_RANGE' });
  });

  it('exports the config without credentials and imports it back, keeping the hall’s passwords and keys', async () => {
    const auth = { authorization: `Bearer ${adminToken}` };
    const exported = await fetch(`${server.url}/api/halls/${server.hallId}/config/export?format=yaml`, { headers: auth });
    expect(exported.headers.get('content-disposition')).toMatch(/demo-county-v\d+\.yaml/);
    const text = await exported.text();
    expect(text).not.toMatch(/scrypt|passwordHash|keyHash|idHashKey|demo-kiosk|demo-admin/);
    const raw = parseYaml(text) as Record<string, unknown>;
    expect(raw.windows).toEqual(expect.arrayContaining([expect.objectContaining({ id: 3, name: '企业综合窗' })]));
    raw.notice = '导入的公告';
    const imported = await fetch(`${server.url}/api/halls/${server.hallId}/config/import`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(raw) });
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { data: AdminConfigView }).data.config.notice).toBe('导入的公告');
    // Passwords and keys survived the round trip.
    expect(await login(server.url, server.hallId, 'staff01', 'demo1234')).toBeTruthy();
    (await connectDevice(server, 'kiosk-1', 'demo-kiosk-1')).disconnect();

    const wrongHall = await fetch(`${server.url}/api/halls/${server.hallId}/config/import`, { method: 'POST', headers: auth, body: 'id: other-hall\nname: x\n' });
    expect(wrongHall.status).toBe(400);
    expect(await wrongHall.json()).toMatchObject({ code: 'INVALID_CONFIG', issues: [{ path: 'id' }] });
    const broken = await fetch(`${server.url}/api/halls/${server.hallId}/config/import`, { method: 'POST', headers: auth, body: 'windows: [unclosed' });
    expect(await broken.json()).toMatchObject({ code: 'INVALID_CONFIG', issues: [{ path: '(file)' }] });
  });

  it('keeps the live config across a restart; --reset-config loads the file again', async () => {
    closeAllSockets();
    await server.close();
    server = await startTestServer({ dbFile });
    expect(server.liveConfigs.get(server.hallId)).toMatchObject({ source: 'database', fileChanged: false });
    expect(server.halls.get(server.hallId)!.config.windows.find((w) => w.id === 3)!.name).toBe('企业综合窗');
    expect(server.halls.get(server.hallId)!.config.notice).toBe('导入的公告');
    await server.close();

    const edited = demoConfig((c) => (c.notice = '文件里的新公告'));
    server = await startTestServer({ dbFile, config: edited });
    expect(server.liveConfigs.get(server.hallId)).toMatchObject({ source: 'database', fileChanged: true });
    expect(server.halls.get(server.hallId)!.config.notice).toBe('导入的公告');
    await server.close();

    const { startHallServer } = await import('../../src-main/hall/server');
    const reset = await startHallServer({ configs: [edited], dbFile, port: 0, host: '127.0.0.1', resetConfig: true });
    expect(reset.liveConfigs.get('demo-county')).toMatchObject({ source: 'file' });
    expect(reset.halls.get('demo-county')!.config.notice).toBe('文件里的新公告');
    expect(reset.halls.get('demo-county')!.config.windows.find((w) => w.id === 3)!.name).toBe('企业服务三窗');
    await reset.close();
    server = await startTestServer({ dbFile });
    adminToken = await login(server.url, server.hallId, 'admin', 'demo-admin');
    admin = await connectSocket(server.url, { hallId: server.hallId, token: adminToken });
    const audit = await must<AuditPageView>(admin, 'audit:list', { types: ['config.reset', 'config.seed', 'config.import'] });
    expect(audit.entries.map((e) => e.type)).toEqual(['config.reset', 'config.import', 'config.seed']);
    // Like the event log, the audit log cannot be rewritten.
    expect(() => server.db.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
    expect(() => server.db.prepare(`UPDATE audit_log SET summary = 'x'`).run()).toThrow(/append-only/);
  });
});

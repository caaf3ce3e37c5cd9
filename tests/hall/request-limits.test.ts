import { request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdminConfigView, CallResult, DeviceStatusView, ErrorAck, HallSnapshot, IssuedTicketView } from '../../src-main/contracts';
import { MAX_PAYLOAD_BYTES } from '../../src-main/hall/event-handler';
import { MAX_SOCKET_MESSAGE_BYTES } from '../../src-main/hall/server';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectSocket, connectStaff, login, must, rid, startTestServer } from '../support/hall-fixture';

// Attacks on the limits of a request: oversized bodies and messages, names in the public snapshot, and a
// request id replayed for another action. Real server on port 0, real SQLite file.

/** POSTs `body` with node:http (no retries, no fetch niceties): the status, or the error that ended it. */
function post(url: string, body: Buffer, headers: Record<string, string> = {}): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (err) => resolve(`response ${err.message}`));
    });
    req.on('error', (err) => resolve(`${(err as NodeJS.ErrnoException).code ?? err.message}`));
    req.end(body);
  });
}

/** A phone as the hall's own page opens it (with the page's Origin). */
function phoneOf(server: TestHallServer): Promise<TestSocket> {
  const socket: TestSocket = io(server.url, { auth: { hallId: server.hallId, role: 'mobile' }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: server.url } });
  phones.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
const phones: TestSocket[] = [];
afterEach(() => {
  for (const p of phones.splice(0)) p.disconnect();
});

describe('limits on requests', () => {
  let server: TestHallServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => server.stop());

  it('a 1 MB login body gets 413 PAYLOAD_TOO_LARGE 20 times out of 20, never a reset connection', async () => {
    const big = Buffer.alloc(1_000_000, 'x');
    const statuses: Array<number | string> = [];
    for (let i = 0; i < 20; i++) statuses.push(await post(`${server.url}/api/halls/${server.hallId}/login`, big));
    expect(statuses).toEqual(Array(20).fill(413));
    // And by fetch, the body readable and the connection closed after it.
    const res = await fetch(`${server.url}/api/halls/${server.hallId}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
    // The server goes on.
    expect(await login(server.url, server.hallId, 'staff01', 'demo1234')).toMatch(/.{20,}/);
  });

  it('a config import over 512 KiB gets 413 too', async () => {
    const token = await login(server.url, server.hallId, 'admin', 'demo-admin');
    const status = await post(`${server.url}/api/halls/${server.hallId}/config/import`, Buffer.alloc(600 * 1024, 'x'), { authorization: `Bearer ${token}` });
    expect(status).toBe(413);
  });

  it('the socket transport takes at most the app limit and a little framing', () => {
    expect(MAX_SOCKET_MESSAGE_BYTES).toBeGreaterThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(MAX_SOCKET_MESSAGE_BYTES).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES + 2048);
  });

  it('900 KB of nested arrays from an anonymous phone closes its connection before parsing, without holding the loop', async () => {
    const phone = await phoneOf(server);
    const bystander = await connectDevice(server, 'hall-screen', 'demo-display');
    const closed = new Promise<string>((resolve) => phone.once('disconnect', resolve));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // Written as a raw socket.io packet: no client would build this, an attacker would.
    const depth = 450_000;
    const engine = (phone as unknown as { io: { engine: { send(msg: string): void } } }).io.engine;
    engine.send(`2["ticket:watch",${'['.repeat(depth)}${']'.repeat(depth)}]`);
    expect(await closed).toMatch(/transport (close|error)/);
    delay.disable();
    expect(delay.max / 1e6).toBeLessThan(250);
    // Others are served as before.
    expect((await must<HallSnapshot>(bystander, 'hall:snapshot')).hallId).toBe(server.hallId);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('the same over long polling: the POST is refused (413) and the session closed', async () => {
    const open = await (await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`)).text();
    const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: `42["ticket:watch",${'['.repeat(450_000)}${']'.repeat(450_000)}]` });
    expect(res.status).toBe(413);
  });

  it('a large but legal admin save (a 140-window section of about 14 KB) still works over the socket', async () => {
    const admin = await connectSocket(server.url, { hallId: server.hallId, token: await login(server.url, server.hallId, 'admin', 'demo-admin') });
    const current = await must<AdminConfigView>(admin, 'config:get');
    const windows = [...current.config.windows];
    for (let id = 13; id <= 140; id++) windows.push({ id, name: `综合受理${id}号窗口`, nameEn: `Window ${id}`, categories: ['E', 'C'] } as (typeof windows)[number]);
    const payload = { requestId: rid(), changes: { windows } };
    const size = Buffer.byteLength(JSON.stringify(payload));
    expect(size).toBeGreaterThan(11 * 1024);
    expect(size).toBeLessThan(MAX_PAYLOAD_BYTES);
    const saved = await must<AdminConfigView>(admin, 'config:update', payload);
    expect(saved.config.windows).toHaveLength(140);
    // Back as it was.
    await must(admin, 'config:update', { requestId: rid(), changes: { windows: current.config.windows } });
  });
});

describe('the public snapshot names no account', () => {
  let server: TestHallServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => server.stop());

  it('with staff signed in at windows, GET /snapshot and a phone snapshot carry no username and no staff name; consoles still do', async () => {
    const staff = await connectStaff(server, 'staff06');
    await must(staff, 'window:open', { requestId: rid(), windowId: 6 });
    const text = await (await fetch(`${server.url}/api/halls/${server.hallId}/snapshot`)).text();
    const snap = (JSON.parse(text) as { data: HallSnapshot }).data;
    expect(snap.windows.find((w) => w.id === 6)).toMatchObject({ status: 'open', name: '社保医保一窗', staffId: null, staffName: null });
    expect(text).not.toMatch(/staff\d\d|admin|jiandu|杨帆/);
    const phone = await phoneOf(server);
    const phoneText = JSON.stringify(await must<HallSnapshot>(phone, 'hall:snapshot'));
    expect(phoneText).not.toMatch(/staff\d\d|杨帆/);
    expect((await must<HallSnapshot>(staff, 'hall:snapshot')).windows.find((w) => w.id === 6)).toMatchObject({ staffId: 'staff06', staffName: '杨帆' });
  });
});

describe('a request id reused for another action', () => {
  let server: TestHallServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => server.stop());

  it('a queue:callNext id replayed for ticket:finish answers REQUEST_ID_REUSED and finishes nothing', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'C' });
    const staff = await connectStaff(server, 'staff06');
    await must(staff, 'window:open', { requestId: rid(), windowId: 6 });
    const id = rid();
    const called = await must<CallResult>(staff, 'queue:callNext', { requestId: id });
    await must(staff, 'ticket:start', { requestId: rid() });
    const reused = (await ask(staff, 'ticket:finish', { requestId: id })) as ErrorAck;
    expect(reused).toMatchObject({ ok: false, code: 'REQUEST_ID_REUSED' });
    const state = server.db.prepare('SELECT state FROM tickets WHERE number = ?').pluck().get(called.ticket.number);
    expect(state).toBe('serving');
    // The first action's retry still gets its first answer.
    expect(await must<CallResult>(staff, 'queue:callNext', { requestId: id })).toEqual(called);
  });

  it('admin: an account:create id replayed for config:update, or a ticket:cancel id for a config change, is refused', async () => {
    const admin = await connectSocket(server.url, { hallId: server.hallId, token: await login(server.url, server.hallId, 'admin', 'demo-admin') });
    const id = rid();
    await must(admin, 'account:create', { requestId: id, username: 'staff31', displayName: '孙新', role: 'staff', password: 'pass-31-long' });
    const before = await must<AdminConfigView>(admin, 'config:get');
    const reused = (await ask(admin, 'config:update', { requestId: id, changes: { notice: '不应生效' } })) as ErrorAck;
    expect(reused).toMatchObject({ ok: false, code: 'REQUEST_ID_REUSED' });
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const issued = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A' });
    const cancelId = rid();
    await must(admin, 'ticket:cancel', { requestId: cancelId, number: issued.ticket.number });
    expect(await ask(admin, 'account:resetPassword', { requestId: cancelId, username: 'staff31', password: 'another-pass' })).toMatchObject({ ok: false, code: 'REQUEST_ID_REUSED' });
    const after = await must<AdminConfigView>(admin, 'config:get');
    expect(after.version).toBe(before.version);
    expect(after.config.notice).toBe(before.config.notice);
  });

  it('kiosk: a ticket:issue id replayed for ticket:printFailed is refused and records nothing', async () => {
    const kiosk = await connectDevice(server, 'kiosk-2', 'demo-kiosk-2');
    const id = rid();
    const issued = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: id, categoryId: 'B' });
    const reused = (await ask<DeviceStatusView>(kiosk, 'ticket:printFailed', { requestId: id, number: issued.ticket.number, reason: 'PRINTER_PAPER_OUT' })) as ErrorAck;
    expect(reused).toMatchObject({ ok: false, code: 'REQUEST_ID_REUSED' });
    const status = await must<DeviceStatusView>(kiosk, 'kiosk:status', { printer: 'ok', reader: 'ok' });
    expect(status.lastPrintFailure).toBeNull();
  });
});

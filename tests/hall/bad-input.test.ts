import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectSocket, connectStaff, must, rid, startTestServer } from '../support/hall-fixture';

describe('malformed, oversized and wrong-role events', () => {
  let server: TestHallServer;
  let kiosk: TestSocket;
  const counts = () => ({
    tickets: server.db.prepare('SELECT COUNT(*) FROM tickets').pluck().get(),
    events: server.db.prepare('SELECT COUNT(*) FROM event_log').pluck().get(),
    seq: server.halls.get(server.hallId)!.service.seq,
  });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => server.stop());

  it.each([
    ['no payload', undefined, 'INVALID_PAYLOAD'],
    ['a string', 'A', 'INVALID_PAYLOAD'],
    ['a number', 42, 'INVALID_PAYLOAD'],
    ['an array', [1, 2], 'INVALID_PAYLOAD'],
    ['no request id', { categoryId: 'A' }, 'INVALID_PAYLOAD'],
    ['a short request id', { requestId: 'x', categoryId: 'A' }, 'INVALID_PAYLOAD'],
    ['a lower-case category', { requestId: rid(), categoryId: 'a' }, 'INVALID_PAYLOAD'],
    ['an unknown field', { requestId: rid(), categoryId: 'A', extra: 1 }, 'INVALID_PAYLOAD'],
    ['a citizen with a full ID number', { requestId: rid(), categoryId: 'A', citizen: { maskedName: '张三', maskedId: '110101199003071234', idHash: 'zz' } }, 'INVALID_PAYLOAD'],
    ['an unknown category', { requestId: rid(), categoryId: 'Z' }, 'UNKNOWN_CATEGORY'],
    // Over the 16 KiB payload limit, under the 17 KiB transport limit (beyond it the connection closes).
    ['an oversized payload', { requestId: rid(), categoryId: 'A', matterId: 'x'.repeat(16_500) }, 'PAYLOAD_TOO_LARGE'],
  ])('ticket:issue with %s → %s, nothing changes', async (_label, payload, code) => {
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const before = counts();
    const ack = await ask(kiosk, 'ticket:issue', payload);
    expect(ack).toMatchObject({ ok: false, code });
    if (!ack.ok) {
      expect(ack.message.length).toBeGreaterThan(0);
      expect(ack.messageEn.length).toBeGreaterThan(0);
    }
    expect(counts()).toEqual(before);
  });

  it('names the bad field in the error', async () => {
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const ack = await ask(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 7 });
    expect(ack).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', issues: [{ path: 'categoryId' }] });
  });

  it('refuses events of other roles with FORBIDDEN and unknown events with UNKNOWN_EVENT', async () => {
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const display = await connectDevice(server, 'hall-screen', 'demo-display');
    const phone = await connectSocket(server.url, { hallId: server.hallId, role: 'mobile' });
    const staff = await connectStaff(server, 'staff01');
    const before = counts();
    expect(await ask(kiosk, 'queue:callNext', { requestId: rid() })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(display, 'ticket:issue', { requestId: rid(), categoryId: 'A' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(display, 'window:open', { requestId: rid(), windowId: 1 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(phone, 'ticket:issue', { requestId: rid(), categoryId: 'A' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(phone, 'ticket:cancel', { requestId: rid(), number: 'A001' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(staff, 'ticket:issue', { requestId: rid(), categoryId: 'A' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(staff, 'drop:tables', {})).toMatchObject({ ok: false, code: 'UNKNOWN_EVENT' });
    expect(counts()).toEqual(before);
  });

  it('a message over the transport limit drops only that connection; the server goes on', async () => {
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const before = counts();
    const disconnected = new Promise<string>((resolve) => kiosk.once('disconnect', resolve));
    kiosk.emit('ticket:issue', { requestId: rid(), categoryId: 'A', matterId: 'x'.repeat(2_000_000) } as never, () => {});
    expect(await disconnected).toBeTruthy();
    expect(counts()).toEqual(before);
    const again = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const ack = await ask(again, 'ticket:issue', { requestId: rid(), categoryId: 'A' });
    expect(ack.ok).toBe(true);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('an event without an acknowledgement callback is dropped, not executed', async () => {
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const before = counts();
    (kiosk as unknown as { emit: (e: string, p: unknown) => void }).emit('ticket:issue', { requestId: rid(), categoryId: 'B' });
    await must(kiosk, 'hall:snapshot');
    expect(counts()).toEqual(before);
  });

  it.each([
    ['no auth', {}, 'AUTH_INVALID'],
    ['an unknown hall', { hallId: 'nowhere', role: 'mobile' }, 'UNKNOWN_HALL'],
    ['a wrong device key', { hallId: 'demo-county', deviceId: 'kiosk-1', deviceKey: 'guess' }, 'DEVICE_KEY_INVALID'],
    ['an unknown device', { hallId: 'demo-county', deviceId: 'kiosk-99', deviceKey: 'demo-kiosk-1' }, 'DEVICE_KEY_INVALID'],
    ['a forged session token', { hallId: 'demo-county', token: 'x'.repeat(43) }, 'SESSION_INVALID'],
    ['a made-up role', { hallId: 'demo-county', role: 'admin' }, 'AUTH_INVALID'],
  ])('a handshake with %s is refused (%s)', async (_label, auth, code) => {
    const err = await connectSocket(server.url, auth).then(
      () => null,
      (e: Error & { data?: { code: string } }) => e,
    );
    expect(err?.data?.code).toBe(code);
  });
});

describe('HTTP', () => {
  let server: TestHallServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.stop());

  it('serves health and a read-only public snapshot without personal data', async () => {
    const health = await (await fetch(`${server.url}/health`)).json();
    expect(health).toMatchObject({ ok: true, halls: [{ id: 'demo-county' }] });
    const snap = (await (await fetch(`${server.url}/api/halls/demo-county/snapshot`)).json()) as { data: { categories: Array<{ id: string }>; windows: unknown[] } };
    expect(snap.data).toMatchObject({ hallId: 'demo-county', hall: { name: '示范县政务服务中心' } });
    expect(snap.data.categories.map((c) => c.id)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(snap.data.windows).toHaveLength(12);
    expect(snap.data).not.toHaveProperty('tickets');
    expect((await fetch(`${server.url}/api/halls/nowhere/snapshot`)).status).toBe(404);
    expect((await fetch(`${server.url}/nothing-here`)).status).toBe(404);
  });

  it('logs staff in, refuses wrong passwords, bad bodies, and slows guessing down', async () => {
    const post = (body: string) =>
      fetch(`${server.url}/api/halls/demo-county/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const good = await post(JSON.stringify({ username: 'staff01', password: 'demo1234' }));
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ ok: true, data: { username: 'staff01', displayName: '王丽', role: 'staff' } });
    expect((await post('{not json')).status).toBe(400);
    expect((await post(JSON.stringify({ username: 'staff01' }))).status).toBe(400);
    expect((await post('x'.repeat(20_000))).status).toBe(413);
    for (let i = 0; i < 5; i++) expect((await post(JSON.stringify({ username: 'staff09', password: 'wrong' }))).status).toBe(401);
    const locked = await post(JSON.stringify({ username: 'staff09', password: 'demo1234' }));
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
  });

  it('a logged-out session can no longer connect', async () => {
    const res = await fetch(`${server.url}/api/halls/demo-county/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo-admin' }),
    });
    const { data } = (await res.json()) as { data: { token: string } };
    const s = await connectSocket(server.url, { hallId: 'demo-county', token: data.token });
    s.disconnect();
    await fetch(`${server.url}/api/halls/demo-county/logout`, { method: 'POST', headers: { authorization: `Bearer ${data.token}` } });
    const err = await connectSocket(server.url, { hallId: 'demo-county', token: data.token }).then(
      () => null,
      (e: Error & { data?: { code: string } }) => e,
    );
    expect(err?.data?.code).toBe('SESSION_INVALID');
  });
});

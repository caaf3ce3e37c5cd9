import { request } from 'node:http';
import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { daySlots } from '../../src-main/app/booking-views';
import { passwordChecks } from '../../src-main/app/passwords';
import type { Ack, DaySlotsView } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain';
import { ManualClock } from '../support/clock';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { ask, closeAllSockets, demoConfig, must, rid, startTestServer } from '../support/hall-fixture';

const bj = (day: string, clock: string) => zonedEpoch(day, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)), 'Asia/Shanghai');
const HALL = 'demo-county';

const opened = new Set<TestSocket>();
/** A phone connecting from a given loopback address (127.0.0.0/8 all reach a server on 127.0.0.1). */
function phoneFrom(server: TestHallServer, localAddress: string): Promise<TestSocket> {
  const socket = connect(server.url, { auth: { hallId: HALL, role: 'mobile' }, transports: ['websocket'], forceNew: true, reconnection: false, localAddress, extraHeaders: { origin: server.url } } as never) as TestSocket;
  opened.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Sends `n` events at once, without waiting for any answer, and collects the answers. */
function flood(socket: TestSocket, n: number, event: string, payload: unknown): Promise<Ack<unknown>[]> {
  return Promise.all(Array.from({ length: n }, () => ask(socket, event, payload)));
}

const codes = (acks: Ack<unknown>[]) => acks.map((a) => (a.ok ? 'ok' : a.code));

describe('anonymous phones: every event rate-limited per connection and per address, reads from the cache', () => {
  let server: TestHallServer;
  // The clock stands still: no bucket refills during a test, so every count below is exact.
  const clock = new ManualClock(bj('2026-11-23', '09:10'));

  beforeAll(async () => {
    const config = demoConfig((c) => {
      c.limits = { eventsPerSecond: 5, eventBurst: 10, addressEventsPerSecond: 5, addressEventBurst: 25, connectionsPerAddress: 4 };
    });
    server = await startTestServer({ config, clock });
  });
  afterEach(() => {
    for (const s of opened) s.disconnect();
    opened.clear();
    closeAllSockets();
  });
  afterAll(async () => server.stop());

  it('a phone flooding booking:slots is answered RATE_LIMITED with retryAfterSeconds; other phones, here and at another address, are not', async () => {
    const phone = await phoneFrom(server, '127.0.0.11');
    const acks = await flood(phone, 30, 'booking:slots', { categoryId: 'C' });
    expect(codes(acks).filter((c) => c === 'ok')).toHaveLength(10);
    const refused = acks.filter((a) => !a.ok);
    expect(refused).toHaveLength(20);
    expect(refused[0]).toMatchObject({ ok: false, code: 'RATE_LIMITED', details: { retryAfterSeconds: 1, scope: 'connection' } });
    if (!refused[0]!.ok) {
      expect(refused[0]!.message).toContain('请 1 秒后再试');
      expect(refused[0]!.messageEn).toContain('try again in 1 s');
    }
    const neighbour = await phoneFrom(server, '127.0.0.11');
    expect((await ask(neighbour, 'booking:slots', { categoryId: 'C' })).ok).toBe(true);
    const elsewhere = await phoneFrom(server, '127.0.0.12');
    expect((await ask(elsewhere, 'booking:slots', { categoryId: 'C' })).ok).toBe(true);
  });

  it('a phone that goes on flooding after being refused is disconnected; its address can connect again', async () => {
    const phone = await phoneFrom(server, '127.0.0.13');
    const closed = new Promise<string>((resolve) => phone.once('disconnect', (reason) => resolve(reason)));
    // Burst 10: the first 10 pass, the next 40 (four bursts) are refused, then the connection is closed.
    for (let i = 0; i < 60; i++) phone.emit('booking:slots', { categoryId: 'C' }, () => {});
    expect(await closed).toBe('io server disconnect');
    const again = await phoneFrom(server, '127.0.0.13');
    expect((await ask(again, 'booking:slots', { categoryId: 'C' })).ok).toBe(true);
  });

  it('phones sharing one address share its allowance; another address is unaffected', async () => {
    const phones = await Promise.all([1, 2, 3, 4].map(() => phoneFrom(server, '127.0.0.21')));
    const acks = (await Promise.all(phones.map((p) => flood(p, 8, 'booking:slots', { categoryId: 'A' })))).flat();
    expect(codes(acks).filter((c) => c === 'ok')).toHaveLength(25);
    expect(acks.filter((a) => !a.ok)).toEqual(Array(7).fill(expect.objectContaining({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1, scope: 'address' } })));
    const other = await phoneFrom(server, '127.0.0.22');
    expect((await ask(other, 'booking:slots', { categoryId: 'A' })).ok).toBe(true);
  });

  it('the limit comes before any other work: size checks, parsing, snapshots', async () => {
    const phone = await phoneFrom(server, '127.0.0.31');
    const bad = await flood(phone, 12, 'booking:slots', { categoryId: 7 });
    expect(codes(bad)).toEqual([...Array(10).fill('INVALID_PAYLOAD'), 'RATE_LIMITED', 'RATE_LIMITED']);
    const other = await phoneFrom(server, '127.0.0.32');
    const snaps = await flood(other, 12, 'hall:snapshot', {});
    expect(codes(snaps)).toEqual([...Array(10).fill('ok'), 'RATE_LIMITED', 'RATE_LIMITED']);
    const third = await phoneFrom(server, '127.0.0.33');
    const watches = await flood(third, 11, 'ticket:watch', { token: 'no-such-token-xxxxxxxxxxxx' });
    expect(codes(watches)).toEqual([...Array(10).fill('NO_SUCH_TICKET'), 'RATE_LIMITED']);
    const fourth = await phoneFrom(server, '127.0.0.34');
    const gets = await flood(fourth, 11, 'booking:get', { token: 'no-such-token-xxxxxxxxxxxx' });
    expect(codes(gets)).toEqual([...Array(10).fill('NO_SUCH_BOOKING'), 'RATE_LIMITED']);
  });

  it('counts connections per address in the handshake', async () => {
    const four = await Promise.all([1, 2, 3, 4].map(() => phoneFrom(server, '127.0.0.41')));
    const err = await phoneFrom(server, '127.0.0.41').then(
      () => null,
      (e: Error & { data?: { code: string; message: string; messageEn: string } }) => e,
    );
    expect(err?.data).toMatchObject({ code: 'TOO_MANY_CONNECTIONS' });
    expect((await phoneFrom(server, '127.0.0.42')).connected).toBe(true);
    four[0]!.disconnect();
    // The server hears the close a moment later; then there is room again.
    const deadline = Date.now() + 3000;
    for (;;) {
      const ok = await phoneFrom(server, '127.0.0.41').then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error('no room after a disconnect');
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  it('booking:slots answers from the cache exactly what daySlots computes, across a booking', async () => {
    const service = server.halls.get(HALL)!.service;
    const phone = await phoneFrom(server, '127.0.0.51');
    const fresh = () => JSON.parse(JSON.stringify(daySlots(service.state, service.rules, 'D', clock.now()))) as DaySlotsView[];
    expect(await must<DaySlotsView[]>(phone, 'booking:slots', { categoryId: 'D' })).toEqual(fresh());
    await must(phone, 'booking:make', { requestId: rid(), categoryId: 'D', slotStart: bj('2026-11-23', '10:00'), name: '张三丰', mobile: '13800138000', idNumber: '11010519491231002X' });
    const after = await must<DaySlotsView[]>(phone, 'booking:slots', { categoryId: 'D' });
    expect(after).toEqual(fresh());
    expect(after[0]!.slots.find((s) => s.label === '10:00')!.free).toBe(1);
  });
});

describe('logins: limited per address before the password is hashed', () => {
  let server: TestHallServer;
  const clock = new ManualClock(bj('2026-11-23', '09:10'));
  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(async () => server.stop());

  function post(body: object, localAddress?: string): Promise<{ status: number; retryAfter: string | undefined; body: Record<string, unknown> }> {
    const text = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(`${server.url}/api/halls/${HALL}/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }, localAddress }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'], body: JSON.parse(data) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end(text);
    });
  }

  it('a flood of unknown usernames from one address costs 30 password checks, not 64; another address logs in', async () => {
    const before = passwordChecks.started;
    const answers = await Promise.all(Array.from({ length: 64 }, (_, i) => post({ username: `nobody${i}`, password: 'guess-guess' }, '127.0.0.61')));
    expect(passwordChecks.started - before).toBe(30);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(30);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(34);
    expect(limited[0]!.body).toMatchObject({ ok: false, code: 'RATE_LIMITED', details: { retryAfterSeconds: 6 } });
    expect(limited[0]!.retryAfter).toBe('6');

    const checks = passwordChecks.started;
    expect((await post({ username: 'staff01', password: 'demo1234' }, '127.0.0.61')).status).toBe(429);
    expect(passwordChecks.started).toBe(checks);
    const real = await post({ username: 'staff01', password: 'demo1234' }, '127.0.0.62');
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ ok: true, data: { username: 'staff01' } });
  });

  it('the lockout per account and address answers 429 TOO_MANY_ATTEMPTS with retryAfterSeconds', async () => {
    for (let i = 0; i < 5; i++) expect((await post({ username: 'staff02', password: 'wrong' }, '127.0.0.63')).status).toBe(401);
    const locked = await post({ username: 'staff02', password: 'demo1234' }, '127.0.0.63');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 60 } });
    expect(locked.retryAfter).toBe('60');
  });
});

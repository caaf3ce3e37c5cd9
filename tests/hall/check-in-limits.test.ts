import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, AlertView, BookingView, CheckInView } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain';
import { startHallServer } from '../../src-main/hall/server';
import { ManualClock } from '../support/clock';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectSocket, connectStaff, demoConfig, must, rid, tempDir } from '../support/hall-fixture';

/** A phone: anonymous, from the hall's own page (its Origin), as a browser would connect. */
const connectPhone = (url: string) => connectSocket(url, { hallId: 'demo-county', role: 'mobile' });

const bj = (day: string, clock: string) => zonedEpoch(day, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)), 'Asia/Shanghai');
const CITIZENS = [
  { name: '张三丰', idNumber: '11010519491231002X', categoryId: 'C' },
  { name: '李四', idNumber: '110101199003074514', categoryId: 'A' },
  { name: '赵六', idNumber: '310115198506151236', categoryId: 'E' },
];

describe('booking codes cannot be guessed from a kiosk (real server, port 0)', () => {
  const clock = new ManualClock(bj('2026-11-23', '09:00'));
  const tmp = tempDir();
  let server: TestHallServer;
  const bookings: BookingView[] = [];
  const alerts: AlertView[] = [];
  let phone: TestSocket;

  beforeAll(async () => {
    const s = await startHallServer({ configs: [demoConfig()], dbFile: `${tmp.dir}/hall.sqlite`, port: 0, host: '127.0.0.1', clock, tickMs: 40 });
    server = { ...s, hallId: 'demo-county', dbFile: `${tmp.dir}/hall.sqlite`, stop: s.close };
    phone = await connectPhone(server.url);
    for (const c of CITIZENS) {
      bookings.push(await must<BookingView>(phone, 'booking:make', { requestId: rid(), categoryId: c.categoryId, slotStart: bj('2026-11-23', '10:00'), name: c.name, mobile: '13800138000', idNumber: c.idNumber }));
    }
    const supervisor = await connectStaff(server, 'jiandu', 'demo-super');
    supervisor.on('alert:changed', (a: AlertView) => alerts.push(a));
    clock.t = bj('2026-11-23', '09:45'); // check-in is open from 09:30
  });
  afterAll(async () => {
    closeAllSockets();
    await server.stop();
    tmp.cleanup();
  });

  it('10,000 guesses end in a lock and a red alert; no booking is checked in by guessing', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const real = new Set(bookings.map((b) => b.code));
    const guesses = Array.from({ length: 10_000 }, (_, i) => String(100_000 + i)).filter((g) => !real.has(g));
    // The real codes are among the guesses, late enough that a limit must have stopped the script by then.
    guesses.splice(2000, 0, bookings[0]!.code);
    guesses.splice(5000, 0, bookings[1]!.code);
    guesses.splice(9000, 0, bookings[2]!.code);
    const started = Date.now();
    const answers: Array<Ack<CheckInView>> = [];
    for (let i = 0; i < guesses.length; i += 1000) {
      answers.push(...(await Promise.all(guesses.slice(i, i + 1000).map((code) => ask<CheckInView>(kiosk, 'booking:checkIn', { requestId: rid(), code }, 20_000)))));
    }
    const byCode = new Map<string, number>();
    for (const a of answers) byCode.set(a.ok ? 'OK' : a.code, (byCode.get(a.ok ? 'OK' : a.code) ?? 0) + 1);
    expect(answers.length).toBeGreaterThanOrEqual(10_000);
    expect(byCode.get('OK')).toBeUndefined();
    expect(byCode.get('NO_SUCH_BOOKING')).toBe(5);
    expect(byCode.get('RATE_LIMITED')).toBe(answers.length - 5);
    const limited = answers.find((a) => !a.ok && a.code === 'RATE_LIMITED');
    expect(limited).toMatchObject({ ok: false, details: { scope: 'device' } });
    const retry = !limited!.ok ? Number(limited!.details?.retryAfterSeconds) : 0;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(Date.now() - started).toBeLessThan(20_000);

    for (const b of bookings) expect(await must<BookingView>(phone, 'booking:get', { token: b.token })).toMatchObject({ state: 'booked', ticketNumber: null });
    const until = Date.now() + 3000;
    while (!alerts.some((a) => a.key.startsWith('check-in:')) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const alert = alerts.find((a) => a.key.startsWith('check-in:'));
    expect(alert).toMatchObject({ kind: 'device', level: 'red', subject: 'kiosk-1', clearedAt: null });
    expect(alert!.message).toContain('一楼自助取号机1');
    // The alert names no code.
    for (const b of bookings) expect(JSON.stringify(alert)).not.toContain(b.code);
  });

  it('a citizen at another kiosk who types one wrong code and then the right one is checked in', async () => {
    const kiosk = await connectDevice(server, 'kiosk-2', 'demo-kiosk-2');
    const wrong = await ask(kiosk, 'booking:checkIn', { requestId: rid(), code: bookings[0]!.code === '999999' ? '999998' : '999999' });
    expect(wrong).toMatchObject({ ok: false, code: 'NO_SUCH_BOOKING' });
    const ok = await must<CheckInView>(kiosk, 'booking:checkIn', { requestId: rid(), code: bookings[0]!.code });
    expect(ok).toMatchObject({ late: false, ticket: { source: 'appointment' } });
  });

  it('the locked kiosk takes codes again after its minute, and the alert clears', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    expect(await ask(kiosk, 'booking:checkIn', { requestId: rid(), code: bookings[1]!.code })).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    clock.t = bj('2026-11-23', '09:47');
    const ok = await must<CheckInView>(kiosk, 'booking:checkIn', { requestId: rid(), code: bookings[1]!.code });
    expect(ok.ticket.source).toBe('appointment');
    const until = Date.now() + 3000;
    while (!alerts.some((a) => a.key.startsWith('check-in:') && a.clearedAt !== null) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(alerts.find((a) => a.key.startsWith('check-in:') && a.clearedAt !== null)).toBeDefined();
  });
});

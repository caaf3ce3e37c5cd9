import Database from 'better-sqlite3';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashIdNumber } from '../../src-main/app/identity';
import type { BookingView, CallResult, CheckInView, DaySlotsView, IssuedTicketView } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain';
import { signBody } from '../../src-main/hall/notify/webhook-notifier';
import { startHallServer } from '../../src-main/hall/server';
import { ManualClock } from '../support/clock';
import type { TestHallServer } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectSocket, connectStaff, demoConfig, giveTestKey, must, rid, tempDir, TEST_ID_HASH_KEY } from '../support/hall-fixture';

const bj = (day: string, clock: string) => zonedEpoch(day, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)), 'Asia/Shanghai');
const ID_NUMBER = '11010519491231002X'; // valid GB 11643 check digit
const OTHER_ID = '110101199003074514';
const SECRET = 'webhook-secret-for-tests';

async function webhookReceiver() {
  const got: Array<{ kind: string; id: string; body: string; signature: string; mobile: string | null }> = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const c of req) body += c;
    const n = JSON.parse(body) as { kind: string; id: string; mobile: string | null };
    got.push({ kind: n.kind, id: n.id, body, signature: String(req.headers['x-hall-signature']), mobile: n.mobile });
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`, got, close: () => new Promise((r) => server.close(r)) };
}

describe('appointments, remote numbers and check-in over the real server', () => {
  const clock = new ManualClock(bj('2026-11-23', '09:00'));
  const tmp = tempDir();
  let server: TestHallServer;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    hook = await webhookReceiver();
    const config = demoConfig((c) => {
      c.booking = { quotaPerSlot: 1, reminderMinutes: 20 };
      c.notifications = { webhook: { url: hook.url, secret: SECRET }, turnNearAhead: 1 };
      c.limits = { perAddressPerHour: 12, perIdPerDay: 5 };
    });
    giveTestKey(config, `${tmp.dir}/hall.sqlite`);
    const s = await startHallServer({ configs: [config], dbFile: `${tmp.dir}/hall.sqlite`, port: 0, host: '127.0.0.1', clock, tickMs: 40 });
    server = { ...s, hallId: 'demo-county', dbFile: `${tmp.dir}/hall.sqlite`, stop: s.close };
  });
  afterAll(async () => {
    closeAllSockets();
    await server.stop();
    await hook.close();
    tmp.cleanup();
  });

  const phone = () => connectSocket(server.url, { hallId: 'demo-county', role: 'mobile' });
  const until = async (fn: () => boolean, ms = 3000) => {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  let booking: BookingView;

  it('lists free slots and books one; the ID number is checked and kept only masked and hashed', async () => {
    const p = await phone();
    const days = await must<DaySlotsView[]>(p, 'booking:slots', { categoryId: 'C' });
    expect(days[0]!.day).toBe('2026-11-23');
    expect(days[0]!.slots[0]).toMatchObject({ start: bj('2026-11-23', '09:30'), label: '09:30', free: 1 });
    expect(days).toHaveLength(8);

    const bad = await ask(p, 'booking:make', { requestId: rid(), categoryId: 'C', slotStart: bj('2026-11-23', '10:00'), name: '张三', mobile: '13800138000', idNumber: '110105194912310021' });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_ID_NUMBER', details: { problem: 'check-digit' } });

    const make = { requestId: rid(), categoryId: 'C', matterId: 'C02', slotStart: bj('2026-11-23', '10:00'), name: '张三丰', mobile: '13800138000', idNumber: ID_NUMBER };
    booking = await must<BookingView>(p, 'booking:make', make);
    // A retry (same request id, same ID number) gets the same booking back, from another connection too.
    expect(await must<BookingView>(await phone(), 'booking:make', make)).toMatchObject({ code: booking.code, token: booking.token });
    expect(booking).toMatchObject({ state: 'booked', categoryName: '社保医保', matterName: '社会保障卡申领', day: '2026-11-23', slotLabel: '10:00–10:30', maskedName: '张*丰', maskedId: '1****************X', maskedMobile: '138****8000' });
    expect(booking.code).toMatch(/^\d{6}$/);
    expect(booking.pageUrl).toBe(`${server.url}/b/${booking.token}?hall=demo-county`);

    const db = new Database(server.dbFile, { readonly: true });
    const row = db.prepare('SELECT * FROM bookings').get() as Record<string, unknown>;
    expect(row).toMatchObject({ masked_id: '1****************X', id_hash: hashIdNumber(ID_NUMBER, TEST_ID_HASH_KEY) });
    // In the log the citizen is their booking (a random id), not something cut from their ID hash.
    const actors = db.prepare(`SELECT actor_id FROM event_log WHERE actor_kind = 'citizen'`).pluck().all() as string[];
    expect(actors).toEqual([row.id]);
    expect(String(row.id_hash)).not.toContain(actors[0]!);
    db.close();
  });

  it('a full slot is refused with the next free ones; one booking per ID per category per day', async () => {
    const p = await phone();
    const full = await ask(p, 'booking:make', { requestId: rid(), categoryId: 'C', slotStart: bj('2026-11-23', '10:00'), name: '李四', mobile: '13900139000', idNumber: OTHER_ID });
    expect(full).toMatchObject({ ok: false, code: 'SLOT_FULL' });
    if (!full.ok) expect(full.suggestions?.map((s) => s.label)).toEqual(['09:30', '10:30', '11:00']);
    const twice = await ask(p, 'booking:make', { requestId: rid(), categoryId: 'C', slotStart: bj('2026-11-23', '11:00'), name: '张三丰', mobile: '13800138000', idNumber: ID_NUMBER });
    expect(twice).toMatchObject({ ok: false, code: 'ALREADY_BOOKED' });
  });

  it('the owner reads, reschedules and cancels by the booking token only', async () => {
    const p = await phone();
    const other = await must<BookingView>(p, 'booking:make', { requestId: rid(), categoryId: 'E', slotStart: bj('2026-11-24', '09:00'), name: '李四', mobile: '13900139000', idNumber: OTHER_ID });
    expect(await must<BookingView>(p, 'booking:get', { token: other.token })).toMatchObject({ code: other.code, state: 'booked' });
    const moved = await must<BookingView>(p, 'booking:reschedule', { requestId: rid(), token: other.token, slotStart: bj('2026-11-24', '14:00') });
    expect(moved).toMatchObject({ day: '2026-11-24', slotLabel: '14:00–14:30' });
    const cancelled = await must<BookingView>(p, 'booking:cancel', { requestId: rid(), token: other.token });
    expect(cancelled.state).toBe('cancelled');
    expect(await ask(p, 'booking:get', { token: 'x'.repeat(24) })).toMatchObject({ ok: false, code: 'NO_SUCH_BOOKING' });
  });

  it('checks in at the kiosk by code from 30 minutes before the slot; the ticket ranks first once the slot begins', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const early = await ask(kiosk, 'booking:checkIn', { requestId: rid(), code: booking.code });
    expect(early).toMatchObject({ ok: false, code: 'CHECK_IN_TOO_EARLY', details: { from: '09:30' } });
    clock.t = bj('2026-11-23', '09:41'); // the reminder (20 minutes before) goes out on the next tick
    await until(() => hook.got.some((g) => g.kind === 'reminder'));
    clock.t = bj('2026-11-23', '09:45');
    await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'C' }); // C001, arrived before
    const checkedIn = await must<CheckInView>(kiosk, 'booking:checkIn', { requestId: rid(), code: booking.code });
    expect(checkedIn).toMatchObject({ late: false, slotLabel: '10:00–10:30', ticket: { number: 'C002', source: 'appointment', citizen: { maskedName: '张*丰' } } });
    const p = await phone();
    expect(await must<BookingView>(p, 'booking:get', { token: booking.token })).toMatchObject({ state: 'checked-in', ticketNumber: 'C002', ticketToken: checkedIn.token });

    clock.t = bj('2026-11-23', '10:00');
    const staff = await connectStaff(server, 'staff06');
    await must(staff, 'window:open', { requestId: rid(), windowId: 6 });
    const called = await must<CallResult>(staff, 'queue:callNext', { requestId: rid() });
    expect(called.ticket.number).toBe('C002');
    await must(staff, 'ticket:finish', { requestId: rid() });
  });

  it('takes a number from the phone within the remote share, and watches it to the call', async () => {
    const p = await phone();
    const issued = await must<IssuedTicketView>(p, 'ticket:remote', { requestId: rid(), categoryId: 'C', name: '王五', mobile: '13700137000', idNumber: '440305199001012718' });
    expect(issued.ticket).toMatchObject({ number: 'C003', source: 'remote', citizen: { maskedName: '王*' } });
    expect(issued.liveUrl).toBe(`${server.url}/t/${issued.token}?hall=demo-county`);
    const staff = await connectStaff(server, 'staff06');
    expect((await must<CallResult>(staff, 'queue:callNext', { requestId: rid() })).ticket.number).toBe('C001');
    await must(staff, 'ticket:finish', { requestId: rid(), matterId: 'C01' });
    expect((await must<CallResult>(staff, 'queue:callNext', { requestId: rid() })).ticket.number).toBe('C003');
    await must(staff, 'ticket:noShow', { requestId: rid() });
  });

  it('sends signed notices in order: booked, reminder, turn near, called, missed', async () => {
    await until(() => hook.got.some((g) => g.kind === 'missed'));
    for (const g of hook.got) expect(g.signature).toBe(signBody(g.body, SECRET));
    const booked = hook.got.filter((g) => g.mobile === '13800138000').map((g) => g.kind);
    expect(booked).toEqual(['booked', 'reminder', 'turn-near', 'called']);
    const remote = hook.got.filter((g) => g.mobile === '13700137000').map((g) => g.kind);
    expect(remote).toEqual(['turn-near', 'called', 'missed']);
    expect(new Set(hook.got.map((g) => g.id)).size).toBe(hook.got.length);
  });

  it('a booking never checked in becomes a no-show (a strike) when its slot ends', async () => {
    const p = await phone();
    const b = await must<BookingView>(p, 'booking:make', { requestId: rid(), categoryId: 'A', slotStart: bj('2026-11-23', '11:00'), name: '赵六', mobile: '13600136000', idNumber: '310115198506151236' });
    clock.t = bj('2026-11-23', '11:31');
    await until(() => {
      const db = new Database(server.dbFile, { readonly: true });
      const state = db.prepare('SELECT state FROM bookings WHERE code = ?').pluck().get(b.code);
      db.close();
      return state === 'no-show';
    });
  });

  it('rate-limits bookings and remote numbers per client address', async () => {
    const p = await phone();
    let code = '';
    for (let i = 0; i < 15 && code !== 'RATE_LIMITED'; i++) {
      const a = await ask(p, 'ticket:remote', { requestId: rid(), categoryId: 'E', name: '钱七', mobile: '13500135000', idNumber: i % 2 ? ID_NUMBER : OTHER_ID });
      if (!a.ok) code = a.code;
    }
    expect(code).toBe('RATE_LIMITED');
  });

  it('the full ID numbers are nowhere in the database', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = Buffer.concat([readFileSync(server.dbFile), readFileSync(`${server.dbFile}-wal`)]);
    for (const id of [ID_NUMBER, OTHER_ID, '440305199001012718']) expect(bytes.includes(Buffer.from(id))).toBe(false);
  });
});

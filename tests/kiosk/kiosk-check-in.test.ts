import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BookingView, CheckInInput, CheckInView, DaySlotsView, IssuedTicketView, KioskCheckedIn } from '../../src-main/contracts';
import { KioskService } from '../../src-main/kiosk/kiosk-service';
import { createKioskLogger } from '../../src-main/kiosk/logger';
import { scanQr } from '../hardware/helpers/qr';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { ask, closeAllSockets, connectSocket, demoConfig, must, rid, startTestServer } from '../support/hall-fixture';
import { FakeLink, FakePrinter, issued } from './fakes';
import type { KioskRig } from './kiosk-rig';
import { startKioskRig } from './kiosk-rig';

// 签到 through the kiosk service: the page's checkIn verb by code, by the ID card on the reader, and for a
// remote number; the booking's ticket is printed like any other.

const ELDER_ID_NUMBER = '110101195105120018'; // the simulator's elder-75 card
const OTHER_ID = '110101199003074514';

function checkedIn(ack: Awaited<ReturnType<KioskService['checkIn']>>): KioskCheckedIn {
  if (!ack.ok) throw new Error(`checkIn refused: ${ack.code} ${ack.messageEn}`);
  return ack.data;
}

describe('check-in with a fake hall', () => {
  const services: KioskService[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.stop();
  });
  const kiosk = (link: FakeLink, printer: FakePrinter | null = new FakePrinter()) => {
    const service = new KioskService({ link: link.asLink(), printer, now: () => 1_000_000, log: createKioskLogger('silent'), printerCheckMs: 60_000 });
    services.push(service);
    return service;
  };
  const checkInView = (late: boolean): CheckInView => {
    const base = issued('A004', { source: late ? 'kiosk' : 'appointment', citizen: { maskedName: '张*丰', maskedId: '110105********002X' } });
    return { ...base, late, slotLabel: '10:00–10:30' };
  };

  it('prints the booking ticket marked with its slot, and retries an unanswered press under the same id', async () => {
    let calls = 0;
    const link = new FakeLink().answer('booking:checkIn', () =>
      ++calls === 1 ? { ok: false, code: 'HALL_NO_ANSWER', message: '未响应', messageEn: 'no answer' } : { ok: true, data: checkInView(false) },
    );
    const printer = new FakePrinter();
    const service = kiosk(link, printer);
    expect(await service.checkIn({ code: '123456' })).toMatchObject({ ok: false, code: 'HALL_NO_ANSWER' });
    const result = checkedIn(await service.checkIn({ code: '123456' }));
    expect(result).toMatchObject({ kind: 'booking', late: false, slotLabel: '10:00–10:30', ticket: { number: 'A004', maskedName: '张*丰', print: { state: 'printed' } } });
    const sent = link.of('booking:checkIn') as CheckInInput[];
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({ requestId: sent[1]!.requestId, code: '123456' });
    expect(printer.printed[0]).toMatchObject({ number: 'A004', priorityLabel: '预约10:00' });
  });

  it('a late check-in is an ordinary ticket: no slot mark on the slip', async () => {
    const printer = new FakePrinter();
    const link = new FakeLink().answer('booking:checkIn', () => ({ ok: true, data: checkInView(true) }));
    expect(checkedIn(await kiosk(link, printer).checkIn({ code: '654321' }))).toMatchObject({ kind: 'booking', late: true });
    expect(printer.printed[0]!.priorityLabel).toBeUndefined();
  });

  it('passes the hall refusal through with its details (the time check-in opens)', async () => {
    const printer = new FakePrinter();
    const link = new FakeLink().answer('booking:checkIn', () => ({ ok: false, code: 'CHECK_IN_TOO_EARLY', message: '还未到签到时间', messageEn: 'Too early to check in', details: { from: '09:30' } }));
    expect(await kiosk(link, printer).checkIn({ code: '123456' })).toEqual({ ok: false, code: 'CHECK_IN_TOO_EARLY', message: '还未到签到时间', messageEn: 'Too early to check in', details: { from: '09:30' } });
    expect(printer.printed).toHaveLength(0);
  });

  it('refuses the card without a reader, bad payloads, and anything while the hall is away', async () => {
    const link = new FakeLink();
    const service = kiosk(link);
    expect(await service.checkIn({ useCard: true })).toMatchObject({ ok: false, code: 'NO_READER' });
    expect(await service.checkIn({ code: '12345' } as never)).toMatchObject({ ok: false, code: 'INVALID_KIOSK_CALL', messageEn: expect.stringContaining('six-digit') });
    link.goOffline();
    expect(await service.checkIn({ code: '123456' })).toMatchObject({ ok: false, code: 'HALL_UNREACHABLE' });
    expect(link.of('booking:checkIn')).toHaveLength(0);
  });
});

describe('check-in through the real hall and the simulated reader and printer', () => {
  let server: TestHallServer;
  let rig: KioskRig;
  let phone: TestSocket;
  // Monday 09:05 in the hall: the 09:30 slot's check-in is open, the 10:30 slot's is not yet.
  const clock = new ManualClock(MONDAY_9AM_BEIJING + 5 * 60_000);

  beforeAll(async () => {
    // Remote numbers wait for a check-in in this hall; the demo hall is open around the clock.
    server = await startTestServer({ clock, config: demoConfig((c) => void (c.booking = { ...c.booking, remoteNeedsCheckIn: true })) });
    rig = await startKioskRig(server.url);
    expect(await rig.link.ready(5000)).toBe(true);
    phone = await connectSocket(server.url, { hallId: 'demo-county', role: 'mobile' });
  });
  afterAll(async () => {
    closeAllSockets();
    await rig?.stop();
    await server?.stop();
  });

  /** Today's next slot (09:30) starts within 30 minutes, so its check-in is open. */
  async function bookNextSlot(categoryId: string, idNumber: string, name: string): Promise<BookingView> {
    const days = await must<DaySlotsView[]>(phone, 'booking:slots', { categoryId });
    const slot = days[0]!.slots[0]!;
    expect(slot.label).toBe('09:30');
    return must<BookingView>(phone, 'booking:make', { requestId: rid(), categoryId, slotStart: slot.start, name, mobile: '13800138000', idNumber });
  }

  it('by code: the ticket is printed with its slot and the live page QR; the booking shows checked in', async () => {
    const booking = await bookNextSlot('C', OTHER_ID, '李四');
    const result = checkedIn(await rig.service.checkIn({ code: booking.code }));
    if (result.kind !== 'booking') throw new Error('expected a booking ticket');
    expect(result).toMatchObject({ late: false, slotLabel: booking.slotLabel, ticket: { categoryId: 'C', maskedName: '李*', print: { state: 'printed', warning: null } } });
    const slip = rig.devices.printer.lastTicket()!;
    expect(slip.lines).toContain(result.ticket.number);
    expect(slip.lines.join('\n')).toContain(`【预约${booking.slotLabel.slice(0, 5)}】`);
    expect(scanQr(slip.png)).toBe(result.ticket.liveUrl);
    expect(await must<BookingView>(phone, 'booking:get', { token: booking.token })).toMatchObject({ state: 'checked-in', ticketNumber: result.ticket.number });

    // Twice is refused (a code stops working once used); an unknown code says so in both languages.
    expect(await rig.service.checkIn({ code: booking.code })).toMatchObject({ ok: false, code: 'BOOKING_NOT_OPEN' });
    const unknown = booking.code === '999999' ? '999998' : '999999';
    expect(await rig.service.checkIn({ code: unknown })).toMatchObject({ ok: false, code: 'NO_SUCH_BOOKING', message: '没有找到该预约', messageEn: 'No such booking' });
  });

  it('by ID card: the card that booked checks in without a code', async () => {
    const booking = await bookNextSlot('E', ELDER_ID_NUMBER, '张建国');
    const cardIn = rig.nextEvent((e) => e.type === 'card-in');
    rig.devices.idcard.insert('elder-75');
    await cardIn;
    const result = checkedIn(await rig.service.checkIn({ useCard: true }));
    expect(result).toMatchObject({ kind: 'booking', slotLabel: booking.slotLabel, ticket: { categoryId: 'E', maskedName: '张*国' } });
    const cardOut = rig.nextEvent((e) => e.type === 'card-out');
    rig.devices.idcard.remove();
    await cardOut;
    expect(await rig.service.checkIn({ useCard: true })).toMatchObject({ ok: false, code: 'CARD_NOT_PRESENT' });
  });

  it('too early: a later slot today is refused with the time check-in opens', async () => {
    const days = await must<DaySlotsView[]>(phone, 'booking:slots', { categoryId: 'D' });
    const slot = days[0]!.slots.find((s) => s.label === '11:00')!;
    const booking = await must<BookingView>(phone, 'booking:make', { requestId: rid(), categoryId: 'D', slotStart: slot.start, name: '王五', mobile: '13700137000', idNumber: '440305199001012718' });
    const early = await rig.service.checkIn({ code: booking.code });
    expect(early).toMatchObject({ ok: false, code: 'CHECK_IN_TOO_EARLY', details: { from: '10:30' } });
  });

  it('a remote number that needs check-in joins its queue from the kiosk', async () => {
    const remote = await must<IssuedTicketView>(phone, 'ticket:remote', { requestId: rid(), categoryId: 'B', name: '赵六', mobile: '13600136000', idNumber: '310115198506151236' });
    expect(remote.ticket.state).toBe('pending');
    const result = checkedIn(await rig.service.checkIn({ number: remote.ticket.number.toLowerCase() }));
    expect(result).toMatchObject({ kind: 'remote', joined: { number: remote.ticket.number, state: 'waiting', categoryName: '投资建设' } });
    expect(await rig.service.checkIn({ number: remote.ticket.number })).toMatchObject({ ok: false, code: 'TICKET_NOT_PENDING' });
    expect(await ask(phone, 'ticket:watch', { token: remote.token })).toMatchObject({ ok: true, data: { state: 'waiting' } });
  });
});

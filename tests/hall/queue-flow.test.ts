import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, CallView, HallSnapshot, IssuedTicketView, PublicTicketView, QueueUpdate, WindowView } from '../../src-main/contracts';
import type { TestHallServer } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectSocket, connectStaff, must, nextEvent, rid, startTestServer } from '../support/hall-fixture';

describe('a ticket from kiosk to window over real sockets', () => {
  let server: TestHallServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => server.stop());

  it('kiosk issues, staff calls, the hall screen, the window screen and the phone all hear it', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const display = await connectDevice(server, 'hall-screen', 'demo-display');
    const windowScreen = await connectDevice(server, 'window-screen-6', 'demo-window-6');
    const staff = await connectStaff(server, 'staff06');

    const issued = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'C', matterId: 'C02' });
    expect(issued.ticket).toMatchObject({ number: 'C001', state: 'waiting', categoryId: 'C', matterId: 'C02', source: 'kiosk' });
    expect(issued).toMatchObject({ ahead: 0, hallName: '示范县政务服务中心', categoryName: '社保医保', matterName: '社会保障卡申领' });
    expect(issued.liveUrl).toBe(`${server.url}/t/${issued.token}?hall=demo-county`);
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const phone = await connectSocket(server.url, { hallId: server.hallId, role: 'mobile' });
    const watched = await must<PublicTicketView>(phone, 'ticket:watch', { token: issued.token });
    expect(watched).toMatchObject({ number: 'C001', state: 'waiting', ahead: 0, categoryName: '社保医保' });
    expect(JSON.stringify(watched)).not.toMatch(/token|citizen|idHash/);

    const opened = await must<WindowView>(staff, 'window:open', { requestId: rid(), windowId: 6 });
    expect(opened).toMatchObject({ id: 6, status: 'open', staffId: 'staff06', staffName: '杨帆' });

    const heardByDisplay = nextEvent<CallView>(display, 'ticket:called');
    const heardByWindow = nextEvent<CallView>(windowScreen, 'ticket:called');
    const heardByPhone = nextEvent<CallView>(phone, 'ticket:called');
    const phoneStatus = nextEvent<{ seq: number; ticket: PublicTicketView }>(phone, 'ticket:status', (u) => u.ticket.state === 'called');
    const called = await must<CallResult>(staff, 'queue:callNext', { requestId: rid() });
    expect(called.ticket).toMatchObject({ number: 'C001', state: 'called', windowId: 6, callCount: 1 });
    expect(called.window).toMatchObject({ id: 6, currentNumber: 'C001', currentTicketState: 'called' });

    const [d, w, p, status] = await Promise.all([heardByDisplay, heardByWindow, heardByPhone, phoneStatus]);
    for (const call of [d, w, p]) expect(call).toMatchObject({ number: 'C001', windowId: 6, windowName: '社保医保一窗', recall: false, callCount: 1 });
    expect(status.ticket).toMatchObject({ state: 'called', windowId: 6, windowName: '社保医保一窗' });
    expect(d.seq).toBeGreaterThan(0);

    const recall = nextEvent<CallView>(display, 'ticket:called');
    await must(staff, 'ticket:recall', { requestId: rid() });
    expect(await recall).toMatchObject({ number: 'C001', recall: true, callCount: 2 });

    await must(staff, 'ticket:start', { requestId: rid() });
    const finished = await must<CallResult>(staff, 'ticket:finish', { requestId: rid() });
    expect(finished.ticket).toMatchObject({ number: 'C001', state: 'finished', matterHandled: 'C02' });
    expect(finished.window).toMatchObject({ currentNumber: null, servedToday: 1 });
  });

  it('every broadcast carries an increasing hall sequence number, and a snapshot tells where it stands', async () => {
    const display = await connectDevice(server, 'hall-screen', 'demo-display');
    const snap = await must<HallSnapshot>(display, 'hall:snapshot');
    const kiosk = await connectDevice(server, 'kiosk-2', 'demo-kiosk-2');
    // The update that shows the new ticket (a summary of earlier commits may still arrive first).
    const waitingA = snap.queues.find((q) => q.categoryId === 'A')!.waiting;
    const queue = nextEvent<QueueUpdate>(display, 'queue:changed', (u) => u.queues.some((q) => q.categoryId === 'A' && q.waiting > waitingA));
    await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A' });
    const update = await queue;
    expect(update.seq).toBeGreaterThan(snap.seq);
    const after = await must<HallSnapshot>(display, 'hall:snapshot');
    expect(after.seq).toBe(update.seq);
    expect(after.queues.find((q) => q.categoryId === 'A')).toMatchObject({ waiting: waitingA + 1 });
    expect(after).not.toHaveProperty('tickets');
  });

  it('a retried request returns the first result and never issues a second ticket', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const requestId = rid();
    const [a, b] = await Promise.all([
      must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId, categoryId: 'D' }),
      must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId, categoryId: 'D' }),
    ]);
    const c = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId, categoryId: 'D' });
    expect(a.ticket.number).toBe('D001');
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const next = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'D' });
    expect(next.ticket.number).toBe('D002');
    // The same request id from another device is that device's own request.
    const other = await connectDevice(server, 'kiosk-2', 'demo-kiosk-2');
    expect((await must<IssuedTicketView>(other, 'ticket:issue', { requestId, categoryId: 'D' })).ticket.number).toBe('D003');
  });

  it('a counter snapshot holds the ticket at its window with masked citizen data, and says where staff sit', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    await must(kiosk, 'ticket:issue', {
      requestId: rid(),
      categoryId: 'E',
      priorityClass: 'elderly',
      citizen: { maskedName: '张*明', maskedId: '110101********123X', idHash: 'a'.repeat(64) },
    });
    const staff = await connectStaff(server, 'staff11');
    await must(staff, 'window:open', { requestId: rid(), windowId: 11 });
    expect((await must<HallSnapshot>(staff, 'hall:snapshot')).tickets).toEqual([]); // waiting tickets are counted, not listed
    await must(staff, 'queue:callNext', { requestId: rid() });
    const snap = await must<HallSnapshot>(staff, 'hall:snapshot');
    expect(snap.windowId).toBe(11);
    expect(snap.me).toMatchObject({ username: 'staff11', displayName: '徐涛', role: 'staff' });
    const e = snap.tickets!.find((t) => t.number === 'E001')!;
    expect(e).toMatchObject({ priorityClass: 'elderly', citizen: { maskedName: '张*明', maskedId: '110101********123X' } });
    expect(JSON.stringify(snap)).not.toContain('a'.repeat(64));
  });

  it('a phone watching its ticket hears it move up the queue as others are called', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const numbers: IssuedTicketView[] = [];
    for (let i = 0; i < 3; i++) numbers.push(await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'B' }));
    const phone = await connectSocket(server.url, { hallId: server.hallId, role: 'mobile' });
    expect(await must<PublicTicketView>(phone, 'ticket:watch', { token: numbers[2]!.token })).toMatchObject({ ahead: 2, state: 'waiting' });
    const staff = await connectStaff(server, 'staff04');
    await must(staff, 'window:open', { requestId: rid(), windowId: 4 });
    const movedUp = nextEvent<{ ticket: PublicTicketView }>(phone, 'ticket:status', (u) => u.ticket.ahead === 1, 2500);
    await must(staff, 'queue:callNext', { requestId: rid() });
    expect((await movedUp).ticket).toMatchObject({ number: numbers[2]!.ticket.number, ahead: 1 });
    await must(staff, 'ticket:finish', { requestId: rid(), matterId: 'B01' });
    await must(staff, 'window:close', { requestId: rid() });
  });

  it('refusals come back as typed error acks in Chinese and English', async () => {
    const staff = await connectStaff(server, 'staff02');
    const notSignedIn = await ask(staff, 'queue:callNext', { requestId: rid() });
    expect(notSignedIn).toMatchObject({ ok: false, code: 'WINDOW_NOT_SIGNED_IN' });
    await must(staff, 'window:open', { requestId: rid(), windowId: 2 });
    const taken = await ask((await connectStaff(server, 'staff03')), 'window:open', { requestId: rid(), windowId: 2 });
    expect(taken).toMatchObject({ ok: false, code: 'WINDOW_TAKEN', message: expect.stringContaining('其他工作人员'), messageEn: expect.stringContaining('Another staff') });
    await must(staff, 'window:pause', { requestId: rid(), reason: '休息' });
    expect(await ask(staff, 'queue:callNext', { requestId: rid() })).toMatchObject({ ok: false, code: 'WINDOW_PAUSED' });
    await must(staff, 'window:resume', { requestId: rid() });
    await must(staff, 'window:close', { requestId: rid() });
  });
});

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingView, CheckInView, IssuedTicketView } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain';
import { createLogger } from '../../src-main/hall/logger';
import type { RunningHallServer } from '../../src-main/hall/server';
import { startHallServer } from '../../src-main/hall/server';
import { ManualClock } from '../support/clock';
import { closeAllSockets, connectSocket, demoConfig, must, rid, tempDir } from '../support/hall-fixture';

/** A phone: anonymous, from the hall's own page (its Origin), as a browser would connect. */
const connectPhone = (url: string) => connectSocket(url, { hallId: 'demo-county', role: 'mobile' });

const bj = (day: string, clock: string) => zonedEpoch(day, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)), 'Asia/Shanghai');
const MOBILES = ['13800138000', '13912345678', '15098765432'];

describe('no token, booking code or full mobile number in the logs or in the stored request answers', () => {
  const clock = new ManualClock(bj('2026-11-23', '09:40'));
  const tmp = tempDir();
  const dbFile = `${tmp.dir}/hall.sqlite`;
  const lines: string[] = [];
  const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
  let server: RunningHallServer;
  const start = async () => (server = await startHallServer({ configs: [demoConfig()], dbFile, port: 0, host: '127.0.0.1', clock, tickMs: 40, log }));
  const kioskAuth = { hallId: 'demo-county', deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' };

  const secrets: string[] = [];
  const issue = { requestId: rid(), categoryId: 'A' };
  const book = { requestId: rid(), categoryId: 'C', slotStart: bj('2026-11-23', '10:00'), name: '张三丰', mobile: MOBILES[0], idNumber: '11010519491231002X' };
  let first: { ticket: IssuedTicketView; booking: BookingView };

  beforeAll(start);
  afterAll(async () => {
    closeAllSockets();
    await server.close();
    tmp.cleanup();
  });

  it('issues tickets, books, takes a remote number, cancels and checks in through the real server', async () => {
    const kiosk = await connectSocket(server.url, kioskAuth);
    const phone = await connectPhone(server.url);
    const ticket = await must<IssuedTicketView>(kiosk, 'ticket:issue', issue);
    const second = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'B' });
    const booking = await must<BookingView>(phone, 'booking:make', book);
    const other = await must<BookingView>(phone, 'booking:make', { requestId: rid(), categoryId: 'A', slotStart: bj('2026-11-23', '10:00'), name: '李四', mobile: MOBILES[1], idNumber: '110101199003074514' });
    await must<BookingView>(phone, 'booking:cancel', { requestId: rid(), token: other.token });
    const remote = await must<IssuedTicketView>(phone, 'ticket:remote', { requestId: rid(), categoryId: 'E', name: '赵六', mobile: MOBILES[2], idNumber: '310115198506151236' });
    const checkedIn = await must<CheckInView>(kiosk, 'booking:checkIn', { requestId: rid(), code: booking.code });
    const afterCheckIn = await must<BookingView>(phone, 'booking:get', { token: booking.token });
    expect(afterCheckIn.ticketToken).toBe(checkedIn.token);
    first = { ticket, booking };
    secrets.push(ticket.token, second.token, booking.token, booking.code, other.token, other.code, remote.token, checkedIn.token, ...MOBILES);
    expect(new Set(secrets).size).toBe(secrets.length);
    // The tokens do reach their owners.
    expect(ticket.liveUrl).toContain(`/t/${ticket.token}`);
    expect(booking.pageUrl).toContain(`/b/${booking.token}`);
  });

  it('the captured log holds none of them (notices included), yet it did log the work', () => {
    const text = lines.join('');
    expect(text).toContain('"notice"');
    for (const s of secrets) expect(text, `log holds ${s}`).not.toContain(s);
  });

  it('the request_results rows hold none of them', () => {
    const db = new Database(dbFile, { readonly: true });
    try {
      const rows = db.prepare(`SELECT result FROM request_results`).pluck().all() as string[];
      expect(rows.length).toBeGreaterThanOrEqual(7);
      const text = rows.join('\n');
      for (const s of secrets) expect(text, `request_results holds ${s}`).not.toContain(s);
    } finally {
      db.close();
    }
  });

  it('nor do the event log rows (the audit trail): tokens, codes and mobile numbers stay in their ticket and booking rows', () => {
    const db = new Database(dbFile, { readonly: true });
    try {
      const text = (db.prepare(`SELECT data FROM event_log`).pluck().all() as string[]).join('\n');
      expect(text.length).toBeGreaterThan(0);
      for (const s of secrets) expect(text, `event_log holds ${s}`).not.toContain(s);
    } finally {
      db.close();
    }
  });

  it('after a restart, a retried request still gets its token and code back, read from the ticket and booking rows', async () => {
    closeAllSockets();
    await server.close();
    await start();
    const kiosk = await connectSocket(server.url, kioskAuth);
    const phone = await connectPhone(server.url);
    const ticket = await must<IssuedTicketView>(kiosk, 'ticket:issue', issue);
    expect(ticket).toEqual(first.ticket);
    const booking = await must<BookingView>(phone, 'booking:make', book);
    expect(booking).toEqual(first.booking);
  });
});

import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, ErrorAck, HallSnapshot, SessionEndedNotice, WindowView } from '../../src-main/contracts';
import { sessionEndedNotice } from '../../src-main/contracts';
import { startHallServer } from '../../src-main/hall/server';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectSocket, demoConfig, giveTestKey, login, must, nextEvent, rid, tempDir } from '../support/hall-fixture';

// Attacks on sessions that should be over: an old console (or a stolen token) that stays connected after
// its session ended must hear why, and must not call another number. Real socket.io server on port 0, real
// SQLite file, the server's clock moved by hand.

const HOUR = 60 * 60 * 1000;

describe('a session that ends ends its live connections', () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'hall.sqlite');
  const clock = new ManualClock(MONDAY_9AM_BEIJING);
  let server: TestHallServer;
  let admin: TestSocket;

  beforeAll(async () => {
    const config = demoConfig();
    giveTestKey(config, dbFile);
    // A short tick: the sweep for expired sessions runs without anyone sending anything.
    const s = await startHallServer({ configs: [config], dbFile, port: 0, host: '127.0.0.1', clock, tickMs: 40 });
    server = { ...s, hallId: config.id, dbFile, stop: s.close };
    admin = await connectSocket(server.url, { hallId: server.hallId, token: await login(server.url, server.hallId, 'admin', 'demo-admin') });
  });
  afterEach(() => {
    for (const s of opened) s.disconnect();
    opened.length = 0;
  });
  afterAll(async () => {
    closeAllSockets();
    await server.stop();
    tmp.cleanup();
  });

  const opened: TestSocket[] = [];
  const counts = () => ({
    events: server.db.prepare('SELECT COUNT(*) FROM event_log').pluck().get() as number,
    called: server.db.prepare(`SELECT COUNT(*) FROM tickets WHERE state <> 'waiting'`).pluck().get() as number,
  });

  /** A staff console signed in at its window, with a ticket waiting for it. */
  async function consoleAt(username: string, windowId: number, category: string, password = 'demo1234'): Promise<{ socket: TestSocket; token: string }> {
    const token = await login(server.url, server.hallId, username, password);
    const socket = await connectSocket(server.url, { hallId: server.hallId, token });
    opened.push(socket);
    await must<WindowView>(socket, 'window:open', { requestId: rid(), windowId });
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    opened.push(kiosk);
    await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: category });
    return { socket, token };
  }

  /** The notice arrives, every later event is refused SESSION_ENDED, nothing is called, and the connection closes. */
  async function expectEnded(socket: TestSocket, noticed: Promise<SessionEndedNotice>, reason: SessionEndedNotice['reason']): Promise<void> {
    const notice = await noticed;
    expect(sessionEndedNotice.parse(notice)).toMatchObject({ code: 'SESSION_ENDED', reason });
    expect(notice.message).toMatch(/[\u4e00-\u9fff]/);
    expect(notice.messageEn).toMatch(/[a-z]/);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const before = counts();
    const refused = (await ask(socket, 'queue:callNext', { requestId: rid() })) as ErrorAck;
    expect(refused).toMatchObject({ ok: false, code: 'SESSION_ENDED', details: { reason } });
    expect(((await ask(socket, 'hall:snapshot')) as ErrorAck).code).toBe('SESSION_ENDED');
    expect(counts()).toEqual(before);
    expect(await closed).toBe('io server disconnect');
  }

  it('logout: the console connected with that token (and a second connection with it) hear SESSION_ENDED and call nothing', async () => {
    const { socket, token } = await consoleAt('staff01', 1, 'A');
    const stolen = await connectSocket(server.url, { hallId: server.hallId, token });
    opened.push(stolen);
    // Another login of the same account is another session: a logout does not end it.
    const other = await connectSocket(server.url, { hallId: server.hallId, token: await login(server.url, server.hallId, 'staff01', 'demo1234') });
    opened.push(other);
    const noticed = nextEvent<SessionEndedNotice>(socket, 'session:ended');
    const stolenNoticed = nextEvent<SessionEndedNotice>(stolen, 'session:ended');
    const res = await fetch(`${server.url}/api/halls/${server.hallId}/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    await Promise.all([expectEnded(socket, noticed, 'logout'), expectEnded(stolen, stolenNoticed, 'logout')]);
    expect((await must<HallSnapshot>(other, 'hall:snapshot')).me).toMatchObject({ username: 'staff01' });
    const again = await connectSocket(server.url, { hallId: server.hallId, token }).then(
      () => null,
      (e: Error & { data?: { code: string } }) => e.data?.code,
    );
    expect(again).toBe('SESSION_INVALID');
  });

  it('password reset: every session of the account ends, live connections first', async () => {
    const { socket, token } = await consoleAt('staff02', 2, 'A');
    const noticed = nextEvent<SessionEndedNotice>(socket, 'session:ended');
    await must(admin, 'account:resetPassword', { requestId: rid(), username: 'staff02', password: 'new-pass-02' });
    await expectEnded(socket, noticed, 'password-reset');
    await expect(connectSocket(server.url, { hallId: server.hallId, token })).rejects.toThrow(/SESSION_INVALID|Session/);
  });

  it('role change: the staff console ends (the account must log in again for its new role)', async () => {
    const { socket, token } = await consoleAt('staff03', 3, 'A');
    const noticed = nextEvent<SessionEndedNotice>(socket, 'session:ended');
    await must(admin, 'account:update', { requestId: rid(), username: 'staff03', role: 'supervisor' });
    await expectEnded(socket, noticed, 'role-changed');
    await expect(connectSocket(server.url, { hallId: server.hallId, token })).rejects.toThrow(/SESSION_INVALID|Session/);
    await must(admin, 'account:update', { requestId: rid(), username: 'staff03', role: 'staff' });
  });

  it('account disabled: its console ends; enabling it again does not bring the old session back', async () => {
    const { socket, token } = await consoleAt('staff04', 4, 'A');
    const noticed = nextEvent<SessionEndedNotice>(socket, 'session:ended');
    await must(admin, 'account:update', { requestId: rid(), username: 'staff04', disabled: true });
    await expectEnded(socket, noticed, 'account-disabled');
    await must(admin, 'account:update', { requestId: rid(), username: 'staff04', disabled: false });
    await expect(connectSocket(server.url, { hallId: server.hallId, token })).rejects.toThrow(/SESSION_INVALID|Session/);
  });

  it('expiry, at the next event: after 12 hours the console is refused and told why', async () => {
    const { socket } = await consoleAt('staff05', 5, 'C');
    const noticed = nextEvent<SessionEndedNotice>(socket, 'session:ended');
    // Still valid a millisecond before the end.
    clock.advance(12 * HOUR - 1);
    const ok = await ask<CallResult>(socket, 'hall:snapshot');
    expect(ok.ok).toBe(true);
    // The tick may get there first: either way the notice comes and the next event is refused.
    clock.advance(1);
    await expectEnded(socket, noticed, 'expired');
  });

  it('expiry, at the tick: an idle console is ended without sending anything; a supervisor page too', async () => {
    const { socket } = await consoleAt('staff06', 6, 'C');
    const supervisor = await connectSocket(server.url, { hallId: server.hallId, token: await login(server.url, server.hallId, 'jiandu', 'demo-super') });
    opened.push(supervisor);
    const noticed = nextEvent<SessionEndedNotice>(socket, 'session:ended');
    const supervisorNoticed = nextEvent<SessionEndedNotice>(supervisor, 'session:ended');
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    clock.advance(12 * HOUR);
    expect(await noticed).toMatchObject({ reason: 'expired' });
    expect(await supervisorNoticed).toMatchObject({ reason: 'expired' });
    expect(await closed).toBe('io server disconnect');
  });
});

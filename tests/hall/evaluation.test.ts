import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { CallResult, EvaluationClosed, EvaluationInvite, HallSnapshot, IssuedTicketView, RatingView, TicketUpdate } from '../../src-main/contracts';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { fieldIssues, hallConfigSchema } from '../../src-main/contracts';
import { ask, closeAllSockets, connectDevice, connectStaff, demoConfig, must, nextEvent, rid, startTestServer, tempDir } from '../support/hall-fixture';
import { MONDAY_9AM_BEIJING, ManualClock } from '../support/clock';
import { SqliteHallStore } from '../../src-main/storage/sqlite';

const MINUTE = 60_000;

interface RatedRow {
  state: string;
  window_id: number;
  staff_id: string;
  rating_level: string;
  rating_reasons: string;
  rating_comment: string | null;
  rated_at: number;
  rated_window_id: number;
  rated_staff_id: string;
}

describe('好差评 settings in the hall config', () => {
  it('defaults to 10 minutes and the usual reasons; bad values are named by their path', () => {
    const defaults = demoConfig((c) => delete c.evaluation);
    expect(defaults.evaluation).toEqual({
      timeoutSeconds: 600,
      acceptHours: 72,
      cases: { answerWorkingDays: 5, warnWorkingDays: 1, teams: [] },
      lowReasons: ['等候时间长', '办事效率低', '服务态度差', '政策解释不清', '材料要求反复'],
    });
    expect(demoConfig((c) => (c.evaluation = { timeoutSeconds: 90 })).evaluation).toMatchObject({ timeoutSeconds: 90 });

    const parsed = hallConfigSchema.safeParse({ ...demoConfig(), evaluation: { timeoutSeconds: 5, lowReasons: ['太慢', '太慢'], extra: 1 } });
    expect(parsed.success).toBe(false);
    const issues = fieldIssues(parsed.error!).map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(['evaluation.timeoutSeconds', 'evaluation.lowReasons', 'evaluation']));
  });
});

describe('差评整改 settings in the hall config', () => {
  it('refuses a warning as long as the deadline, a window in two teams and a rating window out of range, naming each path', () => {
    const parsed = hallConfigSchema.safeParse({
      ...demoConfig(),
      evaluation: {
        timeoutSeconds: 600,
        acceptHours: 0,
        cases: {
          answerWorkingDays: 3,
          warnWorkingDays: 3,
          teams: [
            { id: 'a', name: '甲组', nameEn: 'Team A', windows: [1, 2] },
            { id: 'b', name: '乙组', nameEn: 'Team B', windows: [2] },
          ],
        },
      },
    });
    expect(parsed.success).toBe(false);
    const issues = fieldIssues(parsed.error!);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['evaluation.acceptHours', 'evaluation.cases.warnWorkingDays', 'evaluation.cases.teams[1].windows[0]']));
    expect(issues.find((i) => i.path === 'evaluation.cases.teams[1].windows[0]')!.message).toContain('already in team a');
  });
});

describe('好差评 over real sockets: the window screen rates what its window finished', () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'hall.sqlite');
  const clock = new ManualClock(MONDAY_9AM_BEIJING);
  let server: TestHallServer;
  let staff: TestSocket;
  let kiosk: TestSocket;

  beforeAll(async () => {
    server = await startTestServer({ clock, dbFile });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server.stop();
    tmp.cleanup();
  });

  /** Issues a C ticket at the kiosk, and window 6 calls and finishes it; resolves with the screen's invite. */
  async function serveOneAtWindow6(screen: TestSocket): Promise<{ invite: EvaluationInvite; finished: CallResult }> {
    const issued = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'C', matterId: 'C02' });
    const called = await must<CallResult>(staff, 'queue:callNext', { requestId: rid() });
    expect(called.ticket.number).toBe(issued.ticket.number);
    clock.advance(4 * MINUTE);
    const invited = nextEvent<EvaluationInvite>(screen, 'evaluation:invite');
    const finished = await must<CallResult>(staff, 'ticket:finish', { requestId: rid(), matterId: 'C02' });
    return { invite: await invited, finished };
  }

  it('after 办结 the window screen (and only the window) is invited; a rating is stored against ticket, window and staff', async () => {
    staff = await connectStaff(server, 'staff06');
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    await must(staff, 'window:open', { requestId: rid(), windowId: 6 });
    const screen6 = await connectDevice(server, 'window-screen-6', 'demo-window-6');
    const screen3 = await connectDevice(server, 'window-screen-3', 'demo-window-3');
    const hallScreen = await connectDevice(server, 'hall-screen', 'demo-display');
    let hallScreenInvited = false;
    let screen3Invited = false;
    hallScreen.on('evaluation:invite', () => (hallScreenInvited = true));
    screen3.on('evaluation:invite', () => (screen3Invited = true));
    const consoleInvited = nextEvent<EvaluationInvite>(staff, 'evaluation:invite');

    const { invite, finished } = await serveOneAtWindow6(screen6);
    expect(invite).toEqual({
      seq: expect.any(Number),
      ticketId: finished.ticket.id,
      number: finished.ticket.number,
      windowId: 6,
      staffName: '杨帆',
      finishedAt: clock.now(),
      expiresAt: clock.now() + 10 * MINUTE,
    });
    expect(await consoleInvited).toEqual(invite);

    // Screens that are not window 6's cannot rate it.
    const fromHallScreen = await ask(hallScreen, 'ticket:rate', { requestId: rid(), ticketId: invite.ticketId, level: 'very-dissatisfied' });
    expect(fromHallScreen).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.stringContaining('窗口评价屏'), messageEn: expect.stringContaining('window display') });
    const fromKiosk = await ask(kiosk, 'ticket:rate', { requestId: rid(), ticketId: invite.ticketId, level: 'very-dissatisfied' });
    expect(fromKiosk).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const fromStaff = await ask(staff, 'ticket:rate', { requestId: rid(), ticketId: invite.ticketId, level: 'very-satisfied' });
    expect(fromStaff).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const fromScreen3 = await ask(screen3, 'ticket:rate', { requestId: rid(), ticketId: invite.ticketId, level: 'very-dissatisfied' });
    expect(fromScreen3).toMatchObject({ ok: false, code: 'RATING_WRONG_WINDOW', message: expect.stringContaining('办结该号码的窗口') });

    const bad = await ask(screen6, 'ticket:rate', { requestId: rid(), ticketId: invite.ticketId, level: 'great' });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', issues: [{ path: 'level' }] });

    clock.advance(20_000);
    const closed = nextEvent<EvaluationClosed>(screen6, 'evaluation:closed');
    const staffHears = nextEvent<TicketUpdate>(staff, 'ticket:changed', (u) => u.ticket.id === invite.ticketId);
    const requestId = rid();
    const rated = await must<RatingView>(screen6, 'ticket:rate', { requestId, ticketId: invite.ticketId, level: 'dissatisfied', reasons: ['等候时间长'], comment: '排队太久' });
    expect(rated).toEqual({
      ticketId: invite.ticketId,
      number: invite.number,
      windowId: 6,
      staffId: 'staff06',
      level: 'dissatisfied',
      reasons: ['等候时间长'],
      comment: '排队太久',
      ratedAt: clock.now(),
    });
    expect(await closed).toMatchObject({ ticketId: invite.ticketId, windowId: 6, level: 'dissatisfied' });
    expect((await staffHears).ticket.rating).toEqual({ level: 'dissatisfied', at: clock.now() });
    expect(hallScreenInvited || screen3Invited).toBe(false);

    // A retry of the same request (lost acknowledgement) gets the same answer; a second rating is refused.
    expect(await must(screen6, 'ticket:rate', { requestId, ticketId: invite.ticketId, level: 'dissatisfied', reasons: ['等候时间长'], comment: '排队太久' })).toEqual(rated);
    const twice = await ask(screen6, 'ticket:rate', { requestId: rid(), ticketId: invite.ticketId, level: 'very-satisfied' });
    expect(twice).toMatchObject({ ok: false, code: 'ALREADY_RATED', message: expect.stringContaining('已经评价'), messageEn: expect.stringContaining('already been rated') });

    const row = server.db.prepare(`SELECT * FROM tickets WHERE hall_id = ? AND id = ?`).get(server.hallId, invite.ticketId) as RatedRow;
    expect(row).toMatchObject({
      state: 'finished',
      window_id: 6,
      staff_id: 'staff06',
      rating_level: 'dissatisfied',
      rating_comment: '排队太久',
      rated_at: clock.now(),
      rated_window_id: 6,
      rated_staff_id: 'staff06',
    });
    expect(JSON.parse(row.rating_reasons)).toEqual(['等候时间长']);
    const logged = new SqliteHallStore(server.db).readEvents(server.hallId, 0, 1000).filter((s) => s.event.type === 'ServiceRated');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.actor).toEqual({ kind: 'device', id: 'window-screen-6' });
    expect(logged[0]!.event).toMatchObject({ type: 'ServiceRated', ticketId: invite.ticketId, windowId: 6, staffId: 'staff06', level: 'dissatisfied' });
  });

  it('a reloaded window screen gets the pending invite in its snapshot until the limit, then the rating is refused', async () => {
    staff = await connectStaff(server, 'staff06');
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const screen6 = await connectDevice(server, 'window-screen-6', 'demo-window-6');
    const { invite } = await serveOneAtWindow6(screen6);

    const reloaded = await connectDevice(server, 'window-screen-6', 'demo-window-6');
    const snap = await must<HallSnapshot>(reloaded, 'hall:snapshot');
    expect(snap.windowId).toBe(6);
    expect(snap.evaluation).toEqual({ timeoutSeconds: 600, lowReasons: ['等候时间长', '办事效率低', '服务态度差', '政策解释不清', '材料要求反复'] });
    expect(snap.pendingEvaluation).toMatchObject({ ticketId: invite.ticketId, number: invite.number, expiresAt: invite.expiresAt });

    clock.advance(10 * MINUTE + 1000);
    expect((await must<HallSnapshot>(reloaded, 'hall:snapshot')).pendingEvaluation).toBeNull();
    const late = await ask(reloaded, 'ticket:rate', { requestId: rid(), ticketId: invite.ticketId, level: 'satisfied' });
    expect(late).toMatchObject({ ok: false, code: 'RATING_EXPIRED', message: expect.stringContaining('评价时限') });
  });

  it('ratings survive a restart of the hall server', async () => {
    staff = await connectStaff(server, 'staff06');
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    const screen6 = await connectDevice(server, 'window-screen-6', 'demo-window-6');
    const { invite } = await serveOneAtWindow6(screen6);
    await must(screen6, 'ticket:rate', { requestId: rid(), ticketId: invite.ticketId, level: 'very-satisfied' });
    closeAllSockets();
    await server.stop();

    server = await startTestServer({ clock, dbFile });
    const again = await connectDevice(server, 'window-screen-6', 'demo-window-6');
    const twice = await ask(again, 'ticket:rate', { requestId: rid(), ticketId: invite.ticketId, level: 'basic' });
    expect(twice).toMatchObject({ ok: false, code: 'ALREADY_RATED' });
    expect(server.halls.get(server.hallId)!.service.state.tickets.get(invite.ticketId)!.rating).toMatchObject({ level: 'very-satisfied', windowId: 6, staffId: 'staff06' });
  });

  it('the database itself refuses a rating level outside the five', () => {
    expect(() => server.db.prepare(`UPDATE tickets SET rating_level = 'great' WHERE hall_id = ?`).run(server.hallId)).toThrow(/CHECK/);
  });
});

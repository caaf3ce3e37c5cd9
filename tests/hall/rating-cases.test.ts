import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { AlertView, AuditPageView, BookingView, CallResult, CaseListView, CitizenRatingView, IssuedTicketView, RatingCaseView } from '../../src-main/contracts';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectSocket, connectStaff, must, nextEvent, rid, startTestServer, tempDir } from '../support/hall-fixture';
import { MONDAY_9AM_BEIJING, ManualClock } from '../support/clock';

// The 好差评 closed loop over real sockets and a real SQLite file: a bad rating at the window screen becomes
// a case for the window's team, is handled to the end by staff and a supervisor, survives a restart, and
// raises supervision alerts at its deadlines. Phones rate by their page token, once per ticket.

const MINUTE = 60_000;

describe('差评整改 over real sockets', () => {
  const tmp = tempDir();
  const dbFile = join(tmp.dir, 'hall.sqlite');
  const clock = new ManualClock(MONDAY_9AM_BEIJING);
  let server: TestHallServer;
  let staff06: TestSocket;
  let kiosk: TestSocket;
  let screen6: TestSocket;

  beforeAll(async () => {
    server = await startTestServer({ clock, dbFile });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server.stop();
    tmp.cleanup();
  });

  async function connectWindow6(): Promise<void> {
    staff06 = await connectStaff(server, 'staff06');
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    screen6 = await connectDevice(server, 'window-screen-6', 'demo-window-6');
    const opened = await ask(staff06, 'window:open', { requestId: rid(), windowId: 6 });
    if (!opened.ok && opened.code !== 'STAFF_AT_OTHER_WINDOW' && opened.code !== 'WINDOW_TAKEN') throw new Error(opened.messageEn);
  }

  /** A C ticket issued at the kiosk, called and finished at window 6. */
  async function serveOne(): Promise<IssuedTicketView> {
    const issued = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'C', matterId: 'C02' });
    const called = await must<CallResult>(staff06, 'queue:callNext', { requestId: rid() });
    expect(called.ticket.number).toBe(issued.ticket.number);
    clock.advance(3 * MINUTE);
    await must(staff06, 'ticket:finish', { requestId: rid(), matterId: 'C02' });
    return issued;
  }

  it('a 非常不满意 with a mobile opens a case for window 6’s team; staff and the supervisor handle it to the end', async () => {
    await connectWindow6();
    const staff07 = await connectStaff(server, 'staff07');
    const staff01 = await connectStaff(server, 'staff01');
    const boss = await connectStaff(server, 'jiandu', 'demo-super');
    const issued = await serveOne();
    const caseId = issued.ticket.id;

    const teamHears = nextEvent<RatingCaseView>(staff07, 'case:changed', (v) => v.id === caseId);
    const bossHears = nextEvent<RatingCaseView>(boss, 'case:changed', (v) => v.id === caseId);
    let outsiderHeard = false;
    staff01.on('case:changed', () => (outsiderHeard = true));
    await must(screen6, 'ticket:rate', { requestId: rid(), ticketId: caseId, level: 'very-dissatisfied', reasons: ['服务态度差'], comment: '态度生硬', mobile: '13800138000' });

    const seen = await teamHears;
    expect(seen).toMatchObject({
      id: caseId,
      number: issued.ticket.number,
      windowId: 6,
      staffId: 'staff06',
      staffName: '杨帆',
      teamId: 'insurance',
      teamName: '社保医保组',
      level: 'very-dissatisfied',
      reasons: ['服务态度差'],
      comment: '态度生硬',
      channel: 'window',
      realName: true,
      mobile: '138****8000',
      state: 'verifying',
      colour: 'ok',
      canDo: ['verify', 'appeal'],
    });
    expect(seen.dueAt).toBeGreaterThan(clock.now() + 5 * 24 * 60 * MINUTE);
    expect((await bossHears).canDo).toEqual(['verify', 'appeal']);
    expect(outsiderHeard).toBe(false);

    // Staff of another team neither see it nor may touch it; the list shows masked numbers, case:get the full one.
    expect((await must<CaseListView>(staff01, 'case:list', {})).cases).toEqual([]);
    expect(await ask(staff01, 'case:get', { caseId })).toMatchObject({ ok: false, code: 'NO_SUCH_CASE' });
    expect(await ask(staff01, 'case:verify', { requestId: rid(), caseId, note: '不是我的' })).toMatchObject({ ok: false, code: 'CASE_NOT_YOURS' });
    const list = await must<CaseListView>(staff07, 'case:list', {});
    expect(list.cases.map((c) => [c.id, c.mobile])).toEqual([[caseId, '138****8000']]);
    expect(list.counts).toEqual({ open: 1, yellow: 0, red: 0, appealed: 0 });
    expect((await must<RatingCaseView>(staff07, 'case:get', { caseId })).mobile).toBe('13800138000');

    // Staff may not send supervisors' verbs at all; bad input is named.
    expect(await ask(staff06, 'case:close', { requestId: rid(), caseId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(staff06, 'case:verify', { requestId: rid(), caseId, note: '' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD', issues: [{ path: 'note' }] });

    clock.advance(60 * MINUTE);
    const verified = await must<RatingCaseView>(staff06, 'case:verify', { requestId: rid(), caseId, note: '调取录像，服务用语确有不当' });
    expect(verified).toMatchObject({ state: 'rectifying', verification: '调取录像，服务用语确有不当', canDo: ['appeal', 'answer'] });
    expect(await ask(staff06, 'case:answer', { requestId: rid(), caseId, rectification: '已对窗口人员进行服务规范培训', callback: null })).toMatchObject({
      ok: false,
      code: 'CASE_CALLBACK_REQUIRED',
    });
    const answerRequest = { requestId: rid(), caseId, rectification: '已对窗口人员进行服务规范培训', callback: { answer: 'satisfied', note: '群众认可整改' } };
    const answered = await must<RatingCaseView>(staff07, 'case:answer', answerRequest);
    expect(answered).toMatchObject({ state: 'answered', onTime: true, colour: 'done', callback: { answer: 'satisfied', by: 'staff07', byName: '赵磊' } });
    // A retry of the same request gets the first answer, not a second one.
    expect(await must<RatingCaseView>(staff07, 'case:answer', answerRequest)).toEqual(answered);

    expect((await must<RatingCaseView>(boss, 'case:review', { requestId: rid(), caseId, approved: true, note: '整改到位' })).state).toBe('reviewed');
    const closed = await must<RatingCaseView>(boss, 'case:close', { requestId: rid(), caseId, note: '' });
    expect(closed).toMatchObject({ state: 'closed', outcome: 'rectified', canDo: [] });
    expect(closed.history.map((h) => [h.action, h.by])).toEqual([
      ['opened', null],
      ['verified', 'staff06'],
      ['answered', 'staff07'],
      ['review-approved', 'jiandu'],
      ['closed', 'jiandu'],
    ]);

    // The log is the audit trail: every step with who did it, the mobile masked. The case row keeps the number for the callback.
    const hall = server.db.prepare(`SELECT no FROM hall_numbers WHERE id = ?`).pluck().get(server.hallId) as number;
    const logged = server.db
      .prepare(`SELECT type, actor_id, data FROM event_log WHERE hall = ? AND ticket = ? AND type LIKE 'Case%' ORDER BY seq`)
      .all(hall, issued.ticket.number) as Array<{ type: string; actor_id: string; data: string }>;
    expect(logged.map((r) => r.type)).toEqual(['CaseOpened', 'CaseVerified', 'CaseAnswered', 'CaseReviewed', 'CaseClosed']);
    expect(logged.map((r) => r.data).join('')).not.toContain('13800138000');
    expect(logged[0]!.data).toContain('138****8000');
    const row = server.db.prepare(`SELECT state, mobile, outcome, callback_answer FROM rating_cases WHERE hall_id = ? AND id = ?`).get(server.hallId, caseId);
    expect(row).toEqual({ state: 'closed', mobile: '13800138000', outcome: 'rectified', callback_answer: 'satisfied' });

    // The supervisor's audit search by the number finds the case's whole story, in words.
    const audit = await must<AuditPageView>(boss, 'audit:list', { number: issued.ticket.number, types: ['CaseOpened', 'CaseVerified', 'CaseAnswered', 'CaseReviewed', 'CaseClosed'] });
    expect(audit.entries.map((e) => [e.type, e.actor.id]).reverse()).toEqual([
      ['CaseOpened', 'window-screen-6'],
      ['CaseVerified', 'staff06'],
      ['CaseAnswered', 'staff07'],
      ['CaseReviewed', 'jiandu'],
      ['CaseClosed', 'jiandu'],
    ]);
    expect(audit.entries.at(-1)!.summary).toContain('差评立案（非常不满意，社保医保一窗，实名）');
    expect(audit.entries.find((e) => e.type === 'CaseAnswered')!.summary).toContain('回访：满意');
    expect(JSON.stringify(audit)).not.toContain('13800138000');
  });

  it('one rating per ticket: the window screen and five phones on the slip’s QR code race over ten tickets, one wins each time', async () => {
    await connectWindow6();
    const phones = await Promise.all([1, 2, 3, 4, 5].map(() => connectSocket(server.url, { hallId: server.hallId, role: 'mobile' })));
    const winners: string[] = [];
    for (let round = 0; round < 10; round++) {
      const issued = await serveOne();
      const before = await must<CitizenRatingView>(phones[0]!, 'rating:get', { via: 't', token: issued.token });
      expect(before).toMatchObject({ status: 'open', number: issued.ticket.number, rating: null, lowReasons: expect.arrayContaining(['等候时间长']) });
      const hears = nextEvent<CitizenRatingView>(phones[0]!, 'rating:changed');
      const answers = await Promise.all([
        ask(screen6, 'ticket:rate', { requestId: rid(), ticketId: issued.ticket.id, level: 'satisfied' }),
        ...phones.map((p, i) => ask<CitizenRatingView>(p, 'rating:give', { requestId: rid(), via: 't', token: issued.token, level: i % 2 ? 'very-satisfied' : 'basic' })),
      ]);
      const ok = answers.flatMap((a, i) => (a.ok ? [i] : []));
      expect(ok).toHaveLength(1);
      expect(answers.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.code))).toEqual(Array(5).fill('ALREADY_RATED'));
      const winner = ok[0] === 0 ? { channel: 'window', level: 'satisfied' } : { channel: 'slip-qr', level: ok[0]! % 2 ? 'basic' : 'very-satisfied' };
      winners.push(winner.channel);
      expect((await hears).rating).toMatchObject(winner);
      expect(await must<CitizenRatingView>(phones[1]!, 'rating:get', { via: 't', token: issued.token })).toMatchObject({ status: 'rated', rating: winner, result: null });
      const row = server.db.prepare(`SELECT rating_level, rating_channel FROM tickets WHERE hall_id = ? AND id = ?`).get(server.hallId, issued.ticket.id);
      expect(row).toEqual({ rating_level: winner.level, rating_channel: winner.channel });
    }
    // Exactly one ServiceRated per ticket in the log, whoever won.
    const hall = server.db.prepare(`SELECT no FROM hall_numbers WHERE id = ?`).pluck().get(server.hallId) as number;
    const perTicket = server.db.prepare(`SELECT ticket, COUNT(*) AS n FROM event_log WHERE hall = ? AND type = 'ServiceRated' GROUP BY ticket HAVING n > 1`).all(hall);
    expect(perTicket).toEqual([]);
    expect(winners).toHaveLength(10);
  });

  it('a real-name bad rating from the phone shows the citizen the case’s result; anonymous ones only that they were received', async () => {
    await connectWindow6();
    const boss = await connectStaff(server, 'jiandu', 'demo-super');
    const named = await serveOne();
    const anonymous = await serveOne();
    const phone = await connectSocket(server.url, { hallId: server.hallId, role: 'mobile' });
    clock.advance(11 * MINUTE); // past the window evaluator's time: only the phone may rate now
    expect(await ask(screen6, 'ticket:rate', { requestId: rid(), ticketId: named.ticket.id, level: 'satisfied' })).toMatchObject({ ok: false, code: 'RATING_EXPIRED' });
    const given = await must<CitizenRatingView>(phone, 'rating:give', { requestId: rid(), via: 't', token: named.token, level: 'dissatisfied', reasons: ['办事效率低'], mobile: '13912345678' });
    expect(given).toMatchObject({ status: 'rated', rating: { channel: 'slip-qr', realName: true }, result: { state: 'verifying', rectification: null } });
    const anon = await must<CitizenRatingView>(phone, 'rating:give', { requestId: rid(), via: 't', token: anonymous.token, level: 'dissatisfied' });
    expect(anon).toMatchObject({ status: 'rated', rating: { realName: false }, result: null });
    expect(await ask(phone, 'rating:give', { requestId: rid(), via: 't', token: named.token, level: 'dissatisfied', mobile: '12345' })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      issues: [{ path: 'mobile' }],
    });

    await must(boss, 'case:verify', { requestId: rid(), caseId: named.ticket.id, note: '高峰期窗口不足' });
    const told = nextEvent<CitizenRatingView>(phone, 'rating:changed', (v) => v.result?.state === 'answered');
    await must(boss, 'case:answer', { requestId: rid(), caseId: named.ticket.id, rectification: '高峰时段增开社保窗口', callback: { answer: 'basic', note: '' } });
    expect((await told).result).toMatchObject({ state: 'answered', rectification: '高峰时段增开社保窗口' });
  });

  it('a booking is rated once from its own page (一事一评), after its ticket was served', async () => {
    await connectWindow6();
    const phone = await connectSocket(server.url, { hallId: server.hallId, role: 'mobile' });
    const slotStart = Date.parse('2026-11-23T14:00:00+08:00');
    const booking = await must<BookingView>(phone, 'booking:make', { requestId: rid(), categoryId: 'C', matterId: 'C02', slotStart, name: '张三丰', mobile: '13800138000', idNumber: '11010519491231002X' });
    expect(await ask(phone, 'rating:get', { via: 'b', token: booking.token })).toMatchObject({ ok: false, code: 'BOOKING_NOT_SERVED' });
    clock.t = slotStart - 20 * MINUTE;
    await must(kiosk, 'booking:checkIn', { requestId: rid(), code: booking.code });
    await must<CallResult>(staff06, 'queue:callNext', { requestId: rid() });
    clock.advance(5 * MINUTE);
    await must(staff06, 'ticket:finish', { requestId: rid(), matterId: 'C02' });
    expect(await must<CitizenRatingView>(phone, 'rating:get', { via: 'b', token: booking.token })).toMatchObject({ status: 'open' });
    const rated = await must<CitizenRatingView>(phone, 'rating:give', { requestId: rid(), via: 'b', token: booking.token, level: 'very-dissatisfied', reasons: ['办事效率低'] });
    // The booking's own mobile makes it real-name: the case is called back on it.
    expect(rated).toMatchObject({ status: 'rated', rating: { channel: 'booking', realName: true }, result: { state: 'verifying' } });
    expect(await ask(phone, 'rating:give', { requestId: rid(), via: 'b', token: booking.token, level: 'satisfied' })).toMatchObject({ ok: false, code: 'ALREADY_RATED' });
  });

  it('open cases, and tickets still open for rating, come back after a restart', async () => {
    await connectWindow6();
    const issued = await serveOne();
    await must(screen6, 'ticket:rate', { requestId: rid(), ticketId: issued.ticket.id, level: 'dissatisfied' });
    const unrated = await serveOne();
    await server.close();
    server = { ...(await startTestServer({ clock, dbFile })), stop: server.stop };
    const boss = await connectStaff(server, 'jiandu', 'demo-super');
    const list = await must<CaseListView>(boss, 'case:list', {});
    expect(list.cases.map((c) => c.id)).toContain(issued.ticket.id);
    const phone = await connectSocket(server.url, { hallId: server.hallId, role: 'mobile' });
    expect(await must<CitizenRatingView>(phone, 'rating:get', { via: 't', token: unrated.token })).toMatchObject({ status: 'open' });
  });

  it('raises a yellow alert on the case’s last working day and a red one past its deadline; answering clears it', async () => {
    await connectWindow6();
    const boss = await connectStaff(server, 'jiandu', 'demo-super');
    const issued = await serveOne();
    const caseId = issued.ticket.id;
    await must(screen6, 'ticket:rate', { requestId: rid(), ticketId: caseId, level: 'very-dissatisfied' });
    const view = await must<RatingCaseView>(boss, 'case:get', { caseId });
    const alerts = server.halls.get(server.hallId)!.alerts;
    const caseAlert = () => alerts.current().find((a: AlertView) => a.key === `case:${caseId}` && a.clearedAt === null);

    clock.t = view.warnAt - MINUTE;
    await alerts.check();
    expect(caseAlert()).toBeUndefined();
    clock.t = view.warnAt;
    await alerts.check();
    expect(caseAlert()).toMatchObject({ kind: 'case', level: 'yellow', subject: issued.ticket.number, since: view.warnAt });
    // Days went by: the supervisor logs in again (sessions last 12 hours).
    const later = await connectStaff(server, 'jiandu', 'demo-super');
    expect((await must<CaseListView>(later, 'case:list', { deadline: 'yellow' })).cases.map((c) => c.id)).toContain(caseId);
    clock.t = view.dueAt + MINUTE;
    await alerts.check();
    expect(caseAlert()).toMatchObject({ level: 'red', escalatedAt: view.dueAt + MINUTE });
    const last = await connectStaff(server, 'jiandu', 'demo-super');
    expect((await must<RatingCaseView>(last, 'case:get', { caseId })).colour).toBe('red');

    await must(last, 'case:verify', { requestId: rid(), caseId, note: '已核实' });
    const late = await must<RatingCaseView>(last, 'case:answer', { requestId: rid(), caseId, rectification: '已约谈窗口人员', callback: null });
    expect(late.onTime).toBe(false);
    await alerts.check();
    expect(caseAlert()).toBeUndefined();
  });

  it('days later, the citizen’s page still shows a real-name case’s progress and result by the slip’s token, a week past its closing', async () => {
    // A fresh day: the clock moves on from the earlier tests.
    clock.t = Date.parse('2026-12-07T09:30:00+08:00');
    await connectWindow6();
    const issued = await serveOne();
    await must(screen6, 'ticket:rate', { requestId: rid(), ticketId: issued.ticket.id, level: 'dissatisfied', mobile: '13655556666' });

    clock.t = Date.parse('2026-12-08T09:00:00+08:00'); // next morning: the rated ticket left memory with its day
    const boss = await connectStaff(server, 'jiandu', 'demo-super');
    await must(boss, 'case:verify', { requestId: rid(), caseId: issued.ticket.id, note: '已核实' });
    const phone = await connectSocket(server.url, { hallId: server.hallId, role: 'mobile' });
    expect(await must<CitizenRatingView>(phone, 'rating:get', { via: 't', token: issued.token })).toMatchObject({
      status: 'rated',
      number: issued.ticket.number,
      rating: { level: 'dissatisfied', channel: 'window', realName: true },
      result: { state: 'rectifying', rectification: null },
    });
    expect(await ask(phone, 'rating:give', { requestId: rid(), via: 't', token: issued.token, level: 'satisfied' })).toMatchObject({ ok: false, code: 'ALREADY_RATED' });
    const told = nextEvent<CitizenRatingView>(phone, 'rating:changed');
    await must(boss, 'case:answer', { requestId: rid(), caseId: issued.ticket.id, rectification: '窗口人员已重新培训', callback: { answer: 'satisfied', note: '' } });
    expect((await told).result).toMatchObject({ state: 'answered', rectification: '窗口人员已重新培训' });
    await must(boss, 'case:review', { requestId: rid(), caseId: issued.ticket.id, approved: true, note: '同意' });
    await must(boss, 'case:close', { requestId: rid(), caseId: issued.ticket.id });

    // A restart keeps a case closed lately; a week after closing the page no longer finds it.
    await server.close();
    clock.t = Date.parse('2026-12-10T09:00:00+08:00');
    server = { ...(await startTestServer({ clock, dbFile })), stop: server.stop };
    const again = await connectSocket(server.url, { hallId: server.hallId, role: 'mobile' });
    expect(await must<CitizenRatingView>(again, 'rating:get', { via: 't', token: issued.token })).toMatchObject({ result: { state: 'closed', outcome: 'rectified' } });
    clock.t = Date.parse('2026-12-16T09:00:00+08:00');
    const kiosk2 = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    await must(kiosk2, 'ticket:issue', { requestId: rid(), categoryId: 'C' }); // the first command of the day closes the day before
    expect(await ask(again, 'rating:get', { via: 't', token: issued.token })).toMatchObject({ ok: false, code: 'NO_SUCH_TICKET' });
    // The board still finds it, from the read model.
    const later = await connectStaff(server, 'jiandu', 'demo-super');
    expect(await must<RatingCaseView>(later, 'case:get', { caseId: issued.ticket.id })).toMatchObject({ state: 'closed', mobile: '136****6666' });
    const closed = await must<CaseListView>(later, 'case:list', { state: 'closed', from: '2026-12-07', to: '2026-12-07' });
    expect(closed.cases.map((c) => c.id)).toEqual([issued.ticket.id]);
  });
});

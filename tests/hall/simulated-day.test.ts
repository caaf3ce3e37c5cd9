import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, AuditPageView, RatingLevel, StatisticsFiguresView, StatisticsReport } from '../../src-main/contracts';
import { MONDAY_9AM_BEIJING, ManualClock } from '../support/clock';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { closeAllSockets, login, connectSocket, must, startTestServer } from '../support/hall-fixture';
import type { DayPlan, DayRecord, DoneTicket } from '../support/simulated-day';
import { MINUTE, runSimulatedDay } from '../support/simulated-day';

// One Monday morning in the demo hall, driven through the real server with a hand-moved clock. The figures
// the statistics API reports must equal those worked out here from the script's own record, and 电子监察
// must raise and clear alerts at the right minutes.

const DAY = '2026-11-23';
const PLAN: DayPlan = {
  arrivalsByHour: [
    { A: 4, C: 6, E: 3 },
    { A: 3, C: 5, E: 2 },
    { A: 2, C: 4, E: 2 },
  ],
  serviceMinutes: { A: 12, C: 6, D: 15, E: 8 },
  windows: [
    { windowId: 1, staff: 'staff01' },
    { windowId: 6, staff: 'staff06' },
    { windowId: 11, staff: 'staff11', pause: { at: 60, minutes: 25, reason: '会议' } },
    // Nobody serves 不动产 until 10:10: the D ticket taken at 9:00 waits 70 minutes.
    { windowId: 9, staff: 'staff09', opensAt: 70 },
  ],
  extraArrivals: [{ at: 0, categoryId: 'D' }],
  noShowEvery: 7,
  ratings: ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'satisfied', 'very-satisfied', 'very-dissatisfied'],
  rateEvery: 2,
  kioskFaults: [{ at: 100, until: 110, printer: 'paper-out' }],
  tailMinutes: 90,
  realNameEvery: 2,
  cases: ['close', 'appeal-upheld', 'none', 'answer', 'appeal-refused'],
};

const round1 = (x: number) => Math.round(x * 10) / 10;
const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** The figures, worked out from what the script did (not from the server's log). */
function expectedFigures(tickets: DoneTicket[]): Partial<StatisticsFiguresView> {
  const called = tickets.filter((t) => t.calledAt !== null);
  const waits = called.map((t) => (t.calledAt! - t.issuedAt) / MINUTE).sort((a, b) => a - b);
  const services = tickets.filter((t) => t.serviceMs !== null).map((t) => t.serviceMs! / MINUTE);
  const rated = tickets.filter((t) => t.rating);
  const level = (l: RatingLevel) => rated.filter((t) => t.rating!.level === l).length;
  const good = level('very-satisfied') + level('satisfied') + level('basic');
  const noShows = tickets.filter((t) => t.outcome === 'missed').length;
  const mean = (xs: number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
  return {
    issued: tickets.length,
    bySource: { kiosk: tickets.length, remote: 0, appointment: 0, counter: 0 },
    served: tickets.filter((t) => t.outcome === 'finished').length,
    noShows,
    noShowRate: called.length ? round4(noShows / called.length) : null,
    waitAverageMinutes: mean(waits),
    waitP90Minutes: waits.length ? round1(waits[Math.ceil(0.9 * waits.length) - 1]!) : null,
    serviceAverageMinutes: mean(services),
    overWaitYellow: waits.filter((w) => w > 30 && w <= 60).length,
    overWaitRed: waits.filter((w) => w > 60).length,
    overService: services.filter((s) => s > 30).length,
    rated: rated.length,
    ratings: { 'very-satisfied': level('very-satisfied'), satisfied: level('satisfied'), basic: level('basic'), dissatisfied: level('dissatisfied'), 'very-dissatisfied': level('very-dissatisfied') },
    satisfactionRate: rated.length ? round4(good / rated.length) : null,
  };
}

describe('a simulated day through the real server', () => {
  const clock = new ManualClock(MONDAY_9AM_BEIJING);
  let server: TestHallServer;
  let supervisor: TestSocket;
  let supervisorToken: string;
  let record: DayRecord;
  const pushed: AlertView[] = [];
  /** Each minute: the keys and levels of active alerts after the tick. */
  const activeByMinute = new Map<number, Map<string, AlertView>>();

  beforeAll(async () => {
    server = await startTestServer({ clock });
    supervisorToken = await login(server.url, server.hallId, 'jiandu', 'demo-super');
    supervisor = await connectSocket(server.url, { hallId: server.hallId, token: supervisorToken });
    supervisor.on('alert:changed', (a) => pushed.push(a));
    const hall = server.halls.get(server.hallId)!;
    record = await runSimulatedDay(server, clock, PLAN, async (minute) => {
      // The server's periodic alert check, run deterministically after each minute of the script.
      await hall.alerts.check();
      activeByMinute.set(minute, new Map(hall.alerts.current().filter((a) => a.clearedAt === null).map((a) => [a.key, a])));
    });
  }, 120_000);

  afterAll(async () => {
    closeAllSockets();
    await server.stop();
  });

  const at = (minute: number) => MONDAY_9AM_BEIJING + minute * MINUTE;
  const active = (minute: number, key: string) => activeByMinute.get(minute)!.get(key);

  it('statistics from the API equal the figures worked out from the script, in total and by category, window and staff', async () => {
    const tickets = [...record.tickets.values()];
    expect(tickets.filter((t) => t.outcome === 'open')).toEqual([]); // the tail drained every queue
    const res = await fetch(`${server.url}/api/halls/${server.hallId}/statistics?from=${DAY}&to=${DAY}`, { headers: { authorization: `Bearer ${supervisorToken}` } });
    expect(res.status).toBe(200);
    const report = ((await res.json()) as { data: StatisticsReport }).data;
    expect(report.total).toMatchObject(expectedFigures(tickets));
    expect(report.total.noShows).toBeGreaterThan(0);
    expect(report.total.rated).toBeGreaterThan(4);
    expect(report.total.overWaitRed).toBeGreaterThanOrEqual(1); // D001
    expect(report.lowRatings.every((l) => l.reasons.includes('等候时间长'))).toBe(true);
    expect(report.lowRatingsTotal).toBe(report.lowRatings.length);
    expect(report.complete).toBe(true);
    expect(Object.keys(report.byDay)).toEqual([DAY]);
    for (const c of ['A', 'C', 'D', 'E']) expect(report.byCategory[c]).toMatchObject(expectedFigures(tickets.filter((t) => t.categoryId === c)));
    for (const w of PLAN.windows) {
      const mine = tickets.filter((t) => t.windowId === w.windowId);
      expect(report.byWindow[String(w.windowId)]).toMatchObject(expectedFigures(mine));
      expect(report.byStaff[w.staff]).toMatchObject(expectedFigures(mine));
    }
    expect(report.names.staff.staff01).toBe('王丽');
    expect(report.names.windows['9']).toBe('不动产一窗');
  });

  it('every bad rating became a case the supervisor handled; the report counts them and ranks the windows', async () => {
    const res = await fetch(`${server.url}/api/halls/${server.hallId}/statistics?from=${DAY}&to=${DAY}`, { headers: { authorization: `Bearer ${supervisorToken}` } });
    const report = ((await res.json()) as { data: StatisticsReport }).data;
    const cases = record.cases;
    const low = [...record.tickets.values()].filter((t) => t.rating && (t.rating.level === 'dissatisfied' || t.rating.level === 'very-dissatisfied'));
    expect(cases.map((c) => c.number).sort()).toEqual(low.map((t) => t.number).sort());
    expect(cases.length).toBeGreaterThanOrEqual(3);
    const steps = (...which: string[]) => cases.filter((c) => which.includes(c.step));
    expect(cases.map((c) => c.view!.state)).toEqual(cases.map((c) => ({ close: 'closed', answer: 'answered', 'appeal-upheld': 'closed', 'appeal-refused': 'answered', none: 'verifying' })[c.step]));
    // Late is judged at the report's moment: the cases left alone are late once their deadline has passed.
    const late = steps('none').filter((c) => report.asOf > c.view!.dueAt).length;
    const answered = steps('close', 'answer', 'appeal-refused');
    expect(report.cases.total).toEqual({
      opened: cases.length,
      open: cases.length - steps('close', 'appeal-upheld').length,
      answered: answered.length,
      answeredOnTime: answered.length,
      overdue: late,
      onTimeRate: answered.length + late === 0 ? null : round4(answered.length / (answered.length + late)),
      realName: cases.filter((c) => c.realName).length,
      realNameAnswered: answered.filter((c) => c.realName).length,
      calledBack: answered.filter((c) => c.realName).length,
      callbackRate: answered.some((c) => c.realName) ? 1 : null,
      appeals: steps('appeal-upheld', 'appeal-refused').length,
      appealsUpheld: steps('appeal-upheld').length,
    });
    expect(report.total.badRated).toBe(cases.length);
    expect(report.total.ratingsByChannel.window).toBe(report.total.rated);
    for (const w of PLAN.windows) {
      const mine = cases.filter((c) => c.windowId === w.windowId);
      if (mine.length > 0) expect(report.cases.byWindow[String(w.windowId)]?.opened).toBe(mine.length);
    }
    // The ranking: every rated window once, best first; an upheld appeal's rating does not count.
    const [month] = report.rankings;
    expect(month!.month).toBe('2026-11');
    const rated = (windowId: number) => [...record.tickets.values()].filter((t) => t.windowId === windowId && t.rating).length;
    for (const r of month!.windows) expect(r.rated).toBe(rated(r.windowId) - cases.filter((c) => c.windowId === r.windowId && c.step === 'appeal-upheld').length);
    expect(month!.windows.map((r) => r.rank)).toEqual([...month!.windows.map((r) => r.rank)].sort((a, b) => a - b));
    const rates = month!.windows.map((r) => r.satisfactionRate!);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
  });

  it('a wait turns yellow after minute 30, red after minute 60, and clears when the number is called', () => {
    const key = `wait:${DAY}/D001`;
    expect(active(30, key)).toBeUndefined();
    expect(active(31, key)).toMatchObject({ level: 'yellow', raisedAt: at(31), since: at(30), subject: 'D001' });
    expect(active(60, key)?.level).toBe('yellow');
    expect(active(61, key)).toMatchObject({ level: 'red', escalatedAt: at(61) });
    expect(record.log).toContainEqual({ minute: 70, what: 'call D001' });
    expect(active(69, key)?.level).toBe('red');
    expect(active(70, key)).toBeUndefined();
    // Pushed live to the supervisor: raised, escalated, cleared — in that order.
    const mine = pushed.filter((a) => a.key === key);
    expect(mine.map((a) => [a.level, a.raisedAt, a.escalatedAt, a.clearedAt])).toEqual([
      ['yellow', at(31), null, null],
      ['red', at(31), at(61), null],
      ['red', at(31), at(61), at(70)],
    ]);
  });

  it('a pause over 20 minutes raises an alert that clears on resume', () => {
    const paused = record.log.find((l) => l.what === 'pause 11')!.minute;
    const resumed = record.log.find((l) => l.what === 'resume 11')!.minute;
    expect(resumed - paused).toBe(25);
    const keyAt = (m: number) => [...activeByMinute.get(m)!.keys()].find((k) => k.startsWith('pause:11:'));
    expect(keyAt(paused + 20)).toBeUndefined();
    expect(active(paused + 21, keyAt(paused + 21)!)).toMatchObject({ kind: 'pause', level: 'yellow', subject: '11', raisedAt: at(paused + 21) });
    expect(keyAt(resumed)).toBeUndefined();
  });

  it('a kiosk out of paper raises a red alert at once and clears when it reports ok', () => {
    const key = 'device:kiosk-1:打印机缺纸';
    expect(active(99, key)).toBeUndefined();
    expect(active(100, key)).toMatchObject({ kind: 'device', level: 'red', raisedAt: at(100) });
    expect(active(109, key)).toBeDefined();
    expect(active(110, key)).toBeUndefined();
    expect(pushed.filter((a) => a.key === key).map((a) => a.clearedAt)).toEqual([null, at(110)]);
  });

  it('a supervisor acknowledges an alert with a note; it is kept and shows in the audit log', async () => {
    const d = pushed.find((a) => a.key === `wait:${DAY}/D001`)!;
    const acked = await must<AlertView>(supervisor, 'alert:ack', { requestId: 'ack-d001-0001', alertId: d.id, note: '不动产窗口已开' });
    expect(acked).toMatchObject({ id: d.id, acknowledgedBy: 'jiandu', ackNote: '不动产窗口已开', clearedAt: at(70) });
    const listed = await must<AlertView[]>(supervisor, 'alert:list', { from: DAY, to: DAY });
    expect(listed.find((a) => a.id === d.id)).toMatchObject({ acknowledgedBy: 'jiandu' });
    expect(listed.length).toBeGreaterThanOrEqual(3);
    const audit = await must<AuditPageView>(supervisor, 'audit:list', { types: ['alert.ack'] });
    expect(audit.entries[0]).toMatchObject({ source: 'admin', type: 'alert.ack', actor: { kind: 'supervisor', id: 'jiandu' }, actorName: '监察员', ticketNumber: 'D001' });
    const byNumber = await must<AuditPageView>(supervisor, 'audit:list', { number: 'D001' });
    expect(byNumber.entries.map((e) => e.type)).toEqual(expect.arrayContaining(['TicketIssued', 'TicketCalled', 'ServiceFinished', 'alert.ack']));
  });

  it('exports the same figures as CSV and XLSX', async () => {
    const auth = { authorization: `Bearer ${supervisorToken}` };
    const csv = await fetch(`${server.url}/api/halls/${server.hallId}/statistics.csv?from=${DAY}&to=${DAY}`, { headers: auth });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel then reads UTF-8
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toMatch(/^维度,分组,取号,自助机取号/);
    expect(lines[1]!.split(',').slice(0, 3)).toEqual(['汇总', `${DAY} ~ ${DAY}`, String(record.tickets.size)]);
    expect(lines.some((l) => l.startsWith('按窗口,9 不动产一窗,1,'))).toBe(true);

    const xlsx = await fetch(`${server.url}/api/halls/${server.hallId}/statistics.xlsx?from=${DAY}&to=${DAY}`, { headers: auth });
    expect(xlsx.headers.get('content-disposition')).toMatch(/statistics-2026-11-23_2026-11-23\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '按日', '按月', '按业务类别', '按窗口', '按人员', '窗口月度排名', '差评明细', '差评工单']);
    expect(book.getWorksheet('汇总')!.getRow(2).getCell(2).value).toBe(record.tickets.size);
    const low = [...record.tickets.values()].filter((t) => t.rating && (t.rating.level === 'dissatisfied' || t.rating.level === 'very-dissatisfied'));
    expect(book.getWorksheet('差评明细')!.rowCount).toBe(low.length + 1);
    expect(book.getWorksheet('差评工单')!.rowCount).toBe(low.length + 1);
    expect(book.getWorksheet('窗口月度排名')!.getRow(2).getCell(2).value).toBe(1);
    expect(lines).toContain('');
  });
});

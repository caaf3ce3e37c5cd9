import type { CallResult, IssuedTicketView, RatingCaseView, RatingLevel } from '../../src-main/contracts';
import type { ManualClock } from './clock';
import type { TestHallServer, TestSocket } from './hall-fixture';
import { connectDevice, connectStaff, must, rid } from './hall-fixture';

// A service day driven through the real server's sockets with a hand-moved clock: citizens take numbers
// at a kiosk by the hour, staff at a few windows call, serve (service time by category), mark some
// no-shows, and citizens rate some services at the window screens (some low ratings with a mobile: 实名).
// Optionally, after the day, a supervisor handles the bad-rating cases in turn through the case board's
// socket events. The script keeps its own record of what it did, so a test can work out the figures
// without the server's statistics.

export const MINUTE = 60_000;

export interface WindowPlan {
  windowId: number;
  staff: string;
  /** Minutes after the day's start when the window opens (default 0). */
  opensAt?: number;
  /** A pause: from the first free minute at or after `at`, for `minutes`. */
  pause?: { at: number; minutes: number; reason: string };
}

export interface DayPlan {
  /** Arrivals per hour of the day (hour 0 = the start), per category letter. */
  arrivalsByHour: Array<Record<string, number>>;
  /** Minutes of service per category. */
  serviceMinutes: Record<string, number>;
  windows: WindowPlan[];
  /** Every n-th call (over the whole hall) is a no-show. */
  noShowEvery: number;
  /** Levels given in turn to finished services that are rated; every `rateEvery`-th finished is rated. */
  ratings: RatingLevel[];
  rateEvery: number;
  /** Kiosk faults: at minute `at`, the printer reports `printer` (and back to ok at `until`). */
  kioskFaults?: Array<{ at: number; until: number; printer: 'paper-out' | 'cover-open' | 'error' }>;
  /** Extra tickets issued at a minute, e.g. a category nobody serves until later. */
  extraArrivals?: Array<{ at: number; categoryId: string }>;
  /** How long the day runs after the last arrival hour, in minutes, to drain the queues. */
  tailMinutes: number;
  /** Every n-th low rating gives a mobile at the window (实名评价): its case must be called back. None if absent. */
  realNameEvery?: number;
  /**
   * What a supervisor does with the day's bad-rating cases once the day has run, in turn (the first low
   * rating's case gets the first); none are touched if absent.
   */
  cases?: CaseStep[];
}

/**
 * close: verified, answered (with a callback if real-name), review approved, closed. answer: verified and
 * answered only. appeal-upheld / appeal-refused: appealed and decided (refused: then answered). none: left
 * alone (it runs late once its deadline passes).
 */
export type CaseStep = 'close' | 'answer' | 'appeal-upheld' | 'appeal-refused' | 'none';

export interface DoneCase {
  number: string;
  windowId: number;
  staff: string;
  level: RatingLevel;
  realName: boolean;
  step: CaseStep;
  /** As the board shows it after the supervisor's moves. */
  view: RatingCaseView | null;
}

export interface DoneTicket {
  number: string;
  categoryId: string;
  issuedAt: number;
  calledAt: number | null;
  windowId: number | null;
  staff: string | null;
  finishedAt: number | null;
  serviceMs: number | null;
  outcome: 'finished' | 'missed' | 'open';
  rating: { level: RatingLevel; reasons: string[]; realName?: boolean } | null;
}

export interface DayRecord {
  startedAt: number;
  tickets: Map<string, DoneTicket>;
  /** What happened at which minute, for alert checks: e.g. "pause 11", "resume 11", "call D001". */
  log: Array<{ minute: number; what: string }>;
  /** The bad-rating cases, in the order of their ratings (only with `plan.cases`). */
  cases: DoneCase[];
}

interface WindowRun {
  plan: WindowPlan;
  staff: TestSocket;
  screen: TestSocket;
  open: boolean;
  paused: boolean;
  pausedAt: number | null;
  serving: { number: string; until: number } | null;
}

const LOW: ReadonlySet<RatingLevel> = new Set(['dissatisfied', 'very-dissatisfied']);

/**
 * Runs the plan minute by minute from the clock's current time. `onMinute` runs after every step (a test
 * checks alerts there). Arrivals of an hour are spread evenly over it.
 */
export async function runSimulatedDay(
  server: TestHallServer,
  clock: ManualClock,
  plan: DayPlan,
  onMinute: (minute: number, record: DayRecord) => Promise<void> = async () => {},
): Promise<DayRecord> {
  const record: DayRecord = { startedAt: clock.now(), tickets: new Map(), log: [], cases: [] };
  const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
  await must(kiosk, 'kiosk:status', { printer: 'ok', reader: 'ok' });
  const runs: WindowRun[] = [];
  for (const w of plan.windows) {
    runs.push({
      plan: w,
      staff: await connectStaff(server, w.staff),
      screen: await connectDevice(server, `window-screen-${w.windowId}`, `demo-window-${w.windowId}`),
      open: false,
      paused: false,
      pausedAt: null,
      serving: null,
    });
  }
  const arrivals = new Map<number, string[]>();
  plan.arrivalsByHour.forEach((byCategory, hour) => {
    for (const [categoryId, count] of Object.entries(byCategory)) {
      for (let i = 0; i < count; i++) {
        const minute = hour * 60 + Math.floor(((i + 0.5) * 60) / count);
        arrivals.set(minute, [...(arrivals.get(minute) ?? []), categoryId]);
      }
    }
  });
  for (const extra of plan.extraArrivals ?? []) arrivals.set(extra.at, [...(arrivals.get(extra.at) ?? []), extra.categoryId]);

  let calls = 0;
  let finished = 0;
  let low = 0;
  const total = plan.arrivalsByHour.length * 60 + plan.tailMinutes;
  for (let minute = 0; minute <= total; minute++) {
    const now = record.startedAt + minute * MINUTE;
    clock.t = now;
    for (const categoryId of arrivals.get(minute) ?? []) {
      const issued = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId });
      record.tickets.set(issued.ticket.number, {
        number: issued.ticket.number, categoryId, issuedAt: now, calledAt: null, windowId: null, staff: null,
        finishedAt: null, serviceMs: null, outcome: 'open', rating: null,
      });
    }
    for (const f of plan.kioskFaults ?? []) {
      if (f.at === minute) await must(kiosk, 'kiosk:status', { printer: f.printer, reader: 'ok', detail: '打印机缺纸' });
      if (f.until === minute) await must(kiosk, 'kiosk:status', { printer: 'ok', reader: 'ok' });
    }
    for (const run of runs) {
      const { plan: w } = run;
      if (!run.open && minute >= (w.opensAt ?? 0)) {
        await must(run.staff, 'window:open', { requestId: rid(), windowId: w.windowId });
        run.open = true;
        record.log.push({ minute, what: `open ${w.windowId}` });
      }
      if (!run.open) continue;
      if (run.serving && now >= run.serving.until) {
        const t = record.tickets.get(run.serving.number)!;
        await must<CallResult>(run.staff, 'ticket:finish', { requestId: rid(), matterId: `${t.categoryId}01` });
        t.outcome = 'finished';
        t.finishedAt = now;
        t.serviceMs = now - t.calledAt!;
        run.serving = null;
        finished++;
        if (finished % plan.rateEvery === 0) {
          const level = plan.ratings[(finished / plan.rateEvery - 1) % plan.ratings.length]!;
          const reasons = LOW.has(level) ? ['等候时间长'] : [];
          const realName = LOW.has(level) && plan.realNameEvery !== undefined && ++low % plan.realNameEvery === 0;
          await must(run.screen, 'ticket:rate', { requestId: rid(), ticketId: `${dayOf(server)}/${t.number}`, level, reasons, ...(realName ? { mobile: '13800138000' } : {}) });
          t.rating = { level, reasons, ...(realName ? { realName } : {}) };
          if (LOW.has(level) && plan.cases) {
            record.cases.push({ number: t.number, windowId: w.windowId, staff: w.staff, level, realName, step: plan.cases[record.cases.length % plan.cases.length]!, view: null });
          }
        }
      }
      if (w.pause && run.pausedAt === null && minute >= w.pause.at && !run.serving) {
        await must(run.staff, 'window:pause', { requestId: rid(), reason: w.pause.reason });
        run.paused = true;
        run.pausedAt = minute;
        record.log.push({ minute, what: `pause ${w.windowId}` });
      }
      if (w.pause && run.paused && minute === run.pausedAt! + w.pause.minutes) {
        await must(run.staff, 'window:resume', { requestId: rid() });
        run.paused = false;
        record.log.push({ minute, what: `resume ${w.windowId}` });
      }
      if (run.paused || run.serving) continue;
      const ack = await askCall(run.staff);
      if (!ack) continue;
      calls++;
      const t = record.tickets.get(ack.ticket.number)!;
      t.calledAt = now;
      t.windowId = w.windowId;
      t.staff = w.staff;
      record.log.push({ minute, what: `call ${t.number}` });
      if (calls % plan.noShowEvery === 0) {
        await must(run.staff, 'ticket:noShow', { requestId: rid() });
        t.outcome = 'missed';
        continue;
      }
      await must(run.staff, 'ticket:start', { requestId: rid() });
      run.serving = { number: t.number, until: now + plan.serviceMinutes[t.categoryId]! * MINUTE };
    }
    await onMinute(minute, record);
  }
  kiosk.disconnect();
  for (const run of runs) {
    run.staff.disconnect();
    run.screen.disconnect();
  }
  if (record.cases.length > 0) await handleCases(server, record);
  return record;
}

/** The supervisor moves each case as its step says, through the case board's socket events. */
async function handleCases(server: TestHallServer, record: DayRecord): Promise<void> {
  const supervisor = await connectStaff(server, 'jiandu', 'demo-super');
  const day = dayOf(server);
  try {
    for (const c of record.cases) {
      const caseId = `${day}/${c.number}`;
      const answer = { caseId, rectification: '已加强窗口业务培训', callback: c.realName ? { answer: 'satisfied', note: '已电话回访' } : null };
      const steps: Array<[string, Record<string, unknown>]> = {
        close: [
          ['case:verify', { caseId, note: '已核实' }],
          ['case:answer', answer],
          ['case:review', { caseId, approved: true, note: '复核通过' }],
          ['case:close', { caseId, note: '' }],
        ],
        answer: [
          ['case:verify', { caseId, note: '已核实' }],
          ['case:answer', answer],
        ],
        'appeal-upheld': [
          ['case:appeal', { caseId, reason: '群众误评，录像为证' }],
          ['case:decideAppeal', { caseId, upheld: true, note: '申诉成立' }],
        ],
        'appeal-refused': [
          ['case:appeal', { caseId, reason: '群众误评，录像为证' }],
          ['case:decideAppeal', { caseId, upheld: false, note: '申诉不成立' }],
          ['case:answer', answer],
        ],
        none: [],
      }[c.step] as Array<[string, Record<string, unknown>]>;
      for (const [event, payload] of steps) await must<RatingCaseView>(supervisor, event, { requestId: rid(), ...payload });
      c.view = await must<RatingCaseView>(supervisor, 'case:get', { caseId });
    }
  } finally {
    supervisor.disconnect();
  }
}

async function askCall(staff: TestSocket): Promise<CallResult | null> {
  const ack = (await (staff as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<{ ok: boolean; code?: string; data?: CallResult }> } })
    .timeout(5000)
    .emitWithAck('queue:callNext', { requestId: rid() })) as { ok: boolean; code?: string; data?: CallResult };
  if (ack.ok) return ack.data!;
  if (ack.code === 'NO_WAITING_TICKET') return null;
  throw new Error(`queue:callNext refused: ${ack.code}`);
}

const dayOf = (server: TestHallServer) => server.halls.get(server.hallId)!.service.state.serviceDay!;

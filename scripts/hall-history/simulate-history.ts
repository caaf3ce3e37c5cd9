import { ratingView } from '../../src-main/app/evaluation-views';
import type { HallService } from '../../src-main/app/hall-service';
import type { Actor } from '../../src-main/app/ports';
import type { HallCommand, RatingLevel } from '../../src-main/domain';
import type { HallRuntime } from '../../src-main/hall/hall-runtime';
import { callResult, issuedTicketOf, issuedTicketView } from '../../src-main/hall/handlers/present';
import { windowView } from '../../src-main/app/views';
import { zonedEpoch, nextDay } from '../../src-main/domain/booking/zoned-time';

// Months or a year of a busy hall's life, driven through the real HallService and its store, so the
// database it leaves is what a hall would have written: the same events, the same stored answers, the
// same tables. Each simulated minute's actions go in together, as a busy hall's would, and are
// group-committed like theirs. Deterministic for a seed.

export interface HistoryPlan {
  /** First service day, YYYY-MM-DD in the hall's time zone. */
  firstDay: string;
  days: number;
  /** Visitors on an open day. */
  visitorsPerDay: number;
  /** Days of the week (0 = Sunday) the hall is closed. */
  closedWeekdays?: number[];
  seed?: number;
  /** Called at the end of each simulated day. */
  onDay?: (day: string, index: number) => void | Promise<void>;
}

export interface HistoryClock {
  t: number;
  now(): number;
}

const MINUTE = 60_000;
const OPEN = 8 * 60 + 30;
const LAST_ARRIVAL = 16 * 60 + 30;
const CLOSE = 17 * 60 + 30;
const LEVELS: RatingLevel[] = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'];
const LEVEL_WEIGHTS = [0.62, 0.27, 0.07, 0.03, 0.01];
const LOW_REASONS = ['等候时间长', '办事效率低', '服务态度差', '政策解释不清', '材料要求反复'];

/** mulberry32: small, fast, good enough for a simulation. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface WindowRun {
  id: number;
  staff: Actor;
  display: Actor;
  categories: string[];
  state: 'idle' | 'called' | 'serving' | 'paused';
  ticketId: string | null;
  /** Minute of the day the current step ends (service done, citizen arrives at the window, pause over). */
  until: number;
  calls: number;
  noShow: boolean;
  pauseAt: number | null;
}

/** Drives `service` through the plan, moving `clock` minute by minute. Returns how many commands ran. */
export async function simulateHistory(service: HallService, clock: HistoryClock, plan: HistoryPlan): Promise<{ commands: number; tickets: number }> {
  const rnd = random(plan.seed ?? 20261204);
  const rules = service.rules;
  const tz = rules.timeZone;
  const categories = rules.categories.map((c) => c.id);
  const matters = new Map(rules.categories.map((c) => [c.id, c.matters.map((m) => m.id)]));
  const serviceMinutes = new Map(rules.categories.map((c) => [c.id, c.defaultServiceMinutes]));
  const hall = { service, config: service.config, baseUrl: () => 'https://hall.example' } as unknown as HallRuntime;
  const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
  let commands = 0;
  let tickets = 0;
  let request = 0;
  let tokens = 0;
  const rid = () => `h${(++request).toString(36)}`;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const exec = async <T>(cmd: HallCommand, actor: Actor, present: (events: Parameters<Parameters<HallService['execute']>[2]['present']>[0]) => T) => {
    commands++;
    return service.execute(cmd, actor, { requestId: rid(), present });
  };

  const windows: WindowRun[] = rules.windows.map((w) => ({
    id: w.id,
    staff: { kind: 'staff', id: `s${w.id}` },
    display: { kind: 'device', id: `window-screen-${w.id}` },
    categories: w.categories,
    state: 'idle',
    ticketId: null,
    until: 0,
    calls: 0,
    noShow: false,
    pauseAt: null,
  }));

  let day = plan.firstDay;
  for (let d = 0; d < plan.days; d++, day = nextDay(day)) {
    const midnight = zonedEpoch(day, 0, tz);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if ((plan.closedWeekdays ?? [0]).includes(weekday)) continue;
    // Arrivals: a morning peak and a smaller afternoon one.
    const arrivals = new Map<number, number>();
    for (let i = 0; i < plan.visitorsPerDay; i++) {
      const u = rnd();
      const span = LAST_ARRIVAL - OPEN;
      const minute = OPEN + Math.floor(u < 0.6 ? rnd() * rnd() * span * 0.6 + span * 0.05 * rnd() : span * 0.45 + rnd() * span * 0.55);
      arrivals.set(minute, (arrivals.get(minute) ?? 0) + 1);
    }
    for (const w of windows) {
      w.state = 'idle';
      w.ticketId = null;
      w.pauseAt = rnd() < 0.3 ? 12 * 60 + Math.floor(rnd() * 60) : null;
    }
    for (let minute = OPEN; minute <= CLOSE; minute++) {
      clock.t = midnight + minute * MINUTE;
      const jobs: Array<Promise<unknown>> = [];
      if (minute === OPEN) {
        for (const w of windows) jobs.push(exec({ type: 'OpenWindow', windowId: w.id, staffId: w.staff.id }, w.staff, () => windowView(service.state, service.rules, service.labels, service.state.windows.get(w.id)!)));
      }
      for (let i = 0; i < (arrivals.get(minute) ?? 0); i++) {
        const categoryId = pick(categories);
        const remote = rnd() < 0.1;
        const cmd: HallCommand = {
          type: 'IssueTicket',
          categoryId,
          matterId: pick(matters.get(categoryId)!),
          source: remote ? 'remote' : 'kiosk',
          priorityClass: !remote && rnd() < 0.04 ? 'elderly' : null,
          citizen: remote || rnd() < 0.5 ? { maskedName: '张*', maskedId: '4301**********123X', idHash: `h${Math.floor(rnd() * 1e12).toString(36)}` } : null,
          contactMobile: remote ? '13800138000' : null,
          token: `tok${(++tokens).toString(36).padStart(20, '0')}`,
        };
        const actor: Actor = remote ? { kind: 'citizen', id: `c${tokens.toString(36)}` } : kiosk;
        tickets++;
        jobs.push(exec(cmd, actor, ({ events, now }) => issuedTicketView(hall, issuedTicketOf(service, events), now)));
      }
      for (const w of windows) jobs.push(stepWindow(w, minute));
      await Promise.all(jobs);
      // Calls go after this minute's finishes, as at a real window; staff call when someone is waiting.
      const waiting = new Map<string, number>();
      for (const t of service.state.tickets.values()) if (t.state === 'waiting') waiting.set(t.categoryId, (waiting.get(t.categoryId) ?? 0) + 1);
      const calls: Array<Promise<unknown>> = [];
      for (const w of windows) {
        if (w.state !== 'idle' || minute >= CLOSE - 5) continue;
        const category = w.categories.find((c) => (waiting.get(c) ?? 0) > 0);
        if (!category) continue;
        waiting.set(category, waiting.get(category)! - 1);
        calls.push(
          exec({ type: 'CallNext', windowId: w.id }, w.staff, ({ events }) => callResult(service, w.id, events)).then((o) => {
            if (!o.ok) return;
            w.state = 'called';
            w.ticketId = (o.data as { ticket: { id: string } }).ticket.id;
            w.calls = 1;
            w.noShow = rnd() < 0.04;
            w.until = minute + 1 + Math.floor(rnd() * 2);
          }),
        );
      }
      await Promise.all(calls);
    }
    // Closing time: what is still at a window is finished, then every window closes.
    clock.t = midnight + (CLOSE + 1) * MINUTE;
    await Promise.all(windows.map(async (w) => {
      if (w.state === 'called' || w.state === 'serving') {
        if (w.state === 'called') await exec({ type: 'StartService', windowId: w.id }, w.staff, ({ events }) => callResult(service, w.id, events));
        await exec({ type: 'FinishService', windowId: w.id, matterId: null }, w.staff, ({ events }) => callResult(service, w.id, events));
      }
      if (w.state === 'paused') await exec({ type: 'ResumeWindow', windowId: w.id }, w.staff, () => null);
      w.state = 'idle';
      await exec({ type: 'CloseWindow', windowId: w.id }, w.staff, () => windowView(service.state, service.rules, service.labels, service.state.windows.get(w.id)!));
    }));
    await plan.onDay?.(day, d);
  }
  return { commands, tickets };

  async function stepWindow(w: WindowRun, minute: number): Promise<void> {
    if (w.state === 'paused') {
      if (minute < w.until) return;
      await exec({ type: 'ResumeWindow', windowId: w.id }, w.staff, () => null);
      w.state = 'idle';
      return;
    }
    if (w.state === 'idle' && w.pauseAt !== null && minute >= w.pauseAt) {
      w.pauseAt = null;
      const o = await exec({ type: 'PauseWindow', windowId: w.id, reason: '休息' }, w.staff, () => null);
      if (o.ok) {
        w.state = 'paused';
        w.until = minute + 20 + Math.floor(rnd() * 20);
      }
      return;
    }
    if (minute < w.until) return;
    if (w.state === 'called') {
      if (!w.noShow) {
        await exec({ type: 'StartService', windowId: w.id }, w.staff, ({ events }) => callResult(service, w.id, events));
        w.state = 'serving';
        const mean = serviceMinutes.get(w.categories[0]!) ?? 10;
        w.until = minute + Math.max(1, Math.round(mean * (0.4 + rnd() * 1.2)));
      } else if (w.calls < 2) {
        await exec({ type: 'Recall', windowId: w.id }, w.staff, ({ events }) => callResult(service, w.id, events));
        w.calls++;
        w.until = minute + 2;
      } else {
        await exec({ type: 'MarkNoShow', windowId: w.id }, w.staff, ({ events }) => callResult(service, w.id, events));
        w.state = 'idle';
        w.ticketId = null;
      }
      return;
    }
    if (w.state === 'serving') {
      const ticketId = w.ticketId!;
      if (rnd() < 0.02 && w.categories.length > 0) {
        const to = pick(categories.filter((c) => !w.categories.includes(c)));
        if (to) {
          await exec({ type: 'Transfer', windowId: w.id, to: { categoryId: to } }, w.staff, ({ events }) => callResult(service, w.id, events));
          w.state = 'idle';
          w.ticketId = null;
          return;
        }
      }
      const ticket = service.state.tickets.get(ticketId);
      const matter = ticket ? pick(matters.get(ticket.categoryId) ?? [null]) : null;
      await exec({ type: 'FinishService', windowId: w.id, matterId: matter }, w.staff, ({ events }) => callResult(service, w.id, events));
      w.state = 'idle';
      w.ticketId = null;
      if (rnd() < 0.35) {
        const u = rnd();
        let acc = 0;
        const level = LEVELS[LEVEL_WEIGHTS.findIndex((p) => (acc += p) >= u)] ?? 'satisfied';
        const low = level === 'dissatisfied' || level === 'very-dissatisfied';
        await exec(
          { type: 'RateService', windowId: w.id, ticketId, level, reasons: low ? [pick(LOW_REASONS)] : [], comment: low && rnd() < 0.3 ? '希望提高效率' : null },
          w.display,
          () => ratingView(service.state.tickets.get(ticketId)!),
        );
      }
    }
  }
}

import { expect } from 'vitest';
import type { HallCommand, HallEvent, HallRules, HallState, QueueRules, Ticket } from '../../src-main/domain';
import { compileRules, decide, DEFAULT_QUEUE_RULES, emptyState, evolveAll, findTicketByNumber, needsRollover } from '../../src-main/domain';

/** Monday 2026-11-23 09:00 in Asia/Shanghai (01:00 UTC). */
export const MONDAY_9AM = Date.UTC(2026, 10, 23, 1, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const ALL_DAY = { periods: [['00:00', '24:00']] as Array<[string, string]> };

export function testRules(overrides: Partial<HallRules> = {}, queue: Partial<QueueRules> = {}): HallRules {
  return {
    hallId: 'test-hall',
    timeZone: 'Asia/Shanghai',
    openingHours: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    closedDates: [],
    categories: [
      { id: 'A', name: '企业服务', nameEn: 'Enterprise', defaultServiceMinutes: 10, dailyCap: 999, matters: [{ id: 'A01', name: '个体工商户设立登记' }] },
      { id: 'B', name: '投资建设', nameEn: 'Construction', defaultServiceMinutes: 20, dailyCap: 999, matters: [{ id: 'B01', name: '建设工程规划许可' }] },
      { id: 'C', name: '社保医保', nameEn: 'Social insurance', defaultServiceMinutes: 5, dailyCap: 999, matters: [] },
    ],
    windows: [
      { id: 1, name: '1号窗口', categories: ['A', 'B'], strategy: 'longest-wait' },
      { id: 2, name: '2号窗口', categories: ['A'], strategy: 'longest-wait' },
      { id: 3, name: '3号窗口', categories: ['B', 'A'], strategy: 'category-order' },
      { id: 4, name: '4号窗口', categories: ['C'], strategy: 'longest-wait' },
    ],
    priorityClasses: [{ id: 'elderly', name: '老年人', nameEn: 'Senior', minAge: 65 }],
    queue: { ...DEFAULT_QUEUE_RULES, ...queue },
    ...overrides,
  };
}

/** A hall under test: a clock you move by hand and a state that follows every accepted command. */
export class TestHall {
  readonly rules;
  state: HallState;
  now: number;
  readonly log: HallEvent[] = [];
  private tokens = 0;

  constructor(rules: HallRules = testRules(), now = MONDAY_9AM) {
    this.rules = compileRules(rules);
    this.state = emptyState(this.rules);
    this.now = now;
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  /** Runs a command the way the app does (rolling the day over first); returns the decision. */
  run(cmd: HallCommand) {
    const ctx = { now: this.now, rules: this.rules };
    if (cmd.type !== 'CloseDay' && needsRollover(this.state, ctx)) this.ok({ type: 'CloseDay' });
    const d = decide(cmd, this.state, ctx);
    if (d.ok) {
      evolveAll(this.state, d.events);
      this.log.push(...d.events);
    }
    return d;
  }

  ok(cmd: HallCommand): HallEvent[] {
    const d = this.run(cmd);
    if (!d.ok) throw new Error(`expected ${cmd.type} to be accepted, got ${d.refusal.code}: ${d.refusal.messageEn}`);
    return d.events;
  }

  refused(cmd: HallCommand): string {
    const before = JSON.stringify([...this.state.tickets.values(), ...this.state.windows.values()]);
    const d = this.run(cmd);
    if (d.ok) throw new Error(`expected ${cmd.type} to be refused, got ${d.events.map((e) => e.type).join(', ')}`);
    // A refusal changes nothing.
    expect(JSON.stringify([...this.state.tickets.values(), ...this.state.windows.values()])).toBe(before);
    return d.refusal.code;
  }

  issue(categoryId: string, extra: Partial<Extract<HallCommand, { type: 'IssueTicket' }>> = {}): Ticket {
    const events = this.ok({ type: 'IssueTicket', categoryId, source: 'kiosk', token: `tok-${++this.tokens}`, ...extra });
    const issued = events.find((e) => e.type === 'TicketIssued');
    if (!issued || issued.type !== 'TicketIssued') throw new Error('no ticket issued');
    return this.ticket(issued.ticket.number);
  }

  open(windowId: number, staffId = `staff-${windowId}`): this {
    this.ok({ type: 'OpenWindow', windowId, staffId });
    return this;
  }

  /** Calls next at a window and returns the called number. */
  callNext(windowId: number): string {
    const events = this.ok({ type: 'CallNext', windowId });
    const called = events.find((e) => e.type === 'TicketCalled');
    if (!called || called.type !== 'TicketCalled') throw new Error('nothing called');
    return this.state.tickets.get(called.ticketId)!.number;
  }

  /** Calls and finishes, returning the number served. */
  serveNext(windowId: number, matterId: string | null = null): string {
    const n = this.callNext(windowId);
    const t = this.ticket(n);
    this.ok({ type: 'FinishService', windowId, matterId: matterId ?? this.rules.category.get(t.categoryId)!.matters[0]?.id ?? null });
    return n;
  }

  ticket(number: string): Ticket {
    const t = findTicketByNumber(this.state, number);
    if (!t) throw new Error(`no ticket ${number}`);
    return t;
  }
}

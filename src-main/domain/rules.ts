import type { Weekday } from './local-time';
import { clockToMinutes } from './local-time';
import type { BookingRules } from './booking/booking';
import { DEFAULT_BOOKING_RULES } from './booking/booking';
import type { EvaluationRules } from './rating';
import { DEFAULT_EVALUATION_RULES } from './rating';

// What the engine needs to know about a hall. The config file's schema (contracts/) produces this shape;
// the domain keeps its own definition so it depends on nothing outside itself.

export type CallingStrategy = 'longest-wait' | 'category-order';

export interface MatterRule {
  id: string;
  name: string;
  nameEn?: string | undefined;
}

export interface CategoryRule {
  id: string;
  name: string;
  nameEn: string;
  defaultServiceMinutes: number;
  dailyCap: number;
  matters: MatterRule[];
}

export interface WindowRule {
  id: number;
  name: string;
  nameEn?: string | undefined;
  /** Ordered: the first is the window's main category, the rest are backups. */
  categories: string[];
  strategy: CallingStrategy;
}

export interface PriorityClassRule {
  id: string;
  name: string;
  nameEn: string;
  /** A kiosk that reads an ID card gives this class automatically at or above this age. */
  minAge?: number | undefined;
}

export interface DayHours {
  /** [open, close] pairs as HH:MM in the hall's zone; close may be 24:00. */
  periods: Array<[string, string]>;
  /** No tickets after this HH:MM; defaults to the close of the last period. */
  lastTicket?: string | undefined;
}

export interface QueueRules {
  /** Priority calls in a row while normal tickets wait; 0 means strict arrival order. */
  maxPriorityInRow: number;
  reactivationGraceMinutes: number;
  /** A reactivated ticket goes back behind this many waiting tickets. */
  reactivationBehind: number;
  /** How many recent service times of a category feed the wait estimate. */
  serviceSamples: number;
}

export interface HallRules {
  hallId: string;
  timeZone: string;
  openingHours: Record<Weekday, DayHours>;
  /** YYYY-MM-DD days the hall is closed whatever the weekday says. */
  closedDates: string[];
  categories: CategoryRule[];
  windows: WindowRule[];
  priorityClasses: PriorityClassRule[];
  queue: QueueRules;
  /** 好差评 settings; DEFAULT_EVALUATION_RULES when absent (and for the parts absent). */
  evaluation?: (Omit<EvaluationRules, 'acceptHours' | 'cases'> & Partial<Pick<EvaluationRules, 'acceptHours' | 'cases'>>) | undefined;
  /** Appointments, remote tickets and check-in; DEFAULT_BOOKING_RULES when absent. */
  booking?: BookingRules | undefined;
}

export const DEFAULT_QUEUE_RULES: QueueRules = {
  maxPriorityInRow: 3,
  reactivationGraceMinutes: 30,
  reactivationBehind: 3,
  serviceSamples: 20,
};

/** Rules with lookups built once, so the hot paths never scan arrays. */
export interface CompiledRules extends HallRules {
  category: Map<string, CategoryRule>;
  window: Map<number, WindowRule>;
  priorityClass: Map<string, PriorityClassRule>;
  matter: Map<string, MatterRule & { categoryId: string }>;
  /** Windows serving a category, with weight 1 for a main category and 0.5 for a backup. */
  windowsServing: Map<string, Array<{ windowId: number; weight: number }>>;
  hours: Record<Weekday, { periods: Array<[number, number]>; lastTicket: number }>;
  closed: Set<string>;
  evaluation: EvaluationRules;
  booking: BookingRules;
}

export function compileRules(rules: HallRules): CompiledRules {
  const category = new Map(rules.categories.map((c) => [c.id, c]));
  const matter = new Map<string, MatterRule & { categoryId: string }>();
  for (const c of rules.categories) for (const m of c.matters) matter.set(m.id, { ...m, categoryId: c.id });
  const windowsServing = new Map<string, Array<{ windowId: number; weight: number }>>();
  for (const w of rules.windows) {
    w.categories.forEach((c, i) => {
      const list = windowsServing.get(c) ?? [];
      list.push({ windowId: w.id, weight: i === 0 ? 1 : 0.5 });
      windowsServing.set(c, list);
    });
  }
  const hours = {} as CompiledRules['hours'];
  for (const [day, h] of Object.entries(rules.openingHours) as Array<[Weekday, DayHours]>) {
    const periods = h.periods.map(([a, b]) => [clockToMinutes(a), clockToMinutes(b)] as [number, number]);
    const lastClose = periods.reduce((max, [, b]) => Math.max(max, b), 0);
    hours[day] = { periods, lastTicket: h.lastTicket ? clockToMinutes(h.lastTicket) : lastClose };
  }
  return {
    ...rules,
    category,
    window: new Map(rules.windows.map((w) => [w.id, w])),
    priorityClass: new Map(rules.priorityClasses.map((p) => [p.id, p])),
    matter,
    windowsServing,
    hours,
    closed: new Set(rules.closedDates),
    evaluation: { ...DEFAULT_EVALUATION_RULES, ...rules.evaluation },
    booking: rules.booking ?? DEFAULT_BOOKING_RULES,
  };
}

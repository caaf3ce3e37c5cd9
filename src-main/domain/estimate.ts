import type { CompiledRules } from './rules';
import type { HallState } from './state';
import type { Ticket } from './ticket';
import { waitingInOrder } from './queue-order';

const MINUTE = 60_000;

/** Mean of recent service times of a category, or its configured default when none are known yet. */
export function averageServiceMs(state: HallState, rules: CompiledRules, categoryId: string): number {
  const recent = state.recentServiceMs.get(categoryId);
  if (recent && recent.length > 0) return recent.reduce((a, b) => a + b, 0) / recent.length;
  return (rules.category.get(categoryId)?.defaultServiceMinutes ?? 10) * MINUTE;
}

/** Open windows serving a category; a window counts half for a backup category. */
export function servingCapacity(state: HallState, rules: CompiledRules, categoryId: string): number {
  let capacity = 0;
  for (const { windowId, weight } of rules.windowsServing.get(categoryId) ?? []) {
    if (state.windows.get(windowId)?.status === 'open') capacity += weight;
  }
  return capacity;
}

/**
 * The wait estimate of one category as a function of people ahead: capacity and pace are worked out once,
 * since a whole queue's positions are estimated together. Null while no window serving it is open.
 */
export function estimator(state: HallState, rules: CompiledRules, categoryId: string): (ahead: number) => number | null {
  const capacity = servingCapacity(state, rules, categoryId);
  if (capacity === 0) return () => null;
  const perPerson = averageServiceMs(state, rules, categoryId) / capacity / MINUTE;
  return (ahead) => Math.ceil(ahead * perPerson);
}

/** Minutes until `ahead` people are served; null when no window serving the category is open. */
export function estimateMinutes(state: HallState, rules: CompiledRules, categoryId: string, ahead: number): number | null {
  return estimator(state, rules, categoryId)(ahead);
}

export interface TicketPosition {
  ahead: number;
  estimatedMinutes: number | null;
}

export function positionOf(state: HallState, rules: CompiledRules, ticket: Ticket, now: number): TicketPosition | null {
  if (ticket.state !== 'waiting') return null;
  const order = waitingInOrder(state, ticket.categoryId, now);
  const ahead = order.findIndex((t) => t.id === ticket.id);
  if (ahead < 0) return null;
  return { ahead, estimatedMinutes: estimateMinutes(state, rules, ticket.categoryId, ahead) };
}

export interface CategoryQueueStats {
  categoryId: string;
  waiting: number;
  priorityWaiting: number;
  /** Longest current wait in ms, from issue. */
  longestWaitMs: number;
  /** For someone taking a number now. */
  estimatedMinutes: number | null;
  averageServiceMs: number;
  openWindows: number;
  /** Numbers in expected call order. */
  waitingNumbers: string[];
  issuedToday: number;
}

export function categoryStats(state: HallState, rules: CompiledRules, categoryId: string, now: number): CategoryQueueStats {
  const order = waitingInOrder(state, categoryId, now);
  let longest = 0;
  let priority = 0;
  for (const t of order) {
    longest = Math.max(longest, now - t.issuedAt);
    if (t.priorityClass !== null || t.appointment !== null) priority++;
  }
  let openWindows = 0;
  for (const { windowId } of rules.windowsServing.get(categoryId) ?? []) {
    if (state.windows.get(windowId)?.status === 'open') openWindows++;
  }
  return {
    categoryId,
    waiting: order.length,
    priorityWaiting: priority,
    longestWaitMs: longest,
    estimatedMinutes: estimateMinutes(state, rules, categoryId, order.length),
    averageServiceMs: Math.round(averageServiceMs(state, rules, categoryId)),
    openWindows,
    waitingNumbers: order.map((t) => t.number),
    issuedToday: state.lastSeq.get(categoryId) ?? 0,
  };
}

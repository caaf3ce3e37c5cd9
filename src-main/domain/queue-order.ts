import type { CompiledRules, WindowRule } from './rules';
import type { HallState } from './state';
import type { Ticket } from './ticket';

/** Priority classes always rank; a checked-in appointment ranks once its slot has begun. */
export function ranksAsPriority(t: Ticket, now: number): boolean {
  return t.priorityClass !== null || (t.appointment !== null && now >= t.appointment.slotStart);
}

export interface NextPick {
  ticket: Ticket;
  priorityStreak: number;
}

function earliest(a: Ticket | null, b: Ticket): Ticket {
  return a === null || b.queueKey < a.queueKey ? b : a;
}

/**
 * The ticket a window calls next:
 * 1. tickets transferred to this window, earliest first;
 * 2. among the window's categories (all at once for longest-wait, the first non-empty one for
 *    category-order): priority before normal, but at most maxPriorityInRow priority calls in a row
 *    while normal tickets wait; 0 means strict arrival order.
 */
export function pickNext(state: HallState, rules: CompiledRules, window: WindowRule, now: number): NextPick | null {
  const streak = state.windows.get(window.id)?.priorityStreak ?? 0;

  let targeted: Ticket | null = null;
  for (const ids of state.waiting.values()) {
    for (const id of ids) {
      const t = state.tickets.get(id);
      if (t && t.targetWindowId === window.id) targeted = earliest(targeted, t);
    }
  }
  if (targeted) return { ticket: targeted, priorityStreak: streak };

  let bestPriority: Ticket | null = null;
  let bestNormal: Ticket | null = null;
  for (const categoryId of window.categories) {
    for (const id of state.waiting.get(categoryId) ?? []) {
      const t = state.tickets.get(id);
      if (!t || t.targetWindowId !== null) continue;
      if (ranksAsPriority(t, now)) bestPriority = earliest(bestPriority, t);
      else bestNormal = earliest(bestNormal, t);
    }
    if (window.strategy === 'category-order' && (bestPriority || bestNormal)) break;
  }
  if (!bestPriority && !bestNormal) return null;

  const maxInRow = rules.queue.maxPriorityInRow;
  if (maxInRow === 0) {
    const first = bestNormal && (!bestPriority || bestNormal.queueKey < bestPriority.queueKey) ? bestNormal : bestPriority;
    return { ticket: first!, priorityStreak: 0 };
  }
  if (bestPriority && (!bestNormal || streak < maxInRow)) {
    return { ticket: bestPriority, priorityStreak: bestNormal ? streak + 1 : 0 };
  }
  return { ticket: bestNormal!, priorityStreak: 0 };
}

/** Waiting tickets of a category in the order they are expected to be called (priority first). */
export function waitingInOrder(state: HallState, categoryId: string, now: number): Ticket[] {
  // Priority is decided once per ticket, not once per comparison: screens and phones sort often.
  const priority: Ticket[] = [];
  const normal: Ticket[] = [];
  for (const id of state.waiting.get(categoryId) ?? []) {
    const t = state.tickets.get(id);
    if (t) (ranksAsPriority(t, now) ? priority : normal).push(t);
  }
  const byKey = (a: Ticket, b: Ticket) => a.queueKey - b.queueKey;
  return [...priority.sort(byKey), ...normal.sort(byKey)];
}

/** Waiting tickets of a category by queue key alone (arrival order, reactivations placed). */
export function waitingByKey(state: HallState, categoryId: string): Ticket[] {
  const list: Ticket[] = [];
  for (const id of state.waiting.get(categoryId) ?? []) {
    const t = state.tickets.get(id);
    if (t) list.push(t);
  }
  return list.sort((a, b) => a.queueKey - b.queueKey);
}

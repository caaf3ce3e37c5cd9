import type { CompiledRules, HallState } from '../domain';
import { closedWindow } from '../domain';
import type { Failure } from './hall-service';

const LIVE_STATES = new Set(['waiting', 'called', 'serving', 'pending']);

/**
 * Why the queue cannot take new rules right now, or null: a window that is open (or paused) cannot be
 * removed, and a category cannot be removed while tickets of it are still waiting or being served.
 */
export function reconfigureRefusal(state: HallState, rules: CompiledRules): Failure | null {
  for (const w of state.windows.values()) {
    if (!rules.window.has(w.id) && w.status !== 'closed') {
      return {
        code: 'WINDOW_IN_USE',
        message: `${w.id}号窗口正在使用（${w.staffId ?? ''}），请先让工作人员退出该窗口再删除`,
        messageEn: `Window ${w.id} is in use${w.staffId ? ` by ${w.staffId}` : ''}; it must be closed before it is removed`,
        details: { windowId: w.id },
      };
    }
  }
  for (const t of state.tickets.values()) {
    if (LIVE_STATES.has(t.state) && !rules.category.has(t.categoryId)) {
      return {
        code: 'CATEGORY_IN_USE',
        message: `业务类别 ${t.categoryId} 还有未办结的号码（${t.number}），不能删除`,
        messageEn: `Category ${t.categoryId} still has open tickets (${t.number}); it cannot be removed`,
        details: { categoryId: t.categoryId, number: t.number },
      };
    }
  }
  return null;
}

/** Gives the state the new rules' windows: new ones start closed, removed (closed) ones are dropped. */
export function adoptRules(state: HallState, rules: CompiledRules): void {
  for (const w of rules.windows) if (!state.windows.has(w.id)) state.windows.set(w.id, closedWindow(rules.hallId, w.id));
  for (const id of [...state.windows.keys()]) if (!rules.window.has(id)) state.windows.delete(id);
  state.serviceSamples = rules.queue.serviceSamples;
}

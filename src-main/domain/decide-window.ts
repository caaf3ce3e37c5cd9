import type { HallCommand } from './commands';
import type { DecideContext, Decision } from './decision';
import { accept, reject } from './decision';
import type { Refusal } from './refusals';
import { refuse } from './refusals';
import type { HallState } from './state';
import type { WindowState } from './window';

export function windowOrRefusal(state: HallState, windowId: number): WindowState | Refusal {
  return state.windows.get(windowId) ?? refuse('UNKNOWN_WINDOW', { window: windowId });
}

export function isRefusal(x: object): x is Refusal {
  return 'code' in x && 'messageEn' in x;
}

export function decideOpenWindow(cmd: Extract<HallCommand, { type: 'OpenWindow' }>, state: HallState, ctx: DecideContext): Decision {
  const w = windowOrRefusal(state, cmd.windowId);
  if (isRefusal(w)) return reject(w);
  if (w.status !== 'closed') {
    // Signing in again at one's own window (a reloaded console) changes nothing.
    if (w.staffId === cmd.staffId) return accept();
    return reject(refuse('WINDOW_TAKEN', { window: w.id }));
  }
  for (const other of state.windows.values()) {
    if (other.staffId === cmd.staffId && other.status !== 'closed') {
      return reject(refuse('STAFF_AT_OTHER_WINDOW', { window: other.id }));
    }
  }
  return accept({ type: 'WindowOpened', at: ctx.now, windowId: w.id, staffId: cmd.staffId });
}

export function decideCloseWindow(cmd: Extract<HallCommand, { type: 'CloseWindow' }>, state: HallState, ctx: DecideContext): Decision {
  const w = windowOrRefusal(state, cmd.windowId);
  if (isRefusal(w)) return reject(w);
  if (w.status === 'closed') return accept();
  if (w.currentTicketId) return reject(refuse('WINDOW_BUSY', { window: w.id }));
  return accept({ type: 'WindowClosed', at: ctx.now, windowId: w.id, staffId: w.staffId });
}

export function decidePause(cmd: Extract<HallCommand, { type: 'PauseWindow' }>, state: HallState, ctx: DecideContext): Decision {
  const w = windowOrRefusal(state, cmd.windowId);
  if (isRefusal(w)) return reject(w);
  if (w.status === 'closed') return reject(refuse('WINDOW_CLOSED', { window: w.id }));
  if (w.status === 'paused') return reject(refuse('WINDOW_PAUSED', { window: w.id }));
  if (w.currentTicketId) return reject(refuse('WINDOW_BUSY', { window: w.id }));
  return accept({ type: 'WindowPaused', at: ctx.now, windowId: w.id, reason: cmd.reason });
}

export function decideResume(cmd: Extract<HallCommand, { type: 'ResumeWindow' }>, state: HallState, ctx: DecideContext): Decision {
  const w = windowOrRefusal(state, cmd.windowId);
  if (isRefusal(w)) return reject(w);
  if (w.status !== 'paused') return reject(refuse('WINDOW_NOT_PAUSED', { window: w.id }));
  return accept({ type: 'WindowResumed', at: ctx.now, windowId: w.id });
}

/** A window that may call: open, not paused, no current ticket. */
export function callableWindow(state: HallState, windowId: number): WindowState | Refusal {
  const w = windowOrRefusal(state, windowId);
  if (isRefusal(w)) return w;
  if (w.status === 'closed') return refuse('WINDOW_CLOSED', { window: w.id });
  if (w.status === 'paused') return refuse('WINDOW_PAUSED', { window: w.id });
  if (w.currentTicketId) return refuse('WINDOW_BUSY', { window: w.id });
  return w;
}

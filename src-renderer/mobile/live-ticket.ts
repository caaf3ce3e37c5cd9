import type { CallView, PublicTicketView } from '../../src-main/contracts';

// The live ticket page as pure functions: what to show for a ticket's state and position, how updates
// merge (never older over newer), and which alerts (vibration, a notification) a change should fire —
// each once, however often the same state is heard again after reconnects and refreshes.

export type LivePhase = 'pending' | 'waiting' | 'near' | 'called' | 'serving' | 'missed' | 'finished' | 'cancelled' | 'expired';

export interface LiveDisplay {
  phase: LivePhase;
  number: string;
  categoryName: string;
  ahead: number | null;
  estimatedMinutes: number | null;
  /** The window's number for 请到 3 号窗口, and its name. */
  windowId: number | null;
  windowName: string | null;
  callCount: number;
  /** Nothing more will happen to this ticket. */
  over: boolean;
}

export function liveDisplay(view: PublicTicketView, turnNearAhead: number): LiveDisplay {
  const base = {
    number: view.number,
    categoryName: view.categoryName,
    ahead: view.ahead,
    estimatedMinutes: view.estimatedMinutes,
    windowId: view.windowId,
    windowName: view.windowName,
    callCount: view.callCount,
  };
  switch (view.state) {
    case 'waiting':
      return { ...base, phase: view.ahead !== null && view.ahead <= turnNearAhead ? 'near' : 'waiting', over: false };
    case 'pending':
    case 'called':
    case 'serving':
    case 'missed':
      return { ...base, phase: view.state, over: false };
    case 'finished':
    case 'cancelled':
    case 'expired':
      return { ...base, phase: view.state, over: true };
  }
}

/** The newer of two views of the same ticket (by the hall's sequence number). */
export function newerView(current: PublicTicketView | null, next: PublicTicketView): PublicTicketView {
  if (!current || current.number !== next.number) return next;
  return next.seq >= current.seq ? next : current;
}

/** A call heard for this ticket, before (or instead of) its status update. */
export function applyCallToView(view: PublicTicketView | null, call: CallView): PublicTicketView | null {
  if (!view || view.number !== call.number || call.seq < view.seq) return view;
  return { ...view, state: 'called', windowId: call.windowId, windowName: call.windowName, callCount: call.callCount, ahead: null, estimatedMinutes: null, seq: call.seq };
}

export type LiveAlert =
  | { kind: 'near'; ahead: number }
  | { kind: 'called'; windowId: number | null; windowName: string | null; callCount: number }
  | { kind: 'missed' };

/** What has been alerted for one ticket (kept per ticket token, so a reload does not buzz again). */
export interface AlertMemory {
  near: boolean;
  /** The highest call count alerted: a recall (count 2) alerts again. */
  calls: number;
  missed: boolean;
}

export const FRESH_MEMORY: AlertMemory = { near: false, calls: 0, missed: false };

export function nextAlerts(memory: AlertMemory, view: PublicTicketView, turnNearAhead: number): { memory: AlertMemory; alerts: LiveAlert[] } {
  const alerts: LiveAlert[] = [];
  let m = memory;
  if (view.state === 'waiting') {
    // Back in the queue after a miss (reactivated at a kiosk): the next approach and miss alert again.
    if (m.missed) m = { ...m, missed: false, near: false };
    if (!m.near && view.ahead !== null && view.ahead <= turnNearAhead) {
      m = { ...m, near: true };
      alerts.push({ kind: 'near', ahead: view.ahead });
    }
  } else if (view.state === 'called') {
    if (view.callCount > m.calls) {
      m = { ...m, calls: view.callCount, near: true };
      alerts.push({ kind: 'called', windowId: view.windowId, windowName: view.windowName, callCount: view.callCount });
    }
  } else if (view.state === 'missed' && !m.missed) {
    m = { ...m, missed: true };
    alerts.push({ kind: 'missed' });
  }
  return { memory: m, alerts };
}

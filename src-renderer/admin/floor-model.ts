import type { AlertView, CategoryView, HallSnapshot, TicketView, WindowView } from '../../src-main/contracts';
import { localName, reasonName } from '../shared/reason-names';

// The 电子监察 floor view, as plain data: window cards, waiting per category, and the alert list. Names and
// pause reasons come in the page's language (`locale`; English names fall back to the Chinese ones).

export type CardState = 'closed' | 'open' | 'paused' | 'called' | 'serving';
export type Level = 'yellow' | 'red';

export interface WindowCard {
  id: number;
  name: string;
  state: CardState;
  staffName: string | null;
  currentNumber: string | null;
  /** Minutes since the current ticket was called (or its service started). */
  minutes: number | null;
  pauseReason: string | null;
  categories: string[];
  servedToday: number;
  level: Level | null;
}

export interface QueueRow {
  categoryId: string;
  name: string;
  waiting: number;
  priorityWaiting: number;
  longestWaitMinutes: number;
  openWindows: number;
  level: Level | null;
}

const MINUTE = 60_000;

/** The server's clock now, from the snapshot's serverTime and when it arrived: screens' clocks drift. */
export function serverNow(snapshotServerTime: number, receivedAt: number, localNow: number): number {
  return snapshotServerTime + (localNow - receivedAt);
}

function worst(levels: Array<Level | null>): Level | null {
  if (levels.includes('red')) return 'red';
  return levels.includes('yellow') ? 'yellow' : null;
}

const activeAlerts = (alerts: readonly AlertView[]) => alerts.filter((a) => a.clearedAt === null);

function currentTicket(w: WindowView, tickets: readonly TicketView[]): TicketView | undefined {
  if (!w.currentNumber) return undefined;
  return tickets.find((t) => t.number === w.currentNumber && t.windowId === w.id);
}

export function windowCards(snapshot: HallSnapshot, alerts: readonly AlertView[], now: number, locale = 'zh-CN'): WindowCard[] {
  const active = activeAlerts(alerts);
  return snapshot.windows.map((w) => {
    const t = currentTicket(w, snapshot.tickets ?? []);
    const since = t ? (t.servingAt ?? t.calledAt) : null;
    const state: CardState = w.status !== 'open' ? w.status : w.currentTicketState === 'serving' ? 'serving' : w.currentTicketState === 'called' ? 'called' : 'open';
    return {
      id: w.id,
      name: localName(locale, w),
      state,
      staffName: w.staffName,
      currentNumber: w.currentNumber,
      minutes: since === null ? null : Math.max(0, Math.floor((now - since) / MINUTE)),
      pauseReason: w.pauseReason === null ? null : reasonName(locale, w.pauseReason),
      categories: w.categories,
      servedToday: w.servedToday,
      level: worst(active.filter((a) => (a.kind === 'service' || a.kind === 'pause') && a.subject === String(w.id)).map((a) => a.level)),
    };
  });
}

export function queueRows(snapshot: HallSnapshot, alerts: readonly AlertView[], locale = 'zh-CN'): QueueRow[] {
  const names = new Map<string, CategoryView>(snapshot.categories.map((c) => [c.id, c]));
  const waits = activeAlerts(alerts).filter((a) => a.kind === 'wait');
  return snapshot.queues.map((q) => ({
    categoryId: q.categoryId,
    name: localName(locale, names.get(q.categoryId), q.categoryId),
    waiting: q.waiting,
    priorityWaiting: q.priorityWaiting,
    longestWaitMinutes: q.longestWaitMinutes,
    openWindows: q.openWindows,
    level: worst(waits.filter((a) => a.subject.startsWith(q.categoryId)).map((a) => a.level)),
  }));
}

/** Active alerts first (red before yellow), then cleared ones awaiting acknowledgement; newest first within. */
export function sortAlerts(alerts: readonly AlertView[]): AlertView[] {
  const rank = (a: AlertView) => (a.clearedAt === null ? (a.level === 'red' ? 0 : 1) : 2);
  return [...alerts].sort((a, b) => rank(a) - rank(b) || b.raisedAt - a.raisedAt || b.id - a.id);
}

/** A pushed alert change: replaces the alert; one both cleared and acknowledged leaves the list. */
export function applyAlert(alerts: readonly AlertView[], alert: AlertView): AlertView[] {
  const rest = alerts.filter((a) => a.id !== alert.id);
  return sortAlerts(alert.clearedAt !== null && alert.acknowledgedAt !== null ? rest : [...rest, alert]);
}

export function alertCounts(alerts: readonly AlertView[]): { red: number; yellow: number; unacknowledged: number } {
  const active = activeAlerts(alerts);
  return {
    red: active.filter((a) => a.level === 'red').length,
    yellow: active.filter((a) => a.level === 'yellow').length,
    unacknowledged: alerts.filter((a) => a.acknowledgedAt === null).length,
  };
}

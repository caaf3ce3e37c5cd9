import type { CounterClientEvents, HallSnapshot, TicketView, WindowView } from '../../src-main/contracts';

// What the console may do right now, decided from facts alone so it can be tested without Vue. The rules
// mirror the queue engine's: a button is disabled exactly when the server would refuse, and says why.

export const CONSOLE_ACTIONS = ['callNext', 'recall', 'noShow', 'start', 'finish', 'transfer', 'callNumber', 'pause', 'resume', 'close'] as const;
export type WindowAction = (typeof CONSOLE_ACTIONS)[number];
/** 'open' is signing in at a window (the window picker); the rest act on the window one is signed in at. */
export type ConsoleAction = WindowAction | 'open';

export type DisabledReason =
  | 'offline'
  | 'inFlight'
  | 'otherInFlight'
  | 'noWindow'
  | 'windowOpen'
  | 'paused'
  | 'notPaused'
  | 'noTicket'
  | 'ticketActive'
  | 'alreadyServing';

export interface ActionState {
  enabled: boolean;
  /** This very action is waiting for the server. */
  busy: boolean;
  reason: DisabledReason | null;
}

export interface ConsoleFacts {
  online: boolean;
  /** The window this account is signed in at; null when none. */
  window: Pick<WindowView, 'status' | 'currentTicketState'> | null;
  /** The action waiting for its acknowledgement, if any: one at a time, like a hardware caller. */
  inFlight: ConsoleAction | null;
}

const OK: ActionState = { enabled: true, busy: false, reason: null };
const no = (reason: DisabledReason): ActionState => ({ enabled: false, busy: false, reason });

/** Why an action cannot apply to the window as it stands, or null when it can. */
function windowReason(action: ConsoleAction, window: ConsoleFacts['window']): DisabledReason | null {
  const signedIn = window !== null && window.status !== 'closed';
  if (action === 'open') return signedIn ? 'windowOpen' : null;
  if (!signedIn) return 'noWindow';
  if (window.status === 'paused') return action === 'resume' || action === 'close' ? null : 'paused';
  if (action === 'resume') return 'notPaused';
  const ticket = window.currentTicketState;
  switch (action) {
    case 'callNext':
    case 'callNumber':
    case 'pause':
    case 'close':
      return ticket ? 'ticketActive' : null;
    case 'recall':
    case 'noShow':
    case 'start':
      if (!ticket) return 'noTicket';
      return ticket === 'called' ? null : 'alreadyServing';
    case 'finish':
    case 'transfer':
      return ticket ? null : 'noTicket';
  }
}

export function actionState(action: ConsoleAction, facts: ConsoleFacts): ActionState {
  if (!facts.online) return no('offline');
  if (facts.inFlight === action) return { enabled: false, busy: true, reason: 'inFlight' };
  if (facts.inFlight !== null) return no('otherInFlight');
  const reason = windowReason(action, facts.window);
  return reason ? no(reason) : OK;
}

export function actionStates(facts: ConsoleFacts): Record<ConsoleAction, ActionState> {
  const out = {} as Record<ConsoleAction, ActionState>;
  for (const a of [...CONSOLE_ACTIONS, 'open'] as const) out[a] = actionState(a, facts);
  return out;
}

/** Keys like a hardware caller's: F1–F9, shown on the buttons. F8 pauses or resumes, whichever applies. */
export const SHORTCUTS: Record<WindowAction, string> = {
  callNext: 'F1',
  recall: 'F2',
  noShow: 'F3',
  start: 'F4',
  finish: 'F5',
  transfer: 'F6',
  callNumber: 'F7',
  pause: 'F8',
  resume: 'F8',
  close: 'F9',
};

/** The action a key stands for given the window's state (null: not a console key). */
export function actionForKey(key: string, window: ConsoleFacts['window']): WindowAction | null {
  if (key === 'F8') return window?.status === 'paused' ? 'resume' : 'pause';
  const hit = (Object.entries(SHORTCUTS) as Array<[WindowAction, string]>).find(([action, k]) => k === key && action !== 'pause' && action !== 'resume');
  return hit ? hit[0] : null;
}

/** The socket event behind each action. */
export const ACTION_EVENTS = {
  open: 'window:open',
  callNext: 'queue:callNext',
  recall: 'ticket:recall',
  noShow: 'ticket:noShow',
  start: 'ticket:start',
  finish: 'ticket:finish',
  transfer: 'ticket:transfer',
  callNumber: 'queue:callNumber',
  pause: 'window:pause',
  resume: 'window:resume',
  close: 'window:close',
} as const satisfies Record<ConsoleAction, keyof CounterClientEvents>;

/** Actions that ask something first (which matter, where to, which number, why) before they are sent. */
export const DIALOG_ACTIONS = new Set<WindowAction>(['finish', 'transfer', 'callNumber', 'pause']);

// --- Retrying without acting twice -------------------------------------------------------------------

export interface Attempt {
  action: ConsoleAction;
  /** The payload without its request id: a retry must ask for exactly the same thing. */
  payloadKey: string;
  requestId: string;
}

/**
 * The request id for an action. After a TIMEOUT nobody knows whether the server acted, so the same action
 * with the same payload is sent again under the same id and the server answers with its first result
 * instead of acting twice. Anything else is a new request.
 */
export function attemptFor(uncertain: Attempt | null, action: ConsoleAction, payloadKey: string, freshId: () => string): Attempt {
  if (uncertain && uncertain.action === action && uncertain.payloadKey === payloadKey) return uncertain;
  return { action, payloadKey, requestId: freshId() };
}

/** What to remember after an answer: the attempt while its outcome is unknown, nothing once it is known. */
export function uncertainAfter(attempt: Attempt, answerCode: string | null, previous: Attempt | null): Attempt | null {
  if (answerCode === 'TIMEOUT') return attempt;
  // OFFLINE means nothing was sent: an earlier uncertain attempt stays uncertain.
  if (answerCode === 'OFFLINE') return previous;
  return null;
}

// --- What the console shows ---------------------------------------------------------------------------

/** The window this account is signed in at, from the latest picture of the hall. */
export function myWindow(snapshot: HallSnapshot | null): WindowView | null {
  const me = snapshot?.me?.username;
  if (!snapshot || !me) return null;
  return snapshot.windows.find((w) => w.staffId === me && w.status !== 'closed') ?? null;
}

/** The ticket at the window now, if the console knows it (numbers alone come from the window view). */
export function currentTicket(snapshot: HallSnapshot | null, window: WindowView | null): TicketView | null {
  if (!snapshot?.tickets || !window?.currentNumber) return null;
  return snapshot.tickets.find((t) => t.number === window.currentNumber && t.windowId === window.id && (t.state === 'called' || t.state === 'serving')) ?? null;
}

/** Minutes the citizen waited from taking the number until it was called (or until now). */
export function waitedMinutes(t: Pick<TicketView, 'issuedAt' | 'calledAt'>, now: number): number {
  return Math.max(0, Math.floor(((t.calledAt ?? now) - t.issuedAt) / 60_000));
}

/** Waiting counts of the window's own categories, in the window's order (main category first). */
export function myQueues(snapshot: HallSnapshot | null, window: WindowView | null) {
  if (!snapshot || !window) return [];
  return window.categories.flatMap((id) => {
    const q = snapshot.queues.find((x) => x.categoryId === id);
    const c = snapshot.categories.find((x) => x.id === id);
    return q && c ? [{ ...q, name: c.name, nameEn: c.nameEn }] : [];
  });
}

export const TICKET_NUMBER = /^[A-Za-z]\d{3}$/;

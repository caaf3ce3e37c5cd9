import type {
  CallView,
  HallSnapshot,
  PublicTicketUpdate,
  QueueUpdate,
  TicketUpdate,
  WindowUpdate,
} from '../../src-main/contracts';

// Pure state logic every page shares, tested without Vue: a snapshot replaces everything; an update older
// than the snapshot it would land on is dropped, so a late message can never roll a screen back.

export interface HallState {
  snapshot: HallSnapshot | null;
  /** Highest hall sequence number applied. */
  seq: number;
}

export function emptyHallState(): HallState {
  return { snapshot: null, seq: 0 };
}

export function applySnapshot(state: HallState, snapshot: HallSnapshot): HallState {
  return { snapshot, seq: snapshot.seq };
}

function fresh(state: HallState, seq: number): state is HallState & { snapshot: HallSnapshot } {
  return state.snapshot !== null && seq >= state.seq;
}

export function applyTicketUpdate(state: HallState, u: TicketUpdate): HallState {
  if (!fresh(state, u.seq) || !state.snapshot.tickets) return state;
  const open = u.ticket.state === 'waiting' || u.ticket.state === 'called' || u.ticket.state === 'serving' || u.ticket.state === 'missed';
  const others = state.snapshot.tickets.filter((t) => t.id !== u.ticket.id);
  const tickets = open ? [...others, u.ticket].sort((a, b) => a.issuedAt - b.issuedAt) : others;
  return { snapshot: { ...state.snapshot, tickets }, seq: Math.max(state.seq, u.seq) };
}

export function applyWindowUpdate(state: HallState, u: WindowUpdate): HallState {
  if (!fresh(state, u.seq)) return state;
  const windows = state.snapshot.windows.map((w) => (w.id === u.window.id ? u.window : w));
  return { snapshot: { ...state.snapshot, windows }, seq: Math.max(state.seq, u.seq) };
}

export function applyQueueUpdate(state: HallState, u: QueueUpdate): HallState {
  if (!fresh(state, u.seq)) return state;
  const byId = new Map(u.queues.map((q) => [q.categoryId, q]));
  const queues = state.snapshot.queues.map((q) => byId.get(q.categoryId) ?? q);
  return { snapshot: { ...state.snapshot, queues }, seq: Math.max(state.seq, u.seq) };
}

export const RECENT_CALLS_KEPT = 30;

export function applyCall(state: HallState, call: CallView): HallState {
  if (!fresh(state, call.seq)) return state;
  if (state.snapshot.recentCalls.some((c) => c.seq === call.seq)) return state;
  const recentCalls = [call, ...state.snapshot.recentCalls].slice(0, RECENT_CALLS_KEPT);
  return { snapshot: { ...state.snapshot, recentCalls }, seq: Math.max(state.seq, call.seq) };
}

/** For a phone: keep the newest view of the watched ticket. */
export function newerTicketStatus<T extends PublicTicketUpdate>(current: T | null, next: T): T {
  return current && current.seq > next.seq ? current : next;
}

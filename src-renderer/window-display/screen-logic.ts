import type { HallSnapshot, WindowView } from '../../src-main/contracts';

// What the window screen says when it is not the evaluator, from the window's view alone.

export type ScreenLine =
  | { kind: 'closed' }
  | { kind: 'paused'; reason: string | null }
  | { kind: 'idle' }
  | { kind: 'called'; number: string }
  | { kind: 'serving'; number: string };

export function screenLine(w: WindowView | null): ScreenLine {
  if (!w || w.status === 'closed') return { kind: 'closed' };
  if (w.status === 'paused') return { kind: 'paused', reason: w.pauseReason };
  if (!w.currentNumber) return { kind: 'idle' };
  return w.currentTicketState === 'serving' ? { kind: 'serving', number: w.currentNumber } : { kind: 'called', number: w.currentNumber };
}

/** The window this screen belongs to: the server binds it to the device key. */
export function boundWindow(snapshot: HallSnapshot | null): WindowView | null {
  if (!snapshot || snapshot.windowId === null || snapshot.windowId === undefined) return null;
  return snapshot.windows.find((w) => w.id === snapshot.windowId) ?? null;
}

/** A number called while the evaluator is still up for the previous citizen: shown in a strip above it. */
export function callWhileRating(w: WindowView | null, ratingTicketNumber: string | null): string | null {
  const line = screenLine(w);
  if (line.kind !== 'called' && line.kind !== 'serving') return null;
  return line.number !== ratingTicketNumber ? line.number : null;
}

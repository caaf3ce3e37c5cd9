export type WindowStatus = 'closed' | 'open' | 'paused';

export interface WindowState {
  hallId: string;
  id: number;
  status: WindowStatus;
  staffId: string | null;
  currentTicketId: string | null;
  pauseReason: string | null;
  pausedAt: number | null;
  openedAt: number | null;
  /** Priority calls made in a row while normal tickets waited. */
  priorityStreak: number;
}

export function closedWindow(hallId: string, id: number): WindowState {
  return {
    hallId,
    id,
    status: 'closed',
    staffId: null,
    currentTicketId: null,
    pauseReason: null,
    pausedAt: null,
    openedAt: null,
    priorityStreak: 0,
  };
}

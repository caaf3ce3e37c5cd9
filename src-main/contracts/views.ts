// What clients see. Plain JSON; personal data only ever masked.

export const NEXT_NUMBERS_SHOWN = 10;

export type Role = 'kiosk' | 'counter' | 'display' | 'mobile' | 'admin';
export type TicketState = 'waiting' | 'called' | 'serving' | 'finished' | 'missed' | 'cancelled' | 'expired';
export type TicketSource = 'kiosk' | 'remote' | 'appointment' | 'counter';
export type WindowStatus = 'closed' | 'open' | 'paused';

export interface MatterView {
  id: string;
  name: string;
  nameEn?: string | undefined;
}

export interface CategoryView {
  id: string;
  name: string;
  nameEn: string;
  matters: MatterView[];
}

export interface CategoryQueueView {
  categoryId: string;
  waiting: number;
  priorityWaiting: number;
  longestWaitMinutes: number;
  /** For someone taking a number now; null while no window serving it is open. */
  estimatedMinutes: number | null;
  averageServiceMinutes: number;
  openWindows: number;
  /** The next numbers in expected call order (at most NEXT_NUMBERS_SHOWN). */
  nextNumbers: string[];
  issuedToday: number;
}

export interface WindowView {
  id: number;
  name: string;
  nameEn?: string | undefined;
  categories: string[];
  status: WindowStatus;
  staffId: string | null;
  staffName: string | null;
  pauseReason: string | null;
  currentNumber: string | null;
  currentTicketState: TicketState | null;
  servedToday: number;
  averageServiceMinutes: number | null;
}

/** For staff and admins: masked citizen marks, no hashes, no tokens. */
export interface TicketView {
  id: string;
  number: string;
  serviceDay: string;
  categoryId: string;
  issuedCategoryId: string;
  matterId: string | null;
  source: TicketSource;
  priorityClass: string | null;
  appointment: { slotStart: number; slotEnd: number } | null;
  citizen: { maskedName: string; maskedId: string } | null;
  state: TicketState;
  issuedAt: number;
  calledAt: number | null;
  callCount: number;
  windowId: number | null;
  targetWindowId: number | null;
  servingAt: number | null;
  finishedAt: number | null;
  missedAt: number | null;
  matterHandled: string | null;
  transferCount: number;
}

/** For the citizen's own phone: nothing personal. */
export interface PublicTicketView {
  number: string;
  categoryId: string;
  categoryName: string;
  state: TicketState;
  issuedAt: number;
  ahead: number | null;
  estimatedMinutes: number | null;
  windowId: number | null;
  windowName: string | null;
  callCount: number;
  seq: number;
}

export interface CallView {
  seq: number;
  number: string;
  categoryId: string;
  windowId: number;
  windowName: string;
  callCount: number;
  recall: boolean;
  at: number;
}

export interface IssuedTicketView {
  ticket: TicketView;
  /** Opaque token for the live page /t/<token>. */
  token: string;
  liveUrl: string;
  ahead: number;
  estimatedMinutes: number | null;
  hallName: string;
  categoryName: string;
  matterName: string | null;
}

export interface HallSnapshot {
  hallId: string;
  seq: number;
  serverTime: number;
  serviceDay: string | null;
  hall: { name: string; nameEn: string; timeZone: string; notice: string; noticeEn: string };
  categories: CategoryView[];
  queues: CategoryQueueView[];
  windows: WindowView[];
  recentCalls: CallView[];
  priorityClasses: Array<{ id: string; name: string; nameEn: string; minAge?: number | undefined }>;
  pauseReasons: string[];
  /** Open tickets of the day (staff and admins only). */
  tickets?: TicketView[] | undefined;
  /** The window this connection is bound to (window displays, and counters once signed in). */
  windowId?: number | null | undefined;
  me?: { username: string; displayName: string; role: string } | undefined;
}

export interface QueueUpdate {
  seq: number;
  queues: CategoryQueueView[];
}

export interface TicketUpdate {
  seq: number;
  ticket: TicketView;
}

export interface WindowUpdate {
  seq: number;
  window: WindowView;
}

export interface PublicTicketUpdate {
  seq: number;
  ticket: PublicTicketView;
}

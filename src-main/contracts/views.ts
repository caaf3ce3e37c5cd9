import type { AlertView } from './admin';
import type { AudioState } from './socket-inputs';

// What clients see. Plain JSON; personal data only ever masked.

export const NEXT_NUMBERS_SHOWN = 10;

export type Role = 'kiosk' | 'counter' | 'display' | 'mobile' | 'supervisor' | 'admin';
/** 'pending': a remote ticket waiting for its check-in at a kiosk before it joins the queue. */
export type TicketState = 'pending' | 'waiting' | 'called' | 'serving' | 'finished' | 'missed' | 'cancelled' | 'expired';
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
  /** The citizen's rating once given (server always sends it; optional for hand-built views). */
  rating?: { level: RatingLevel; at: number } | null | undefined;
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

/** A ticket that has just (re)joined its queue (reactivated, remote check-in), with where it now stands. */
export interface JoinedTicketView extends TicketView {
  /** People ahead in expected call order; null when it is not waiting. */
  ahead: number | null;
  estimatedMinutes: number | null;
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

export interface SlotView {
  start: number;
  end: number;
  /** HH:MM in the hall's time zone. */
  label: string;
  free: number;
}

export interface DaySlotsView {
  day: string;
  slots: SlotView[];
}

export type BookingState = 'booked' | 'checked-in' | 'cancelled' | 'no-show';

/** A booking as its owner sees it (by its token): masked, with the code to type at the kiosk. */
export interface BookingView {
  code: string;
  token: string;
  pageUrl: string;
  state: BookingState;
  categoryId: string;
  categoryName: string;
  matterId: string | null;
  matterName: string | null;
  day: string;
  slotStart: number;
  slotEnd: number;
  slotLabel: string;
  checkInFrom: number;
  maskedName: string;
  maskedId: string;
  maskedMobile: string;
  /** After check-in: the ticket's live-page token. */
  ticketToken: string | null;
  ticketNumber: string | null;
}

/** A kiosk check-in: the ticket issued for the booking (late: a normal ticket). */
export interface CheckInView extends IssuedTicketView {
  late: boolean;
  slotLabel: string;
}

export interface AnnouncementSettings {
  repeat: number;
  prefer: 'clips' | 'speech';
  chime: boolean;
  /** e.g. "请 {number} 号 到 {window} 号窗口 办理"; only words with recorded clips (ANNOUNCEMENT_WORDS). */
  template: string;
  /** 0–1 */
  volume: number;
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
  /** How screens announce calls (config `announcement`); always sent, optional only for hand-built snapshots. */
  announcement?: AnnouncementSettings | undefined;
  /** Open tickets of the day (staff and admins only). */
  tickets?: TicketView[] | undefined;
  /** The window this connection is bound to (window displays, and counters once signed in). */
  windowId?: number | null | undefined;
  me?: { username: string; displayName: string; role: string } | undefined;
  /** Kiosks' printers and card readers as last reported (staff and admins only). */
  devices?: DeviceStatusView[] | undefined;
  /** 电子监察 (supervisors and admins): alerts still active or not yet acknowledged, newest first. */
  alerts?: AlertView[] | undefined;
  /** Supervisors and admins: how hard the hall server works (the floor view warns when overloaded). */
  serverLoad?: ServerLoadView | undefined;
  /** 好差评 settings (config `evaluation`); always sent, optional only for hand-built snapshots. */
  evaluation?: EvaluationSettings | undefined;
  /** Window displays: the finished ticket their evaluator should still offer (after a reload), if any. */
  pendingEvaluation?: EvaluationInvite | null | undefined;
  /** What a citizen's phone needs to explain its ticket; always sent, optional only for hand-built snapshots. */
  mobile?: MobileSettings | undefined;
}

/** Config the phone pages follow: when to say the turn is near, how long a missed number can be reactivated. */
export interface MobileSettings {
  /** notifications.turnNearAhead: the phone alerts when this many people or fewer are ahead. */
  turnNearAhead: number;
  /** queue.reactivationGraceMinutes: a missed number may be reactivated at a kiosk this long. */
  reactivationGraceMinutes: number;
  /** booking.remoteNeedsCheckIn: a remote number joins the queue only after a check-in at a kiosk. */
  remoteNeedsCheckIn: boolean;
}

export type RatingLevel = 'very-satisfied' | 'satisfied' | 'basic' | 'dissatisfied' | 'very-dissatisfied';

export interface EvaluationSettings {
  timeoutSeconds: number;
  /** Reasons offered for the two low levels. */
  lowReasons: string[];
}

/** After 办结 at a window, to that window's room: its screen becomes the evaluator until expiresAt. */
export interface EvaluationInvite {
  seq: number;
  ticketId: string;
  number: string;
  windowId: number;
  staffName: string | null;
  finishedAt: number;
  /** Server time after which the rating is refused. */
  expiresAt: number;
}

/** To the window's room once the ticket is rated, so every screen of the window closes its evaluator. */
export interface EvaluationClosed {
  seq: number;
  ticketId: string;
  windowId: number;
  level: RatingLevel;
}

/** The answer to ticket:rate. */
export interface RatingView {
  ticketId: string;
  number: string;
  windowId: number;
  staffId: string | null;
  level: RatingLevel;
  reasons: string[];
  comment: string | null;
  ratedAt: number;
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

/** What a kiosk says about its printer: `absent` for a tablet (web kiosk) that has none. */
export type PrinterState = 'ok' | 'near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error' | 'absent';
export type ReaderState = 'ok' | 'error' | 'absent';

/** A kiosk's devices as the hall last heard of them; staff see faults and fix paper on the spot. */
export interface DeviceStatusView {
  deviceId: string;
  name: string | null;
  /** A kiosk reports its printer and card reader; a screen (hall or window display) its sound. */
  kind: 'kiosk' | 'display';
  /** Connected to the hall right now. */
  online: boolean;
  printer: PrinterState;
  reader: ReaderState;
  /** The device's own words about the fault, e.g. 打印机缺纸. */
  detail: string | null;
  /** Screens: whether calls are heard (null for kiosks, and for a screen that has not said yet). */
  audio: AudioState | null;
  /** The last ticket the hall issued that did not come out of the printer. */
  lastPrintFailure: { number: string; reason: string; detail: string | null; at: number } | null;
  updatedAt: number;
}

/** The hall server's load as admins see it: sampled every few seconds. */
export interface ServerLoadView {
  overloaded: boolean;
  /** What is over its limit: the event loop's delay, the statistics projector's lag, queued reports. */
  reasons: Array<'event-loop' | 'projector' | 'queries'>;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Events not yet in the statistics read model (the largest over the server's halls). */
  projectorLagEvents: number;
  /** True while the statistics are being rebuilt from the log (after an upgrade): lag is expected then. */
  rebuilding: boolean;
  queuedQueries: number;
}

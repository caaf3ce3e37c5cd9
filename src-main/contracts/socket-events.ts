import type { FieldIssue } from './issues';
import type {
  CallView,
  DeviceStatusView,
  EvaluationClosed,
  EvaluationInvite,
  HallSnapshot,
  IssuedTicketView,
  PublicTicketUpdate,
  PublicTicketView,
  QueueUpdate,
  RatingView,
  TicketUpdate,
  TicketView,
  WindowUpdate,
  WindowView,
} from './views';
import type {
  FinishInput,
  IssueTicketInput,
  KioskStatusInput,
  NumberInput,
  OpenWindowInput,
  PauseInput,
  PlainInput,
  PrintFailedInput,
  RateInput,
  TransferInput,
  WatchInput,
} from './socket-inputs';

// The realtime contract. Each role has its own client → server map; a socket may emit only its role's
// events (anything else is answered with FORBIDDEN). Every mutating event carries a requestId: a retry
// with the same id returns the first result.

export interface ErrorAck {
  ok: false;
  code: string;
  message: string;
  messageEn: string;
  details?: Record<string, string | number> | undefined;
  issues?: FieldIssue[] | undefined;
}

export type Ack<T> = { ok: true; data: T } | ErrorAck;
export type AckFn<T> = (ack: Ack<T>) => void;

export interface CallResult {
  ticket: TicketView;
  window: WindowView;
}

interface CommonClientEvents {
  'hall:snapshot': (payload: Record<string, never> | undefined, ack: AckFn<HallSnapshot>) => void;
}

export interface KioskClientEvents extends CommonClientEvents {
  'ticket:issue': (payload: IssueTicketInput, ack: AckFn<IssuedTicketView>) => void;
  'ticket:reactivate': (payload: NumberInput, ack: AckFn<TicketView>) => void;
  /** The kiosk's printer and card reader, sent on every (re)connection and whenever they change. */
  'kiosk:status': (payload: KioskStatusInput, ack: AckFn<DeviceStatusView>) => void;
  /** A ticket the hall issued did not print; the kiosk shows it on screen and staff are told. */
  'ticket:printFailed': (payload: PrintFailedInput, ack: AckFn<DeviceStatusView>) => void;
}

export interface CounterClientEvents extends CommonClientEvents {
  'window:open': (payload: OpenWindowInput, ack: AckFn<WindowView>) => void;
  'window:close': (payload: PlainInput, ack: AckFn<WindowView>) => void;
  'window:pause': (payload: PauseInput, ack: AckFn<WindowView>) => void;
  'window:resume': (payload: PlainInput, ack: AckFn<WindowView>) => void;
  'queue:callNext': (payload: PlainInput, ack: AckFn<CallResult>) => void;
  'queue:callNumber': (payload: NumberInput, ack: AckFn<CallResult>) => void;
  'ticket:recall': (payload: PlainInput, ack: AckFn<CallResult>) => void;
  'ticket:noShow': (payload: PlainInput, ack: AckFn<CallResult>) => void;
  'ticket:start': (payload: PlainInput, ack: AckFn<CallResult>) => void;
  'ticket:finish': (payload: FinishInput, ack: AckFn<CallResult>) => void;
  'ticket:transfer': (payload: TransferInput, ack: AckFn<CallResult>) => void;
  'ticket:cancel': (payload: NumberInput, ack: AckFn<TicketView>) => void;
}

/** Hall screens only listen; a window display (bound to a window) also carries the evaluator. */
export interface DisplayClientEvents extends CommonClientEvents {
  'ticket:rate': (payload: RateInput, ack: AckFn<RatingView>) => void;
}

export interface MobileClientEvents extends CommonClientEvents {
  'ticket:watch': (payload: WatchInput, ack: AckFn<PublicTicketView>) => void;
}

export interface AdminClientEvents extends CommonClientEvents {
  'ticket:cancel': (payload: NumberInput, ack: AckFn<TicketView>) => void;
}

export type ClientEventsByRole = {
  kiosk: KioskClientEvents;
  counter: CounterClientEvents;
  display: DisplayClientEvents;
  mobile: MobileClientEvents;
  admin: AdminClientEvents;
};

/** Everything any role may send: what the server listens to. */
export type AllClientEvents = KioskClientEvents & CounterClientEvents & DisplayClientEvents & MobileClientEvents & AdminClientEvents;

export interface ServerEvents {
  /** Sent on every (re)connection and on request: replace all local state with it. */
  'hall:snapshot': (snapshot: HallSnapshot) => void;
  /** A number called or recalled to a window: hall screens, that window's screen, the ticket's phone. */
  'ticket:called': (call: CallView) => void;
  /** A ticket changed (staff and admins). */
  'ticket:changed': (update: TicketUpdate) => void;
  /** The watched ticket changed or moved up the queue (the citizen's phone). */
  'ticket:status': (update: PublicTicketUpdate) => void;
  'window:changed': (update: WindowUpdate) => void;
  'queue:changed': (update: QueueUpdate) => void;
  /** After 办结: the window's screens (and its console) show the evaluator for this ticket. */
  'evaluation:invite': (invite: EvaluationInvite) => void;
  /** The ticket was rated: every screen of the window closes its evaluator. */
  'evaluation:closed': (closed: EvaluationClosed) => void;
  /** A kiosk's printer or reader changed, a ticket it issued did not print, or it went off line (staff and admins). */
  'device:status': (status: DeviceStatusView) => void;
}

/** What the handshake's `auth` may hold, by kind of client. */
export type HandshakeAuth =
  | { hallId: string; token: string }
  | { hallId: string; deviceId: string; deviceKey: string }
  | { hallId: string; role: 'mobile' };

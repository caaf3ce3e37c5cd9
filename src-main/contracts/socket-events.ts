import type {
  AccountCreateInput,
  AccountPasswordInput,
  AccountUpdateInput,
  AdminAccountView,
  AdminConfigView,
  AdminDeviceView,
  AlertAckInput,
  AlertListInput,
  AlertView,
  AuditListInput,
  AuditPageView,
  ConfigUpdateInput,
  DeviceCreateInput,
  DeviceKeyView,
  DeviceRefInput,
} from './admin';
import type {
  CaseAnswerInput,
  CaseAppealInput,
  CaseCloseInput,
  CaseDecideAppealInput,
  CaseListInput,
  CaseListView,
  CaseRefInput,
  CaseReviewInput,
  CaseVerifyInput,
  CitizenRateInput,
  CitizenRatingGetInput,
  CitizenRatingView,
  RatingCaseView,
} from './cases';
import type { FieldIssue } from './issues';
import type { SessionEndedNotice } from './session';
import type { BookingView, CheckInView, DaySlotsView, SlotView } from './views';
import type { BookInput, BookingTokenInput, CancelBookingInput, CheckInInput, RemoteTicketInput, RescheduleInput, SlotsInput } from './socket-inputs';
import type {
  CallView,
  DeviceStatusView,
  EvaluationClosed,
  EvaluationInvite,
  HallSnapshot,
  IssuedTicketView,
  JoinedTicketView,
  PublicTicketUpdate,
  PublicTicketView,
  QueueUpdate,
  RatingView,
  ServerLoadView,
  TicketUpdate,
  TicketView,
  WindowUpdate,
  WindowView,
} from './views';
import type {
  FinishInput,
  IssueTicketInput,
  KioskStatusInput,
  DisplayStatusInput,
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
  /** With SLOT_FULL: the next free slots to offer instead. */
  suggestions?: SlotView[] | undefined;
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
  'ticket:reactivate': (payload: NumberInput, ack: AckFn<JoinedTicketView>) => void;
  /** The kiosk's printer and card reader, sent on every (re)connection and whenever they change. */
  'kiosk:status': (payload: KioskStatusInput, ack: AckFn<DeviceStatusView>) => void;
  /** A ticket the hall issued did not print; the kiosk shows it on screen and staff are told. */
  'ticket:printFailed': (payload: PrintFailedInput, ack: AckFn<DeviceStatusView>) => void;
  /** 签到: by the booking code or the same ID card; issues the appointment's ticket. */
  'booking:checkIn': (payload: CheckInInput, ack: AckFn<CheckInView>) => void;
  /** A remote ticket that needs check-in joins the queue. */
  'ticket:checkIn': (payload: NumberInput, ack: AckFn<JoinedTicketView>) => void;
}

/** The case board (好差评 整改): staff see and act on their own and their team's cases. */
export interface CaseStaffClientEvents {
  'case:list': (payload: CaseListInput, ack: AckFn<CaseListView>) => void;
  /** One case, with the full mobile number for those who must call back. */
  'case:get': (payload: CaseRefInput, ack: AckFn<RatingCaseView>) => void;
  'case:verify': (payload: CaseVerifyInput, ack: AckFn<RatingCaseView>) => void;
  'case:appeal': (payload: CaseAppealInput, ack: AckFn<RatingCaseView>) => void;
  'case:answer': (payload: CaseAnswerInput, ack: AckFn<RatingCaseView>) => void;
}

/** Supervisors also decide appeals, review answers and close cases. */
export interface CaseSupervisorClientEvents extends CaseStaffClientEvents {
  'case:decideAppeal': (payload: CaseDecideAppealInput, ack: AckFn<RatingCaseView>) => void;
  'case:review': (payload: CaseReviewInput, ack: AckFn<RatingCaseView>) => void;
  'case:close': (payload: CaseCloseInput, ack: AckFn<RatingCaseView>) => void;
}

export interface CounterClientEvents extends CommonClientEvents, CaseStaffClientEvents {
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
  /** The screen's sound, sent on every (re)connection and whenever it changes; staff are told like of a kiosk's printer. */
  'display:status': (payload: DisplayStatusInput, ack: AckFn<DeviceStatusView>) => void;
}

export interface MobileClientEvents extends CommonClientEvents {
  'ticket:watch': (payload: WatchInput, ack: AckFn<PublicTicketView>) => void;
  /** Free slots of a category for today and the bookable days ahead. */
  'booking:slots': (payload: SlotsInput, ack: AckFn<DaySlotsView[]>) => void;
  'booking:make': (payload: BookInput, ack: AckFn<BookingView>) => void;
  'booking:get': (payload: BookingTokenInput, ack: AckFn<BookingView>) => void;
  'booking:cancel': (payload: CancelBookingInput, ack: AckFn<BookingView>) => void;
  'booking:reschedule': (payload: RescheduleInput, ack: AckFn<BookingView>) => void;
  /** 网上取号: a number now, in opening hours, within the category's remote share of the day's cap. */
  'ticket:remote': (payload: RemoteTicketInput, ack: AckFn<IssuedTicketView>) => void;
  /** 好差评 from the phone: a finished ticket (by its page token) or a booking's service (by the booking's token). */
  'rating:give': (payload: CitizenRateInput, ack: AckFn<CitizenRatingView>) => void;
  /** Whether the page's ticket may be rated, was rated, and for a real-name bad rating how its case stands. */
  'rating:get': (payload: CitizenRatingGetInput, ack: AckFn<CitizenRatingView>) => void;
}

/** 电子监察: watch the floor, acknowledge alerts, read the audit log (statistics are HTTP). */
export interface SupervisorClientEvents extends CommonClientEvents, CaseSupervisorClientEvents {
  'ticket:cancel': (payload: NumberInput, ack: AckFn<TicketView>) => void;
  'alert:ack': (payload: AlertAckInput, ack: AckFn<AlertView>) => void;
  'alert:list': (payload: AlertListInput, ack: AckFn<AlertView[]>) => void;
  'audit:list': (payload: AuditListInput, ack: AckFn<AuditPageView>) => void;
}

/** Everything a supervisor may do, and the live hall config: every change is validated like the config file. */
export interface AdminClientEvents extends SupervisorClientEvents {
  'config:get': (payload: Record<string, never> | undefined, ack: AckFn<AdminConfigView>) => void;
  'config:update': (payload: ConfigUpdateInput, ack: AckFn<AdminConfigView>) => void;
  'account:create': (payload: AccountCreateInput, ack: AckFn<AdminAccountView>) => void;
  'account:update': (payload: AccountUpdateInput, ack: AckFn<AdminAccountView>) => void;
  'account:resetPassword': (payload: AccountPasswordInput, ack: AckFn<AdminAccountView>) => void;
  'device:create': (payload: DeviceCreateInput, ack: AckFn<DeviceKeyView>) => void;
  'device:rotateKey': (payload: DeviceRefInput, ack: AckFn<DeviceKeyView>) => void;
  'device:remove': (payload: DeviceRefInput, ack: AckFn<AdminDeviceView>) => void;
}

export type ClientEventsByRole = {
  kiosk: KioskClientEvents;
  counter: CounterClientEvents;
  display: DisplayClientEvents;
  mobile: MobileClientEvents;
  supervisor: SupervisorClientEvents;
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
  /** An alert was raised, escalated, cleared or acknowledged (supervisors and admins). */
  'alert:changed': (alert: AlertView) => void;
  /** Supervisors and admins: the server's load, while it is overloaded and once more when it is no longer. */
  'server:load': (load: ServerLoadView) => void;
  /** A case was opened or moved (staff of its window and team, supervisors, admins). */
  'case:changed': (view: RatingCaseView) => void;
  /** The watched ticket's rating was received or its case moved (the citizen's phone). */
  'rating:changed': (view: CitizenRatingView) => void;
  /** Staff, supervisors and admins: this connection's session ended (logout, password reset, role change, disabled account, expiry); log in again. */
  'session:ended': (notice: SessionEndedNotice) => void;
}

/** What the handshake's `auth` may hold, by kind of client. */
export type HandshakeAuth =
  | { hallId: string; token: string }
  | { hallId: string; deviceId: string; deviceKey: string }
  | { hallId: string; role: 'mobile' };

import type { BookingCommand } from './booking/booking-events';
import type { RatingChannel, RatingLevel } from './rating';
import type { CallbackAnswer } from './rating-case';
import type { AppointmentMark, CitizenMark, TicketSource } from './ticket';

export type TransferTarget = { categoryId: string } | { windowId: number };

export type HallCommand =
  | {
      type: 'IssueTicket';
      categoryId: string;
      matterId?: string | null | undefined;
      source: TicketSource;
      priorityClass?: string | null | undefined;
      appointment?: AppointmentMark | null | undefined;
      citizen?: CitizenMark | null | undefined;
      /** Generated outside (random); the domain stays deterministic. */
      token: string;
      /** For notices (remote tickets). */
      contactMobile?: string | null | undefined;
    }
  | { type: 'OpenWindow'; windowId: number; staffId: string }
  | { type: 'CloseWindow'; windowId: number }
  | { type: 'PauseWindow'; windowId: number; reason: string }
  | { type: 'ResumeWindow'; windowId: number }
  | { type: 'CallNext'; windowId: number }
  | { type: 'CallNumber'; windowId: number; number: string }
  | { type: 'Recall'; windowId: number }
  | { type: 'MarkNoShow'; windowId: number }
  | { type: 'StartService'; windowId: number }
  | { type: 'FinishService'; windowId: number; matterId?: string | null | undefined }
  | { type: 'Transfer'; windowId: number; to: TransferTarget }
  | { type: 'Reactivate'; number: string }
  | { type: 'CancelTicket'; number: string }
  | {
      type: 'RateService';
      /** The window whose screen the rating came from (channel 'window'): it must be the one that finished the ticket. */
      windowId: number | null;
      ticketId: string;
      level: RatingLevel;
      reasons?: string[] | undefined;
      comment?: string | null | undefined;
      /** Defaults to 'window'. */
      channel?: RatingChannel | undefined;
      /** A mobile number for the callback (实名评价); a remote or booked ticket's own number is used otherwise. */
      mobile?: string | null | undefined;
    }
  | CaseCommand
  | { type: 'CloseDay' }
  | BookingCommand
  /** At a kiosk: by the booking's code or the ID card's keyed hash; the ticket gets `token`. */
  | { type: 'CheckInBooking'; by: { code: string } | { idHash: string }; token: string }
  /** At a kiosk: a remote ticket that needs check-in joins the queue. */
  | { type: 'CheckInTicket'; number: string };

export type HallCommandType = HallCommand['type'];

/** Who acts on a case: staff may act on their own cases and their team's; supervisors and admins on any. */
export interface CaseActor {
  username: string;
  role: 'staff' | 'supervisor' | 'admin';
}

export type CaseCommand =
  /** 核实: the team checked what happened; the case moves to 整改中. */
  | { type: 'VerifyCase'; caseId: string; by: CaseActor; note: string }
  /** 申诉: the window disputes the rating; a supervisor decides. */
  | { type: 'AppealCase'; caseId: string; by: CaseActor; reason: string }
  /** Supervisor: upheld closes the case (the rating no longer counts against the window); refused sends it back to 整改中. */
  | { type: 'DecideAppeal'; caseId: string; by: CaseActor; upheld: boolean; note: string }
  /** 整改反馈: what was rectified, and for a real-name rating the callback with the citizen's answer. */
  | { type: 'AnswerCase'; caseId: string; by: CaseActor; rectification: string; callback: { answer: CallbackAnswer; note: string } | null }
  /** 复核 by a supervisor: approved, or sent back to 整改中. */
  | { type: 'ReviewCase'; caseId: string; by: CaseActor; approved: boolean; note: string }
  | { type: 'CloseCase'; caseId: string; by: CaseActor; note: string };

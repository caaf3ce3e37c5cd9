import type { BookingCommand } from './booking/booking-events';
import type { RatingLevel } from './rating';
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
      /** The window whose screen the rating came from: it must be the one that finished the ticket. */
      windowId: number;
      ticketId: string;
      level: RatingLevel;
      reasons?: string[] | undefined;
      comment?: string | null | undefined;
    }
  | { type: 'CloseDay' }
  | BookingCommand
  /** At a kiosk: by the booking's code or the ID card's keyed hash; the ticket gets `token`. */
  | { type: 'CheckInBooking'; by: { code: string } | { idHash: string }; token: string }
  /** At a kiosk: a remote ticket that needs check-in joins the queue. */
  | { type: 'CheckInTicket'; number: string };

export type HallCommandType = HallCommand['type'];

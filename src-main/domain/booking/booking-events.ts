import type { Booking } from './booking';

export type BookingEvent =
  | { type: 'BookingMade'; at: number; booking: Booking }
  | { type: 'BookingCancelled'; at: number; bookingId: string }
  | { type: 'BookingRescheduled'; at: number; bookingId: string; day: string; slotStart: number; slotEnd: number }
  | { type: 'BookingCheckedIn'; at: number; bookingId: string; ticketId: string; late: boolean }
  | { type: 'BookingMissed'; at: number; bookingId: string }
  | { type: 'BookingReminded'; at: number; bookingId: string };

export type BookingCommand =
  | {
      type: 'MakeBooking';
      bookingId: string;
      code: string;
      token: string;
      categoryId: string;
      matterId?: string | null | undefined;
      slotStart: number;
      citizen: { maskedName: string; maskedId: string; idHash: string };
      mobile: string;
    }
  | { type: 'CancelBooking'; bookingId: string }
  | { type: 'RescheduleBooking'; bookingId: string; slotStart: number }
  | { type: 'SweepBookings' };

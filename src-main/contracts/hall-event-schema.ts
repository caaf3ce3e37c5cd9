import { z } from 'zod';

// Every queue event (HallEvent in src-main/domain/events.ts and booking/booking-events.ts) as zod, for
// events that come from outside this server: a linked hall's uploads (src-main/contracts/city-link.ts).
// The city folds them with `evolve` and writes them through the hall store, so an event must be exactly
// what the domain would have produced: every field present, nothing more (strict objects). Contracts import
// nothing but zod; the compile-time check that the output type equals HallEvent is in
// src-main/city/hall-events.ts.
//
// Secrets never travel: the log keeps live-page tokens, ID hashes and booking codes empty
// (storage/sqlite/event-codec.ts `loggable`), so those strings may be empty here.

const id = z.string().min(1).max(100);
const ticketId = z.string().min(1).max(40);
const windowId = z.number().int().positive().max(999);
const categoryId = z.string().regex(/^[A-Z]$/, 'a single capital letter');
const time = z.number().int().nonnegative();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const staffId = z.string().min(1).max(48).nullable();
/** Tokens, hashes, codes: empty in the log. */
const secret = z.string().max(200);

const ticketState = z.enum(['pending', 'waiting', 'called', 'serving', 'finished', 'missed', 'cancelled', 'expired']);
const ticketSource = z.enum(['kiosk', 'remote', 'appointment', 'counter']);
const ratingLevel = z.enum(['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied']);
const ratingChannel = z.enum(['window', 'phone', 'slip-qr', 'booking']);
const caseState = z.enum(['verifying', 'rectifying', 'appealed', 'answered', 'reviewed', 'closed']);
const note = z.string().max(2000);
const callbackSchema = z.object({ at: time, by: z.string().min(1).max(48), answer: z.enum(['satisfied', 'basic', 'dissatisfied']), note }).strict();

const ticketSchema = z
  .object({
    hallId: id,
    id: ticketId,
    serviceDay: day,
    categoryId,
    issuedCategoryId: categoryId,
    seq: z.number().int().positive().max(999),
    number: z.string().regex(/^[A-Z]\d{3}$/, 'a ticket number such as A017'),
    matterId: id.nullable(),
    source: ticketSource,
    priorityClass: id.nullable(),
    appointment: z.object({ bookingId: id, slotStart: time, slotEnd: time, checkedInAt: time }).strict().nullable(),
    citizen: z.object({ maskedName: z.string().max(60), maskedId: z.string().max(40), idHash: secret }).strict().nullable(),
    token: secret,
    state: ticketState,
    queueKey: z.number().finite(),
    issuedAt: time,
    callCount: z.number().int().nonnegative(),
    calledAt: time.nullable(),
    windowId: windowId.nullable(),
    targetWindowId: windowId.nullable(),
    servingAt: time.nullable(),
    finishedAt: time.nullable(),
    missedAt: time.nullable(),
    closedAt: time.nullable(),
    matterHandled: id.nullable(),
    staffId,
    transferCount: z.number().int().nonnegative(),
    rating: z
      .object({ level: ratingLevel, channel: ratingChannel, realName: z.boolean(), reasons: z.array(z.string().max(40)).max(20), comment: z.string().max(1000).nullable(), at: time, windowId, staffId })
      .strict()
      .nullable(),
    contactMobile: z.string().max(40).nullable(),
  })
  .strict();

const bookingSchema = z
  .object({
    hallId: id,
    id,
    code: secret,
    token: secret,
    categoryId,
    matterId: id.nullable(),
    day,
    slotStart: time,
    slotEnd: time,
    maskedName: z.string().max(60),
    maskedId: z.string().max(40),
    idHash: secret,
    mobile: z.string().max(40),
    state: z.enum(['booked', 'checked-in', 'cancelled', 'no-show']),
    createdAt: time,
    checkedInAt: time.nullable(),
    ticketId: ticketId.nullable(),
    remindedAt: time.nullable(),
    closedAt: time.nullable(),
  })
  .strict();

const caseSchema = z
  .object({
    id: ticketId,
    hallId: id,
    number: z.string().regex(/^[A-Z]\d{3}$/, 'a ticket number such as A017'),
    serviceDay: day,
    categoryId,
    matterId: id.nullable(),
    windowId,
    staffId,
    teamId: id.nullable(),
    level: ratingLevel,
    reasons: z.array(z.string().max(40)).max(20),
    comment: z.string().max(1000).nullable(),
    channel: ratingChannel,
    /** Masked in the log (138****0000). */
    mobile: z.string().max(40).nullable(),
    token: secret,
    state: caseState,
    outcome: z.enum(['rectified', 'appeal-upheld']).nullable(),
    openedAt: time,
    warnAt: time,
    dueAt: time,
    verification: note.nullable(),
    rectification: note.nullable(),
    callback: callbackSchema.nullable(),
    answeredAt: time.nullable(),
    appeal: z.object({ at: time, by: z.string().min(1).max(48), reason: note }).strict().nullable(),
    closedAt: time.nullable(),
    history: z
      .array(
        z
          .object({
            at: time,
            action: z.enum(['opened', 'verified', 'appealed', 'appeal-upheld', 'appeal-refused', 'answered', 'review-approved', 'review-returned', 'closed']),
            by: z.string().min(1).max(48).nullable(),
            note,
          })
          .strict(),
      )
      .max(200),
  })
  .strict();

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), at: time, ...shape }).strict();

/** A day's tickets can all expire at once: up to 26 categories × 999 numbers. */
const MAX_TICKETS_PER_DAY = 26 * 999;

export const hallEventSchema = z.discriminatedUnion('type', [
  event('TicketIssued', { ticket: ticketSchema }),
  event('TicketCalled', { ticketId, windowId, staffId, callCount: z.number().int().positive(), priorityStreak: z.number().int().nonnegative(), how: z.enum(['next', 'number']) }),
  event('TicketRecalled', { ticketId, windowId, callCount: z.number().int().positive() }),
  event('ServiceStarted', { ticketId, windowId }),
  event('ServiceFinished', { ticketId, windowId, staffId, categoryId, matterId: id.nullable(), serviceMs: z.number().nonnegative() }),
  event('TicketMissed', { ticketId, windowId }),
  event('TicketReactivated', { ticketId, queueKey: z.number().finite() }),
  event('TicketTransferred', {
    ticketId,
    fromWindowId: windowId,
    to: z.union([z.object({ categoryId }).strict(), z.object({ windowId }).strict()]),
    categoryId,
  }),
  event('TicketCancelled', { ticketId }),
  event('DayClosed', {
    closedDay: day.nullable(),
    newDay: day,
    expiredTicketIds: z.array(ticketId).max(MAX_TICKETS_PER_DAY),
    clearedWindowIds: z.array(windowId).max(999),
    keptForRating: z.array(ticketId).max(MAX_TICKETS_PER_DAY * 31).nullish(),
  }),
  event('WindowOpened', { windowId, staffId: z.string().min(1).max(48) }),
  event('WindowClosed', { windowId, staffId }),
  event('WindowPaused', { windowId, reason: z.string().max(40) }),
  event('WindowResumed', { windowId }),
  event('ServiceRated', {
    ticketId,
    windowId,
    staffId,
    level: ratingLevel,
    reasons: z.array(z.string().max(40)).max(20),
    comment: z.string().max(1000).nullable(),
    channel: ratingChannel.nullish(),
    realName: z.boolean().nullish(),
    categoryId: categoryId.nullish(),
    matterId: id.nullish(),
  }),
  event('TicketCheckedIn', { ticketId }),
  event('BookingMade', { booking: bookingSchema }),
  event('BookingCancelled', { bookingId: id }),
  event('BookingRescheduled', { bookingId: id, day, slotStart: time, slotEnd: time }),
  event('BookingCheckedIn', { bookingId: id, ticketId, late: z.boolean() }),
  event('BookingMissed', { bookingId: id }),
  event('BookingReminded', { bookingId: id }),
  event('CaseOpened', { case: caseSchema }),
  event('CaseVerified', { caseId: ticketId, by: z.string().min(1).max(48), note }),
  event('CaseAppealed', { caseId: ticketId, by: z.string().min(1).max(48), reason: note }),
  event('CaseAppealDecided', { caseId: ticketId, by: z.string().min(1).max(48), upheld: z.boolean(), note }),
  event('CaseAnswered', { caseId: ticketId, by: z.string().min(1).max(48), rectification: note, callback: callbackSchema.nullable() }),
  event('CaseReviewed', { caseId: ticketId, by: z.string().min(1).max(48), approved: z.boolean(), note }),
  event('CaseClosed', { caseId: ticketId, by: z.string().min(1).max(48), note }),
]);

export type HallEventFromSchema = z.output<typeof hallEventSchema>;

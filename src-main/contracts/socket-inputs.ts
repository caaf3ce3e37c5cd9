import { z } from 'zod';
import type { PrinterState, ReaderState } from './views';

// Payload schemas for every client → server socket event. Strict objects: unknown fields are errors,
// so a typo in a client shows up at once instead of being ignored.

export const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId: 8–64 letters, digits, - or _');
const number = z.string().regex(/^[A-Za-z]\d{3}$/, 'a ticket number like A017').transform((s) => s.toUpperCase());
const categoryId = z.string().regex(/^[A-Z]$/, 'a category letter');
const shortId = z.string().min(1).max(48);

export const citizenMarkSchema = z
  .object({
    maskedName: z.string().min(1).max(40),
    maskedId: z.string().regex(/^[0-9A-Za-z*]{6,40}$/, 'a masked ID such as 110101********123X'),
    idHash: z.string().regex(/^[0-9a-f]{64}$/, 'hex HMAC-SHA256 of the ID number'),
  })
  .strict();

export const issueTicketInput = z
  .object({
    requestId,
    categoryId,
    matterId: shortId.nullish(),
    priorityClass: shortId.nullish(),
    citizen: citizenMarkSchema.nullish(),
  })
  .strict();

export const numberInput = z.object({ requestId, number }).strict();
export const plainInput = z.object({ requestId }).strict();
export const openWindowInput = z.object({ requestId, windowId: z.number().int().positive() }).strict();
export const pauseInput = z.object({ requestId, reason: z.string().trim().min(1).max(50) }).strict();
export const finishInput = z.object({ requestId, matterId: shortId.nullish() }).strict();
export const transferInput = z
  .object({
    requestId,
    to: z.union([z.object({ categoryId }).strict(), z.object({ windowId: z.number().int().positive() }).strict()]),
  })
  .strict();
export const watchInput = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a ticket token') }).strict();
export const snapshotInput = z.object({}).strict().optional();

// 预约 and 网上取号 from a phone; check-in at a kiosk.
const token = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a token');
const personName = z.string().trim().min(1, 'name required').max(30);
const mobileNumber = z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number (11 digits starting with 1)');
/** Format only here; the check digit (GB 11643) is checked by the hall, which says which is wrong. */
const idNumber = z.string().trim().regex(/^\d{17}[\dXx]$/, 'an 18-character resident ID number');
export const slotsInput = z.object({ categoryId }).strict();
export const bookInput = z
  .object({ requestId, categoryId, matterId: shortId.nullish(), slotStart: z.number().int().positive(), name: personName, mobile: mobileNumber, idNumber })
  .strict();
export const bookingTokenInput = z.object({ token }).strict();
export const cancelBookingInput = z.object({ requestId, token }).strict();
export const rescheduleInput = z.object({ requestId, token, slotStart: z.number().int().positive() }).strict();
export const remoteTicketInput = z.object({ requestId, categoryId, matterId: shortId.nullish(), name: personName, mobile: mobileNumber, idNumber }).strict();
export const checkInInput = z.union([
  z.object({ requestId, code: z.string().regex(/^\d{6}$/, 'the six-digit booking code') }).strict(),
  z.object({ requestId, citizen: citizenMarkSchema }).strict(),
]);

export type SlotsInput = z.input<typeof slotsInput>;
export type BookInput = z.input<typeof bookInput>;
export type BookingTokenInput = z.input<typeof bookingTokenInput>;
export type CancelBookingInput = z.input<typeof cancelBookingInput>;
export type RescheduleInput = z.input<typeof rescheduleInput>;
export type RemoteTicketInput = z.input<typeof remoteTicketInput>;
export type CheckInInput = z.input<typeof checkInInput>;
/** 好差评 from a window screen: the ticket comes from the evaluation:invite the screen received. */
export const rateInput = z
  .object({
    requestId,
    ticketId: z.string().regex(/^\d{4}-\d{2}-\d{2}\/[A-Z]\d{3}$/, 'a ticket id like 2026-11-23/A017'),
    level: z.enum(['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied']),
    reasons: z.array(z.string().min(1).max(20)).max(12).optional(),
    comment: z.string().max(200).nullish(),
    /** Optional, for the callback of a bad rating (实名评价). */
    mobile: z.string().trim().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number of 11 digits, like 13800138000').nullish(),
  })
  .strict();

export type IssueTicketInput = z.input<typeof issueTicketInput>;
export type NumberInput = z.input<typeof numberInput>;
export type PlainInput = z.input<typeof plainInput>;
export type OpenWindowInput = z.input<typeof openWindowInput>;
export type PauseInput = z.input<typeof pauseInput>;
export type FinishInput = z.input<typeof finishInput>;
export type TransferInput = z.input<typeof transferInput>;
export type WatchInput = z.input<typeof watchInput>;
export type RateInput = z.input<typeof rateInput>;

export const PRINTER_STATES = ['ok', 'near-end', 'paper-out', 'cover-open', 'offline', 'error', 'absent'] as const satisfies readonly PrinterState[];
export const READER_STATES = ['ok', 'error', 'absent'] as const satisfies readonly ReaderState[];
const deviceProblemCode = z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/, 'an error code such as PRINTER_PAPER_END');

export const kioskStatusInput = z
  .object({
    printer: z.enum(PRINTER_STATES),
    reader: z.enum(READER_STATES),
    detail: z.string().trim().max(200).nullish(),
  })
  .strict();

/** A wall screen's sound: on, blocked by the browser (no autoplay and nobody has tapped), or failing (clips do not load). */
export const AUDIO_STATES = ['on', 'blocked', 'failed'] as const;

export const displayStatusInput = z
  .object({
    audio: z.enum(AUDIO_STATES),
    detail: z.string().trim().max(200).nullish(),
  })
  .strict();

export const printFailedInput = z
  .object({
    requestId,
    number,
    reason: deviceProblemCode,
    detail: z.string().trim().max(200).nullish(),
  })
  .strict();

export type KioskStatusInput = z.input<typeof kioskStatusInput>;
export type PrintFailedInput = z.input<typeof printFailedInput>;
export type DisplayStatusInput = z.input<typeof displayStatusInput>;
export type AudioState = (typeof AUDIO_STATES)[number];

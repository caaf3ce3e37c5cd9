import { z } from 'zod';
import type { Ack } from './socket-events';
import type { CategoryView, PrinterState, ReaderState, TicketState } from './views';

// The kiosk service's API as the kiosk page sees it: through the Electron preload (window.kioskApi), the
// kiosk service's local page bridge, or a test binding. Every verb answers an Ack and never throws, so an
// error crosses IPC as data with both texts intact. Personal data appears only masked.

export const KIOSK_VERBS = ['listCategories', 'takeTicket', 'reactivate', 'reprint', 'deviceStatus', 'checkIn'] as const;
export type KioskVerb = (typeof KIOSK_VERBS)[number];

/** IPC channel of a verb. The sandboxed preload cannot import this file and spells the same template. */
export type KioskChannel = `kiosk:${KioskVerb}`;
export function kioskChannel(verb: KioskVerb): KioskChannel {
  return `kiosk:${verb}`;
}
/** Main → page: card and device events. */
export const KIOSK_EVENT_CHANNEL = 'kiosk:event';

export const kioskTakeTicketInput = z
  .object({
    categoryId: z.string().regex(/^[A-Z]$/, 'a category letter'),
    matterId: z.string().min(1).max(48).nullish(),
    /** Identify the citizen by the ID card on the reader (priority by age). */
    useCard: z.boolean().optional(),
  })
  .strict();

export const kioskReactivateInput = z
  .object({ number: z.string().regex(/^[A-Za-z]\d{3}$/, 'a ticket number like A017') })
  .strict();

/**
 * 签到: a booking by its six-digit code or by the ID card on the reader (the same ID that booked), or a
 * phone's remote number that must be checked in before it joins the queue.
 */
export const kioskCheckInInput = z.union([
  z.object({ code: z.string().regex(/^\d{6}$/, 'the six-digit booking code') }).strict(),
  z.object({ useCard: z.literal(true) }).strict(),
  z.object({ number: z.string().regex(/^[A-Za-z]\d{3}$/, 'a ticket number like A017') }).strict(),
]);

const noInput = z.union([z.undefined(), z.null(), z.object({}).strict()]);

/** What each verb accepts; the IPC manager and the bridges refuse anything else before the service sees it. */
export const kioskInputSchemas = {
  listCategories: noInput,
  takeTicket: kioskTakeTicketInput,
  reactivate: kioskReactivateInput,
  reprint: noInput,
  deviceStatus: noInput,
  checkIn: kioskCheckInInput,
} as const satisfies Record<KioskVerb, z.ZodType>;

export type KioskTakeTicketInput = z.input<typeof kioskTakeTicketInput>;
export type KioskReactivateInput = z.input<typeof kioskReactivateInput>;
export type KioskCheckInInput = z.input<typeof kioskCheckInInput>;

/** A problem in both languages; `code` is stable (HALL_UNREACHABLE, PRINTER_PAPER_END, CARD_NOT_PRESENT…). */
export interface KioskProblem {
  code: string;
  message: string;
  messageEn: string;
}

export interface PriorityClassView {
  id: string;
  name: string;
  nameEn: string;
}

/** What the page may know about the card on the reader: never the full name or number. */
export interface KioskCard {
  kind: 'resident' | 'foreign-permanent-2017' | 'foreign-permanent-2023' | 'hmt-residence-permit';
  maskedName: string;
  maskedId: string;
  age: number;
  /** The priority class the holder gets by age (e.g. elderly from 65), if any. */
  priorityClass: PriorityClassView | null;
  /** False when the card cannot be used for a ticket (e.g. the ID number fails its check); see `problem`. */
  usable: boolean;
  problem: KioskProblem | null;
}

export type HallLinkState = 'connecting' | 'connected' | 'unreachable';

export interface KioskDeviceStatus {
  hall: HallLinkState;
  /** Why the hall cannot be reached (wrong device key, network…). */
  hallProblem: KioskProblem | null;
  printer: PrinterState;
  printerProblem: KioskProblem | null;
  reader: ReaderState;
  readerProblem: KioskProblem | null;
  /** The card lying on the reader now. */
  card: KioskCard | null;
}

export interface KioskCategory extends CategoryView {
  waiting: number;
  /** null while no window serving it is open. */
  estimatedMinutes: number | null;
  openWindows: number;
}

export interface KioskCatalog {
  hall: { name: string; nameEn: string; notice: string; noticeEn: string; timeZone: string };
  categories: KioskCategory[];
  /** Numbers taken on a phone must be checked in at a kiosk before they join the queue. */
  remoteCheckIn?: boolean | undefined;
}

export type PrintOutcome =
  | { state: 'printed'; warning: KioskProblem | null }
  | { state: 'failed'; problem: KioskProblem }
  /** A tablet (web kiosk) has no printer: the ticket lives on screen and on the phone. */
  | { state: 'no-printer' };

export interface KioskTicket {
  number: string;
  categoryId: string;
  categoryName: string;
  categoryNameEn: string;
  matterName: string | null;
  matterNameEn: string | null;
  priorityClass: PriorityClassView | null;
  /** Masked holder name when the ticket was taken with an ID card. */
  maskedName: string | null;
  ahead: number;
  estimatedMinutes: number | null;
  issuedAt: number;
  /** The ticket's live page (/t/<token>): the QR on the slip and on screen. */
  liveUrl: string;
  hallName: string;
  print: PrintOutcome;
}

export interface KioskReactivated {
  number: string;
  categoryId: string;
  categoryName: string;
  categoryNameEn: string;
  state: TicketState;
  /** From the queue summary the kiosk holds; null when the number is further back than it shows. */
  ahead: number | null;
}

/**
 * A check-in's outcome. A booking becomes a ticket, shown and printed like any other (`late`: the slot had
 * begun and the hall gave a normal ticket instead); a remote number joins its queue at its original place.
 */
export type KioskCheckedIn =
  | { kind: 'booking'; ticket: KioskTicket; late: boolean; slotLabel: string }
  | { kind: 'remote'; joined: KioskReactivated };

export type KioskEvent =
  | { type: 'card-in'; card: KioskCard }
  | { type: 'card-out' }
  /** A card was on the reader but could not be read (moved away, not genuine…). */
  | { type: 'card-error'; problem: KioskProblem }
  | { type: 'status'; status: KioskDeviceStatus };

/** The verbs. Payload-less verbs take an optional empty payload so every verb has one shape on the wire. */
export interface KioskApi {
  listCategories(payload?: Record<string, never> | null): Promise<Ack<KioskCatalog>>;
  takeTicket(payload: KioskTakeTicketInput): Promise<Ack<KioskTicket>>;
  reactivate(payload: KioskReactivateInput): Promise<Ack<KioskReactivated>>;
  /** Prints the last ticket again (after its print failed). */
  reprint(payload?: Record<string, never> | null): Promise<Ack<KioskTicket>>;
  deviceStatus(payload?: Record<string, never> | null): Promise<Ack<KioskDeviceStatus>>;
  /** 签到 by booking code, by the ID card on the reader, or for a remote number; a booking's ticket is printed. */
  checkIn(payload: KioskCheckInInput): Promise<Ack<KioskCheckedIn>>;
}

/** window.kioskApi: the verbs plus a subscription to card and status events. */
export interface KioskBridge extends KioskApi {
  onEvent(listener: (event: KioskEvent) => void): () => void;
}

import { z } from 'zod';
import type { AlertView } from './admin';
import type { CatalogueState, PublishedCatalogue } from './catalogue';

// The link from a township or village hall (the edge) to its city platform: signed HTTPS batches.
//
// Every request is signed by the hall with its per-hall key and every answer by the city with the same key,
// so each side knows the other holds the key (mutual authentication) and a replayed or altered message is
// refused. The hall's event log is the outbox: batches go in sequence order from the city's last stored
// sequence number, the city stores (hall id, seq) once and refuses a gap, naming the sequence it expects.
//
//   POST /api/halls/:hallId/uplink/hello      HelloBody      → HelloAnswer
//   POST /api/halls/:hallId/uplink/events     EventsBody     → EventsAnswer   (409 GAP: { expected })
//   POST /api/halls/:hallId/uplink/status     StatusBody     → StatusAnswer
//   GET  /api/halls/:hallId/uplink/catalogue                 → PublishedCatalogue (404 NO_CATALOGUE)
//
// Headers of a request: x-link-hall, x-link-at (ms), x-link-nonce (hex, 16–64 chars), x-link-signature.
// Signature: hex HMAC-SHA256(key, "hall\n" + method + "\n" + path + "\n" + at + "\n" + nonce + "\n" + hex sha256(body)).
// The answer carries x-link-signature = hex HMAC-SHA256(key, "city\n" + nonce + "\n" + status + "\n" + hex sha256(body)).
// The city refuses a request whose `at` is more than LINK_CLOCK_SKEW_MS away from its clock, and a nonce
// it has seen within that time.

export const LINK_HEADERS = {
  hall: 'x-link-hall',
  at: 'x-link-at',
  nonce: 'x-link-nonce',
  signature: 'x-link-signature',
} as const;

export const LINK_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Events per batch the hall sends (and the most the city accepts in one). */
export const LINK_BATCH_EVENTS = 1000;
/** The largest request body the city reads on the link (a batch of big events fits well inside). */
export const LINK_MAX_BODY_BYTES = 8 * 1024 * 1024;

const seq = z.number().int().positive();

/** One event of the hall's log as it travels: the stored event without the request answer (tokens stay home). */
export const wireEventSchema = z
  .object({
    seq,
    at: z.number().int().nonnegative(),
    actor: z.object({ kind: z.enum(['staff', 'supervisor', 'admin', 'device', 'citizen', 'system']), id: z.string().min(1).max(200) }).strict(),
    /** The domain event (HallEvent), checked by hallEventSchema on the city's side. */
    event: z.object({ type: z.string().min(1).max(40), at: z.number().int().nonnegative() }).passthrough(),
  })
  .strict();
export type WireEvent = z.infer<typeof wireEventSchema>;

/**
 * What the city needs of the hall's config to show and count its queue: the config with accounts, devices,
 * secrets and webhook left out, and the staff members' display names.
 */
export const hallProfileSchema = z
  .object({
    config: z.record(z.string(), z.unknown()),
    staffNames: z.record(z.string().max(48), z.string().max(30)),
  })
  .strict();
export type HallProfile = z.infer<typeof hallProfileSchema>;

export const helloBodySchema = z.object({ profile: hallProfileSchema, software: z.string().max(100) }).strict();
export type HelloBody = z.infer<typeof helloBodySchema>;

export interface HelloAnswer {
  cityId: string;
  cityName: string;
  cityNameEn: string;
  /** The last sequence number the city has stored for this hall (0: none): the hall sends from the next. */
  lastSeq: number;
  /** The city's newest catalogue version (null: none published). */
  catalogueVersion: number | null;
  /** How often the hall should send its status (ms). */
  statusEveryMs: number;
}

export const eventsBodySchema = z
  .object({
    fromSeq: seq,
    events: z.array(wireEventSchema).min(1).max(LINK_BATCH_EVENTS),
  })
  .strict()
  .superRefine((b, ctx) => {
    b.events.forEach((e, i) => {
      if (e.seq !== b.fromSeq + i) ctx.addIssue({ code: 'custom', path: ['events', i, 'seq'], message: `expected seq ${b.fromSeq + i} (events in order, no gap)` });
    });
  });
export type EventsBody = z.infer<typeof eventsBodySchema>;

export interface EventsAnswer {
  /** The city's last stored sequence number for the hall after this batch. */
  lastSeq: number;
  /** The city's newest catalogue version (null: none published); sent by the city since issue 13's city side. */
  catalogueVersion?: number | null | undefined;
}

/** 409 on /events: the batch does not start right after what the city has; send from `expected`. */
export interface GapAnswer {
  error: { code: 'GAP'; message: string; messageEn: string; expected: number };
}

export const statusBodySchema = z
  .object({
    at: z.number().int().nonnegative(),
    /** The hall's newest sequence number, and how many of its events the city has not acknowledged. */
    lastSeq: z.number().int().nonnegative(),
    backlog: z.number().int().nonnegative(),
    /** Active supervision alerts (cleared ones left out), at most 200. */
    alerts: z.array(z.record(z.string(), z.unknown())).max(200),
    catalogue: z
      .object({
        version: z.number().int().positive().nullable(),
        refused: z.object({ version: z.number().int().positive(), message: z.string().max(500), messageEn: z.string().max(1000) }).strict().nullable(),
      })
      .strict(),
  })
  .strict();
export type StatusBody = Omit<z.infer<typeof statusBodySchema>, 'alerts' | 'catalogue'> & { alerts: AlertView[]; catalogue: CatalogueState };

export interface StatusAnswer {
  lastSeq: number;
  catalogueVersion: number | null;
}

export type CatalogueAnswer = PublishedCatalogue;

/** Refusals on the link, besides GAP: the body of a 4xx answer is { error: { code, message, messageEn } }. */
export type LinkErrorCode =
  | 'GAP'
  | 'NOT_A_MEMBER'
  | 'BAD_SIGNATURE'
  | 'CLOCK_SKEW'
  | 'REPLAYED'
  | 'INVALID_INPUT'
  | 'TOO_LARGE'
  | 'NO_PROFILE'
  | 'NO_CATALOGUE'
  | 'STORAGE_FAILED';

import type { WireEvent } from '../contracts';
import { formatPath } from '../contracts';
import type { HallEventFromSchema } from '../contracts/hall-event-schema';
import { hallEventSchema } from '../contracts/hall-event-schema';
import type { StoredEvent } from '../app/ports';
import type { HallEvent } from '../domain';

// The uploaded events of a linked hall, checked one by one against the zod form of every HallEvent before
// anything is folded or stored.

/** True only when A and B are the same type (not merely assignable one way). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// A HallEvent type or field the schema does not describe (or describes differently) is a compile error here.
const schemaIsHallEvent: Equals<HallEventFromSchema, HallEvent> = true;
void schemaIsHallEvent;

export type EventCheck = { ok: true; events: StoredEvent[] } | { ok: false; seq: number; field: string; message: string };

/** Events checked between two turns of the event loop: a batch of 1,000 takes several ms to check. */
export const CHECK_SLICE = 100;
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The batch as stored events of `hallId`, or the first wrong event: its seq, the field and what is wrong.
 * Checked a slice at a time, so the city's own halls' commands are never held behind a township's backlog.
 */
export async function checkUploadedEvents(hallId: string, wire: readonly WireEvent[]): Promise<EventCheck> {
  const events: StoredEvent[] = [];
  for (const [i, w] of wire.entries()) {
    if (i > 0 && i % CHECK_SLICE === 0) await nextTurn();
    const parsed = hallEventSchema.safeParse(w.event);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, seq: w.seq, field: `event.${formatPath(issue.path)}`.replace(/\.\(root\)$/, ''), message: issue.message };
    }
    const event: HallEvent = parsed.data;
    const foreign = event.type === 'TicketIssued' ? event.ticket.hallId : event.type === 'BookingMade' ? event.booking.hallId : hallId;
    if (foreign !== hallId) {
      return { ok: false, seq: w.seq, field: event.type === 'TicketIssued' ? 'event.ticket.hallId' : 'event.booking.hallId', message: `belongs to hall "${foreign}", not "${hallId}"` };
    }
    events.push({ hallId, seq: w.seq, at: w.at, actor: w.actor, requestId: null, event });
  }
  return { ok: true, events };
}

import type { StoredEvent } from '../../app/ports';
import { touchedBy } from '../../domain';

/**
 * What `request_results` keeps of an answer (kept for six hours so that a retry with the same request id
 * gets the first answer again): the answer without its capabilities. A ticket's token (the key of its live
 * page, `/t/<token>`), a booking's token (`/b/<token>`) and its six-digit check-in code are already in their
 * ticket and booking rows; the stored answer keeps a reference to those rows instead, and links keep
 * `{token}` where the token was. Reading the answer back (after a restart) fills them in from the rows.
 * Before a restart, retries are answered from memory and never read this table.
 *
 * Answers carry masked mobile numbers only (BookingView.maskedMobile); none carries a full one.
 */
const TOKEN_SLOT = '{token}';

interface Refs {
  /** The ticket whose token and link the answer carried (IssuedTicketView, CheckInView). */
  ticket?: string;
  /** The booking whose code, token, link and ticket token the answer carried (BookingView). */
  booking?: string;
}

type Answer = Record<string, unknown>;

function isAnswer(v: unknown): v is Answer {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function withSlot(url: unknown, token: unknown): unknown {
  return typeof url === 'string' && typeof token === 'string' && token.length > 0 ? url.split(token).join(TOKEN_SLOT) : url;
}

function withToken(url: unknown, token: string): unknown {
  return typeof url === 'string' ? url.split(TOKEN_SLOT).join(token) : url;
}

/** The JSON text stored for the answer on `s` (its command's last event). */
export function keptResult(s: StoredEvent): string {
  const r = s.result;
  if (!isAnswer(r)) return JSON.stringify(r);
  const kept: Answer = { ...r };
  const refs: Refs = {};
  if ('pageUrl' in r && 'code' in r) {
    const bookingId = touchedBy(s.event).bookingIds?.[0];
    if (bookingId) refs.booking = bookingId;
    kept.pageUrl = withSlot(r.pageUrl, r.token);
    kept.code = null;
    kept.token = null;
    if (r.ticketToken !== null && r.ticketToken !== undefined) kept.ticketToken = null;
  } else if ('token' in r && isAnswer(r.ticket) && typeof r.ticket.id === 'string') {
    refs.ticket = r.ticket.id;
    kept.liveUrl = withSlot(r.liveUrl, r.token);
    kept.token = null;
  }
  if (refs.ticket || refs.booking) kept.$refs = refs;
  return JSON.stringify(kept);
}

export interface SecretRows {
  ticketToken(ticketId: string): string | undefined;
  booking(bookingId: string): { code: string; token: string; ticketId: string | null } | undefined;
}

/** The answer as first given, its capabilities read back from their rows. */
export function restoredResult(text: string, rows: SecretRows): unknown {
  const r = JSON.parse(text) as unknown;
  if (!isAnswer(r) || !isAnswer(r.$refs)) return r;
  const refs = r.$refs as Refs;
  const { $refs: _refs, ...answer } = r;
  if (refs.ticket) {
    const token = rows.ticketToken(refs.ticket);
    if (token) {
      answer.token = token;
      answer.liveUrl = withToken(answer.liveUrl, token);
    }
  }
  if (refs.booking) {
    const b = rows.booking(refs.booking);
    if (b) {
      answer.code = b.code;
      answer.token = b.token;
      answer.pageUrl = withToken(answer.pageUrl, b.token);
      if ('ticketToken' in answer && answer.ticketToken === null && answer.ticketNumber !== null && b.ticketId) answer.ticketToken = rows.ticketToken(b.ticketId) ?? null;
    }
  }
  return answer;
}

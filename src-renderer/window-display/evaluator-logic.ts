import type { Ack, EvaluationInvite, RatingLevel } from '../../src-main/contracts';

// The evaluator (好差评) on a window screen as a pure state machine: events in, next state out. Times are
// the server's (the page corrects its own clock by the snapshot's serverTime), so the countdown a citizen
// sees ends when the server stops accepting the rating.

export const LEVELS: readonly RatingLevel[] = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'];
const LOW: ReadonlySet<RatingLevel> = new Set(['dissatisfied', 'very-dissatisfied']);
export const isLow = (level: RatingLevel): boolean => LOW.has(level);

/** How long the thank-you stays before the window's normal view returns. */
export const THANKS_MS = 4000;
export const MAX_REASONS = 12;

export interface Failure {
  code: string;
  message: string;
  messageEn: string;
}

export type EvaluatorState =
  | { kind: 'idle' }
  | {
      kind: 'rating';
      invite: EvaluationInvite;
      /** Chosen level: a low one waits for reasons and 提交; a good one is sent at once. */
      level: RatingLevel | null;
      reasons: string[];
      /** After a low level: the optional mobile for a callback (实名评价) is being typed. */
      mobileStep: boolean;
      /** Digits typed so far; sent only when it is a whole mobile number. */
      mobile: string;
      submitting: boolean;
      /** Kept while the outcome of a sent rating is unknown, so a retry cannot rate twice. */
      requestId: string | null;
      error: Failure | null;
    }
  | { kind: 'thanks'; invite: EvaluationInvite; level: RatingLevel; until: number };

export type EvaluatorEvent =
  | { type: 'invite'; invite: EvaluationInvite; now: number }
  /** A fresh snapshot (after connecting): what the server says is still open to rating, if anything. */
  | { type: 'snapshot'; pending: EvaluationInvite | null; now: number }
  | { type: 'closed'; ticketId: string; level: RatingLevel; now: number }
  | { type: 'choose'; level: RatingLevel }
  | { type: 'toggleReason'; reason: string }
  | { type: 'back' }
  /** Low levels: open the number pad for a callback number, or close it again (back to the reasons). */
  | { type: 'askMobile' }
  | { type: 'closeMobile' }
  | { type: 'mobileKey'; key: MobileKey }
  | { type: 'submit'; requestId: string }
  | { type: 'answered'; ack: Ack<unknown>; now: number }
  | { type: 'tick'; now: number };

export const IDLE: EvaluatorState = { kind: 'idle' };

/** The number pad's keys: a digit, delete the last one, clear all. */
export type MobileKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'del' | 'clear';
export const MOBILE_LENGTH = 11;
/** A mainland mobile number, as the hall checks it. */
export const isMobile = (s: string): boolean => /^1[3-9]\d{9}$/.test(s);

/** What the pad's number says: nothing typed, still typing, a whole number, or 11 digits that are not one. */
export function mobileStatus(mobile: string): 'empty' | 'partial' | 'valid' | 'invalid' {
  if (mobile === '') return 'empty';
  if (isMobile(mobile)) return 'valid';
  return mobile.length < MOBILE_LENGTH && /^1([3-9]\d*)?$/.test(mobile) ? 'partial' : 'invalid';
}

/** "138 0013 8000": grouped as people read a number aloud. */
export function groupMobile(mobile: string): string {
  return [mobile.slice(0, 3), mobile.slice(3, 7), mobile.slice(7, 11)].filter(Boolean).join(' ');
}

function typeKey(mobile: string, key: MobileKey): string {
  if (key === 'clear') return '';
  if (key === 'del') return mobile.slice(0, -1);
  return mobile.length >= MOBILE_LENGTH ? mobile : mobile + key;
}

/** Refusals after which there is nothing left to rate: the evaluator closes. */
const FINAL = new Set(['RATING_EXPIRED', 'NO_SUCH_TICKET', 'TICKET_NOT_FINISHED', 'RATING_WRONG_WINDOW', 'FORBIDDEN']);

export function evaluator(state: EvaluatorState, e: EvaluatorEvent): EvaluatorState {
  switch (e.type) {
    case 'invite':
      if (e.invite.expiresAt <= e.now) return state;
      if (state.kind !== 'idle' && state.invite.ticketId === e.invite.ticketId) return state;
      // A newer finish at this window replaces whatever was on screen: that citizen has left.
      return { kind: 'rating', invite: e.invite, level: null, reasons: [], mobileStep: false, mobile: '', submitting: false, requestId: null, error: null };
    case 'snapshot':
      if (e.pending) return evaluator(state, { type: 'invite', invite: e.pending, now: e.now });
      // Nothing left to rate (rated elsewhere or expired while this screen was away).
      return state.kind === 'rating' && !state.submitting ? IDLE : state;
    case 'closed':
      // Rated on another screen of this window. Our own rating's acknowledgement decides for itself.
      if (state.kind !== 'rating' || state.invite.ticketId !== e.ticketId || state.submitting) return state;
      return { kind: 'thanks', invite: state.invite, level: e.level, until: e.now + THANKS_MS };
    case 'choose':
      if (state.kind !== 'rating' || state.submitting) return state;
      if (state.level === e.level) return { ...state, error: null };
      return { ...state, level: e.level, reasons: [], mobileStep: false, mobile: '', requestId: null, error: null };
    case 'toggleReason': {
      if (state.kind !== 'rating' || state.submitting || !state.level || !isLow(state.level)) return state;
      const has = state.reasons.includes(e.reason);
      if (!has && state.reasons.length >= MAX_REASONS) return state;
      const reasons = has ? state.reasons.filter((r) => r !== e.reason) : [...state.reasons, e.reason];
      return { ...state, reasons, requestId: null, error: null };
    }
    case 'back':
      if (state.kind !== 'rating' || state.submitting) return state;
      return { ...state, level: null, reasons: [], mobileStep: false, mobile: '', requestId: null, error: null };
    case 'askMobile':
      if (state.kind !== 'rating' || state.submitting || !state.level || !isLow(state.level)) return state;
      return { ...state, mobileStep: true, error: null };
    case 'closeMobile':
      if (state.kind !== 'rating' || state.submitting || !state.mobileStep) return state;
      return { ...state, mobileStep: false, mobile: '', requestId: null, error: null };
    case 'mobileKey': {
      if (state.kind !== 'rating' || state.submitting || !state.mobileStep) return state;
      const mobile = typeKey(state.mobile, e.key);
      return mobile === state.mobile ? state : { ...state, mobile, requestId: null, error: null };
    }
    case 'submit':
      if (state.kind !== 'rating' || state.submitting || !state.level) return state;
      // A number half typed is neither sent nor dropped silently: the pad says what is wrong.
      if (state.mobileStep && state.mobile !== '' && !isMobile(state.mobile)) return state;
      return { ...state, submitting: true, requestId: state.requestId ?? e.requestId, error: null };
    case 'answered': {
      if (state.kind !== 'rating' || !state.submitting) return state;
      const ack = e.ack;
      if (ack.ok || ack.code === 'ALREADY_RATED') return { kind: 'thanks', invite: state.invite, level: state.level!, until: e.now + THANKS_MS };
      if (FINAL.has(ack.code)) return IDLE;
      const error = { code: ack.code, message: ack.message, messageEn: ack.messageEn };
      // Unknown outcome: keep the id for the retry. A definite refusal: the next try is a new request.
      const keep = ack.code === 'TIMEOUT' || ack.code === 'OFFLINE';
      return { ...state, submitting: false, error, requestId: keep ? state.requestId : null };
    }
    case 'tick':
      if (state.kind === 'thanks' && e.now >= state.until) return IDLE;
      if (state.kind === 'rating' && !state.submitting && e.now >= state.invite.expiresAt) return IDLE;
      return state;
  }
}

/** Whole seconds left to rate (the visible countdown). */
export function secondsLeft(state: EvaluatorState, now: number): number {
  if (state.kind !== 'rating') return 0;
  const total = Math.ceil((state.invite.expiresAt - state.invite.finishedAt) / 1000);
  // A screen clock a little behind the server's must not show more time than the limit itself.
  return Math.min(total, Math.max(0, Math.ceil((state.invite.expiresAt - now) / 1000)));
}

/** "9:58" for the countdown. */
export function formatCountdown(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** The ticket:rate payload for the current state, or null when there is nothing to send. */
export function ratePayload(state: EvaluatorState): { requestId: string; ticketId: string; level: RatingLevel; reasons?: string[]; mobile?: string } | null {
  if (state.kind !== 'rating' || !state.level || !state.requestId) return null;
  const low = isLow(state.level);
  return {
    requestId: state.requestId,
    ticketId: state.invite.ticketId,
    level: state.level,
    ...(low && state.reasons.length > 0 ? { reasons: state.reasons } : {}),
    ...(low && state.mobileStep && isMobile(state.mobile) ? { mobile: state.mobile } : {}),
  };
}

import type { CitizenRateInput, CitizenRatingView, RatingLevel } from '../../src-main/contracts';

// 好差评 on the phone (一事一评): after 办结, the ticket's page (a remote ticket or the slip's QR code) and
// the booking's page ask for a rating until the hall's rating window closes, once per ticket across every
// channel. Pure: the page's form, what it sends, and what the citizen is told afterwards.

export const LEVELS: readonly RatingLevel[] = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied'];
const LOW: ReadonlySet<RatingLevel> = new Set(['dissatisfied', 'very-dissatisfied']);
export const isLowLevel = (level: RatingLevel | null): boolean => level !== null && LOW.has(level);
export const COMMENT_MAX = 200;
export const MAX_REASONS = 12;

/** hidden: not finished yet (nothing to show); form: may rate now; received: rated (here or elsewhere); closed: too late. */
export type RatingPhase = 'hidden' | 'form' | 'received' | 'closed';

export function ratingPhase(view: CitizenRatingView | null): RatingPhase {
  if (!view) return 'hidden';
  switch (view.status) {
    case 'not-yet':
      return 'hidden';
    case 'open':
      return 'form';
    case 'rated':
      return 'received';
    case 'closed':
      return 'closed';
  }
}

export interface RatingForm {
  level: RatingLevel | null;
  reasons: string[];
  comment: string;
  /** The citizen chose to leave a number for a callback (实名评价); only for the two low levels. */
  callback: boolean;
  mobile: string;
}

export const emptyRatingForm = (): RatingForm => ({ level: null, reasons: [], comment: '', callback: false, mobile: '' });

/** A good level drops the reasons and the callback: they belong to the two low ones. */
export function chooseLevel(form: RatingForm, level: RatingLevel): RatingForm {
  if (form.level === level) return form;
  return isLowLevel(level) ? { ...form, level } : { ...form, level, reasons: [], callback: false, mobile: '' };
}

export function toggleReason(form: RatingForm, reason: string): RatingForm {
  if (!isLowLevel(form.level)) return form;
  if (form.reasons.includes(reason)) return { ...form, reasons: form.reasons.filter((r) => r !== reason) };
  return form.reasons.length >= MAX_REASONS ? form : { ...form, reasons: [...form.reasons, reason] };
}

export interface RatingProblems {
  level?: 'required';
  mobile?: 'empty' | 'format';
  comment?: 'too-long';
}

/** Digits only: spaces and dashes people type in a number are ignored. */
export const mobileDigits = (s: string): string => s.replace(/[\s-]/g, '');

export function ratingProblems(form: RatingForm): RatingProblems {
  const p: RatingProblems = {};
  if (!form.level) p.level = 'required';
  if (form.comment.trim().length > COMMENT_MAX) p.comment = 'too-long';
  if (isLowLevel(form.level) && form.callback) {
    const m = mobileDigits(form.mobile);
    if (m === '') p.mobile = 'empty';
    else if (!/^1[3-9]\d{9}$/.test(m)) p.mobile = 'format';
  }
  return p;
}

/** The `rating:give` payload, or null while the form has problems. */
export function ratingPayload(form: RatingForm, via: 't' | 'b', token: string, requestId: string): CitizenRateInput | null {
  if (Object.keys(ratingProblems(form)).length > 0 || !form.level) return null;
  const low = isLowLevel(form.level);
  const comment = form.comment.trim();
  return {
    requestId,
    via,
    token,
    level: form.level,
    ...(low && form.reasons.length > 0 ? { reasons: form.reasons } : {}),
    ...(comment ? { comment } : {}),
    ...(low && form.callback ? { mobile: mobileDigits(form.mobile) } : {}),
  };
}

/** A `rating:changed` for this page (the same number), never replacing a newer picture with an older one. */
export function acceptChanged(current: CitizenRatingView | null, next: CitizenRatingView): CitizenRatingView | null {
  if (!current || current.number !== next.number) return current;
  // Rated stays rated: only a view that is also rated (with its case moving on) replaces it.
  if (current.status === 'rated' && next.status !== 'rated') return current;
  return next;
}

/**
 * What the citizen is told about a real-name bad rating's case, as steps: received, being put right,
 * answered (with what was done), finished. An appeal is the hall's matter: the citizen sees 处理中.
 */
export type ResultStep = 'received' | 'handling' | 'answered' | 'closed';

export function resultStep(result: NonNullable<CitizenRatingView['result']>): ResultStep {
  switch (result.state) {
    case 'verifying':
      return 'received';
    case 'rectifying':
    case 'appealed':
      return 'handling';
    case 'answered':
    case 'reviewed':
      return 'answered';
    case 'closed':
      return 'closed';
  }
}

export const RESULT_STEPS: readonly ResultStep[] = ['received', 'handling', 'answered', 'closed'];

/** Who rated first: this page, or another channel (the window's evaluator, the slip, the booking page). */
export function ratedElsewhere(view: CitizenRatingView, via: 't' | 'b', justSent: boolean): boolean {
  if (justSent || !view.rating) return false;
  if (view.rating.channel === 'window') return true;
  return via === 'b' ? view.rating.channel !== 'booking' : view.rating.channel === 'booking';
}

/** Hours (rounded up) left to rate, or null when the hall gave no limit. */
export function hoursLeft(view: CitizenRatingView, now: number): number | null {
  if (view.closesAt === null) return null;
  return Math.max(0, Math.ceil((view.closesAt - now) / 3_600_000));
}

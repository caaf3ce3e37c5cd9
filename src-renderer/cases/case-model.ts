import type { CaseDeadlineColour, CaseListInput, CaseListView, CaseVerb, RatingCaseView } from '../../src-main/contracts';
import { localPair, reasonName } from '../shared/reason-names';

export type CaseState = RatingCaseView['state'];

// The case board's pure logic (好差评 整改): the filter and what it asks the hall, whether a live change
// still belongs in the list, the order of the list, the deadline's colour as time passes, and the
// time-left line. No Vue, no clock: `now` is the hall's time, passed in.

export const CASE_STATES: readonly CaseState[] = ['verifying', 'rectifying', 'appealed', 'answered', 'reviewed', 'closed'];
/** The order buttons appear in the case's panel (only those in the view's canDo are shown). */
export const VERB_ORDER: readonly CaseVerb[] = ['verify', 'answer', 'appeal', 'decideAppeal', 'review', 'close'];
/** How far back 全部 looks by default. */
export const DEFAULT_RANGE_DAYS = 30;

export type StateFilter = CaseState | 'open' | 'all';
export type DeadlineFilter = 'yellow' | 'red' | 'any-alert';

export interface CaseFilter {
  state: StateFilter;
  /** Rating days (YYYY-MM-DD), used for 全部 and 已关闭 (closed cases pile up; open ones never leave the list). */
  from: string;
  to: string;
  windowId: number | null;
  categoryId: string | null;
  staffId: string | null;
  deadline: DeadlineFilter | null;
}

export type CaseCounts = CaseListView['counts'];

/** A day N days before `day` (both YYYY-MM-DD, calendar arithmetic in UTC so no time zone shifts it). */
export function dayMinus(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) - n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function defaultFilter(today: string): CaseFilter {
  return { state: 'open', from: dayMinus(today, DEFAULT_RANGE_DAYS - 1), to: today, windowId: null, categoryId: null, staffId: null, deadline: null };
}

const usesRange = (f: CaseFilter): boolean => f.state === 'all' || f.state === 'closed';

/** What `case:list` is asked for this filter. */
export function listInput(f: CaseFilter, limit = 200): CaseListInput {
  const input: CaseListInput = { state: f.state, limit };
  if (f.windowId !== null) input.windowId = f.windowId;
  if (f.categoryId) input.categoryId = f.categoryId;
  if (f.staffId) input.staffId = f.staffId;
  if (f.deadline) input.deadline = f.deadline;
  if (usesRange(f)) {
    const [from, to] = f.from <= f.to ? [f.from, f.to] : [f.to, f.from];
    input.from = from;
    input.to = to;
  }
  return input;
}

/**
 * The colour now: the view's colour, moved on by the clock (a case seen as ok turns yellow at warnAt and
 * red after dueAt while the board stays open). Never moved back: only the hall says a case is done.
 */
export function liveColour(c: Pick<RatingCaseView, 'colour' | 'warnAt' | 'dueAt'>, now: number): CaseDeadlineColour {
  if (c.colour === 'done') return 'done';
  if (now > c.dueAt) return 'red';
  if (now >= c.warnAt && c.colour === 'ok') return 'yellow';
  return c.colour;
}

/** Whether a case (as it changed) still belongs in the list the filter asked for. */
export function matchesFilter(c: RatingCaseView, f: CaseFilter, now: number): boolean {
  if (f.state === 'open' && c.state === 'closed') return false;
  if (f.state !== 'open' && f.state !== 'all' && c.state !== f.state) return false;
  if (usesRange(f)) {
    const [from, to] = f.from <= f.to ? [f.from, f.to] : [f.to, f.from];
    if (c.serviceDay < from || c.serviceDay > to) return false;
  }
  if (f.windowId !== null && c.windowId !== f.windowId) return false;
  if (f.categoryId && c.categoryId !== f.categoryId) return false;
  if (f.staffId && c.staffId !== f.staffId) return false;
  if (f.deadline) {
    const colour = liveColour(c, now);
    if (f.deadline === 'any-alert' ? colour !== 'yellow' && colour !== 'red' : colour !== f.deadline) return false;
  }
  return true;
}

const COLOUR_RANK: Record<CaseDeadlineColour, number> = { red: 0, yellow: 1, ok: 2, done: 3 };

/** Most urgent first: red, yellow, ok by deadline; then the finished ones, newest first. */
export function sortCases(cases: readonly RatingCaseView[], now: number): RatingCaseView[] {
  return [...cases].sort((a, b) => {
    const ca = liveColour(a, now);
    const cb = liveColour(b, now);
    if (ca !== cb) return COLOUR_RANK[ca] - COLOUR_RANK[cb];
    if (ca === 'done') return (b.closedAt ?? b.answeredAt ?? b.openedAt) - (a.closedAt ?? a.answeredAt ?? a.openedAt) || a.id.localeCompare(b.id);
    return a.dueAt - b.dueAt || a.id.localeCompare(b.id);
  });
}

/**
 * A `case:changed` applied to the list: replaced, added or dropped as the filter says, never older over
 * newer (a view carries the hall's sequence number).
 */
export function applyChanged(cases: readonly RatingCaseView[], changed: RatingCaseView, f: CaseFilter, now: number): RatingCaseView[] {
  const old = cases.find((c) => c.id === changed.id);
  if (old && old.seq > changed.seq) return cases as RatingCaseView[];
  const rest = cases.filter((c) => c.id !== changed.id);
  return sortCases(matchesFilter(changed, f, now) ? [...rest, changed] : rest, now);
}

/**
 * A newer view of the case open in the panel. `case:changed` carries the mobile masked; the panel keeps
 * the full number `case:get` gave it, as long as it is the same number.
 */
export function mergeDetail(current: RatingCaseView | null, next: RatingCaseView): RatingCaseView {
  if (!current || current.id !== next.id) return next;
  if (current.seq > next.seq) return current;
  const keepFull = current.mobile && next.mobile && next.mobile.includes('*') && sameMasked(current.mobile, next.mobile);
  return keepFull ? { ...next, mobile: current.mobile } : next;
}

function sameMasked(full: string, masked: string): boolean {
  if (full.length !== masked.length) return false;
  for (let i = 0; i < full.length; i++) if (masked[i] !== '*' && masked[i] !== full[i]) return false;
  return true;
}

/** The buttons of a case, in the board's order: only what the hall says this viewer may do. */
export function verbsOf(c: Pick<RatingCaseView, 'canDo'>): CaseVerb[] {
  return VERB_ORDER.filter((v) => c.canDo.includes(v));
}

/** An i18n key and its values: the page's messages turn it into words. */
export interface Phrase {
  key: string;
  params: Record<string, number | string>;
}

function span(ms: number): { d: number; h: number; m: number } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60), m: minutes % 60 };
}

/**
 * The deadline line of a case. The deadline is the end of a working day of the hall's calendar, so the
 * line says how long is left until then, and names that day (see dueDay); a late one says by how much.
 */
export function timeLeft(
  c: Pick<RatingCaseView, 'colour' | 'warnAt' | 'dueAt' | 'answeredAt' | 'outcome' | 'state'> & { workingDaysLeft?: number | null | undefined },
  now: number,
): Phrase {
  if (c.outcome === 'appeal-upheld') return { key: 'left.appealUpheld', params: {} };
  const colour = liveColour(c, now);
  if (colour === 'done') {
    if (c.answeredAt === null) return { key: 'left.done', params: {} };
    if (c.answeredAt <= c.dueAt) return { key: 'left.answeredOnTime', params: {} };
    const late = span(c.answeredAt - c.dueAt);
    return late.d > 0 ? { key: 'left.answeredLateDays', params: { d: late.d, h: late.h } } : { key: 'left.answeredLateHours', params: { h: Math.max(1, late.h) } };
  }
  if (colour === 'red') {
    const over = span(now - c.dueAt);
    if (over.d > 0) return { key: 'left.overdueDays', params: { d: over.d, h: over.h } };
    if (over.h > 0) return { key: 'left.overdueHours', params: { h: over.h, m: over.m } };
    return { key: 'left.overdueMinutes', params: { m: Math.max(1, over.m) } };
  }
  // Working days left (today counted while it is one), when the hall says so: the calendar's holidays
  // make "5 days" of the clock mean anything from 2 to 5 working days.
  if (colour === 'ok' && typeof c.workingDaysLeft === 'number' && c.workingDaysLeft > 1) return { key: 'left.workingDays', params: { n: c.workingDaysLeft } };
  const left = span(c.dueAt - now);
  const key = colour === 'yellow' ? 'left.lastDay' : 'left.left';
  if (left.d > 0) return { key: `${key}Days`, params: { d: left.d, h: left.h } };
  if (left.h > 0) return { key: `${key}Hours`, params: { h: left.h, m: left.m } };
  return { key: `${key}Minutes`, params: { m: Math.max(1, left.m) } };
}

/** The deadline's working day (the deadline is 24:00 of it) in the hall's time zone: YYYY-MM-DD. */
export function dueDay(dueAt: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(dueAt - 1);
}

/** "11月28日 周五" / "Fri 28 Nov" for a day (YYYY-MM-DD), in the reader's language. */
export function dayLabel(day: string, locale: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return locale === 'en'
    ? new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(d)
    : new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC', month: 'long', day: 'numeric', weekday: 'short' }).format(d);
}

/** "11-23 14:05" in the hall's time zone. */
export function shortTime(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The roving focus of the list: which row an arrow key (Home, End, PageUp/Down) moves to, or null. */
export function listKeyTarget(index: number, key: string, length: number): number | null {
  if (length === 0) return null;
  const clamp = (i: number) => Math.min(length - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(index + 1);
    case 'ArrowUp':
      return clamp(index - 1);
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    case 'PageDown':
      return clamp(index + 10);
    case 'PageUp':
      return clamp(index - 10);
    default:
      return null;
  }
}

/** Staff to pick from in the filter: everyone seen on a case so far, by name. */
export function staffOptions(seen: ReadonlyMap<string, string | null>): Array<{ id: string; name: string }> {
  return [...seen].map(([id, name]) => ({ id, name: name ?? id })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
}

/** Remembers the staff of these cases (for the staff filter), returning the same map when nothing is new. */
export function rememberStaff(seen: ReadonlyMap<string, string | null>, cases: readonly RatingCaseView[]): ReadonlyMap<string, string | null> {
  let next: Map<string, string | null> | null = null;
  for (const c of cases) {
    if (!c.staffId || (seen.has(c.staffId) && (seen.get(c.staffId) || !c.staffName))) continue;
    next ??= new Map(seen);
    next.set(c.staffId, c.staffName);
  }
  return next ?? seen;
}

/** A case's names in the page's language: English ones where the hall has them, else the Chinese ones. */
export interface CaseNames {
  category: string;
  matter: string | null;
  window: string;
  team: string | null;
  reasons: string[];
}

export function caseNames(
  c: Pick<RatingCaseView, 'categoryName' | 'categoryNameEn' | 'matterName' | 'matterNameEn' | 'windowName' | 'windowNameEn' | 'teamName' | 'teamNameEn' | 'reasons'>,
  locale: string,
): CaseNames {
  return {
    category: localPair(locale, c.categoryName, c.categoryNameEn),
    matter: c.matterName === null ? null : localPair(locale, c.matterName, c.matterNameEn),
    window: localPair(locale, c.windowName, c.windowNameEn),
    team: c.teamName === null ? null : localPair(locale, c.teamName, c.teamNameEn),
    reasons: c.reasons.map((r) => reasonName(locale, r)),
  };
}

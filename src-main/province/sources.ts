import type { StoredEvent } from '../app/ports';
import type { CallbackAnswer, CaseOutcome, CaseState, HallEvent, RatingCase, RatingChannel, RatingLevel } from '../domain';
import { maskMobile } from '../domain';

// The source records of the provincial upload: everything a platform field may be mapped from
// (RATING_SOURCE_PATHS / CASE_RESULT_SOURCE_PATHS in contracts/province.ts), built from the hall's stored
// events. Pure: the hall's codes and zone come in, nothing is looked up here.

/** A value with our key, the platform's code and its words. */
export interface Coded {
  key: string;
  code: string;
  name: string;
}

export interface HallCodes {
  hallId: string;
  hallName: string;
  regionCode: string;
  organisationCode: string;
  timeZone: string;
  channelCodes: Readonly<Record<RatingChannel, string>>;
}

export interface RatingSource {
  id: string;
  hallId: string;
  hallName: string;
  regionCode: string;
  organisationCode: string;
  ticketId: string;
  serviceDay: string;
  number: string;
  windowId: number;
  staffId: string | null;
  categoryId: string | null;
  matterId: string | null;
  channel: Coded;
  level: Coded;
  reasons: string[];
  reasonsText: string;
  comment: string | null;
  ratedAt: number;
  ratedAtText: string;
  realName: boolean;
  realNameFlag: '1' | '0';
  /** Masked (138****0000); only a bad rating's case keeps one in the log. */
  mobile: string | null;
  bad: boolean;
  badFlag: '1' | '0';
}

export interface CaseResultSource {
  id: string;
  hallId: string;
  hallName: string;
  regionCode: string;
  organisationCode: string;
  caseId: string;
  ratingId: string;
  ticketId: string;
  serviceDay: string;
  number: string;
  seq: number;
  windowId: number | null;
  staffId: string | null;
  teamId: string | null;
  categoryId: string | null;
  matterId: string | null;
  level: Coded | null;
  channel: Coded | null;
  /** What the record reports: the answer (整改反馈), an appeal upheld, or the closing. */
  event: CaseResultEvent;
  state: Coded;
  outcome: Coded | null;
  verification: string | null;
  rectification: string | null;
  appealReason: string | null;
  callback: { answer: Coded; note: string; at: number; atText: string } | null;
  /** A real-name rating can be called back; an anonymous one cannot. */
  callbackPossible: boolean | null;
  callbackPossibleFlag: '1' | '0' | null;
  openedAt: number | null;
  openedAtText: string | null;
  dueAt: number | null;
  dueAtText: string | null;
  answeredAt: number | null;
  answeredAtText: string | null;
  onTime: boolean | null;
  onTimeFlag: '1' | '0' | null;
  closedAt: number | null;
  closedAtText: string | null;
}

export type CaseResultEvent = 'answered' | 'appeal-upheld' | 'closed';

/** 评价结果: 5 非常满意 … 1 非常不满意 (GB/T 39735). */
export const LEVEL_CODES: Readonly<Record<RatingLevel, [string, string]>> = {
  'very-satisfied': ['5', '非常满意'],
  satisfied: ['4', '满意'],
  basic: ['3', '基本满意'],
  dissatisfied: ['2', '不满意'],
  'very-dissatisfied': ['1', '非常不满意'],
};

const CHANNEL_NAMES: Readonly<Record<RatingChannel, string>> = { window: '窗口评价器', phone: '移动端', 'slip-qr': '二维码', booking: '预约评价' };

export const STATE_CODES: Readonly<Record<CaseState, [string, string]>> = {
  verifying: ['1', '待核实'],
  rectifying: ['2', '整改中'],
  appealed: ['3', '申诉中'],
  answered: ['4', '已反馈'],
  reviewed: ['5', '已复核'],
  closed: ['6', '已关闭'],
};

export const OUTCOME_CODES: Readonly<Record<CaseOutcome, [string, string]>> = { rectified: ['1', '已整改'], 'appeal-upheld': ['2', '申诉成立'] };

export const CALLBACK_CODES: Readonly<Record<CallbackAnswer, [string, string]>> = { satisfied: ['1', '满意'], basic: ['2', '基本满意'], dissatisfied: ['3', '不满意'] };

const coded = (key: string, [code, name]: [string, string]): Coded => ({ key, code, name });
const flag = (b: boolean): '1' | '0' => (b ? '1' : '0');

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "YYYY-MM-DD HH:mm:ss" in the hall's zone, as platforms take times. */
export function timeText(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

const textOf = (ms: number | null, zone: string) => (ms === null ? null : timeText(ms, zone));

/** `2026-03-02/A017` → the day and the number. */
export function splitTicketId(ticketId: string): { serviceDay: string; number: string } {
  const slash = ticketId.indexOf('/');
  return slash < 0 ? { serviceDay: '', number: ticketId } : { serviceDay: ticketId.slice(0, slash), number: ticketId.slice(slash + 1) };
}

export const ratingRecordId = (hallId: string, ticketId: string) => `${hallId}:${ticketId}`;
export const caseResultRecordId = (hallId: string, caseId: string, seq: number) => `${hallId}:${caseId}:${seq}`;

type Rated = Extract<HallEvent, { type: 'ServiceRated' }>;

/** A rating; `opened` is the case its bad rating opened (same commit), which keeps the masked mobile. */
export function ratingSource(codes: HallCodes, e: Rated, opened: RatingCase | null): RatingSource {
  const channel = e.channel ?? 'window';
  const bad = e.level === 'dissatisfied' || e.level === 'very-dissatisfied';
  const mobile = opened?.mobile ? maskMobile(opened.mobile) : null;
  const realName = e.realName ?? false;
  return {
    id: ratingRecordId(codes.hallId, e.ticketId),
    hallId: codes.hallId,
    hallName: codes.hallName,
    regionCode: codes.regionCode,
    organisationCode: codes.organisationCode,
    ticketId: e.ticketId,
    ...splitTicketId(e.ticketId),
    windowId: e.windowId,
    staffId: e.staffId,
    categoryId: e.categoryId ?? null,
    matterId: e.matterId ?? null,
    channel: { key: channel, code: codes.channelCodes[channel], name: CHANNEL_NAMES[channel] },
    level: coded(e.level, LEVEL_CODES[e.level]),
    reasons: [...e.reasons],
    reasonsText: e.reasons.join('；'),
    comment: e.comment,
    ratedAt: e.at,
    ratedAtText: timeText(e.at, codes.timeZone),
    realName,
    realNameFlag: flag(realName),
    mobile: realName ? mobile : null,
    bad,
    badFlag: flag(bad),
  };
}

/**
 * A case result: `c` is the case as it stands right after the event (folded, or read back), null when the
 * case could not be found (then only what the event says is given).
 */
export function caseResultSource(codes: HallCodes, stored: StoredEvent, caseId: string, event: CaseResultEvent, c: RatingCase | null): CaseResultSource {
  const z = codes.timeZone;
  const state: CaseState = c?.state ?? (event === 'answered' ? 'answered' : 'closed');
  const outcome: CaseOutcome | null = event === 'answered' ? null : (c?.outcome ?? (event === 'appeal-upheld' ? 'appeal-upheld' : 'rectified'));
  const answeredAt = c?.answeredAt ?? null;
  const dueAt = c?.dueAt ?? null;
  const onTime = answeredAt !== null && dueAt !== null ? answeredAt <= dueAt : null;
  const closedAt = event === 'answered' ? null : (c?.closedAt ?? stored.at);
  const callback = c?.callback ?? null;
  const possible = c ? c.mobile !== null : null;
  return {
    id: caseResultRecordId(codes.hallId, caseId, stored.seq),
    hallId: codes.hallId,
    hallName: codes.hallName,
    regionCode: codes.regionCode,
    organisationCode: codes.organisationCode,
    caseId,
    ratingId: ratingRecordId(codes.hallId, caseId),
    ticketId: caseId,
    ...splitTicketId(caseId),
    seq: stored.seq,
    windowId: c?.windowId ?? null,
    staffId: c?.staffId ?? null,
    teamId: c?.teamId ?? null,
    categoryId: c?.categoryId ?? null,
    matterId: c?.matterId ?? null,
    level: c ? coded(c.level, LEVEL_CODES[c.level]) : null,
    channel: c ? { key: c.channel, code: codes.channelCodes[c.channel], name: CHANNEL_NAMES[c.channel] } : null,
    event,
    state: coded(state, STATE_CODES[state]),
    outcome: outcome ? coded(outcome, OUTCOME_CODES[outcome]) : null,
    verification: c?.verification ?? null,
    rectification: c?.rectification ?? null,
    appealReason: c?.appeal?.reason ?? null,
    callback: callback ? { answer: coded(callback.answer, CALLBACK_CODES[callback.answer]), note: callback.note, at: callback.at, atText: timeText(callback.at, z) } : null,
    callbackPossible: possible,
    callbackPossibleFlag: possible === null ? null : flag(possible),
    openedAt: c?.openedAt ?? null,
    openedAtText: textOf(c?.openedAt ?? null, z),
    dueAt,
    dueAtText: textOf(dueAt, z),
    answeredAt,
    answeredAtText: textOf(answeredAt, z),
    onTime,
    onTimeFlag: onTime === null ? null : flag(onTime),
    closedAt,
    closedAtText: textOf(closedAt, z),
  };
}

import type { CaseDeadlineColour, CaseVerb, CitizenRatingView, RatingCaseView } from '../contracts';
import type { CaseActor, CompiledRules, RatingCase, Ticket } from '../domain';
import { caseVerbsFor, CASE_CLOCK_RUNNING, LOW_RATING_LEVELS, answeredOnTime, isWorkingDay, localTime, maskMobile, ratingClosesAt } from '../domain';
import { nextDay } from '../domain/booking/zoned-time';
import type { HallLabels } from './views';
import type * as contracts from '../contracts';
import type * as domain from '../domain';

// What the case board and the citizen's page are shown of a bad-rating case.

/** True only when A and B are the same type. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
// The contracts repeat the domain's names (they import nothing but zod): a drift is a compile error here.
const sameNames: [
  Equals<contracts.CaseState, domain.CaseState>,
  Equals<contracts.CaseOutcome, domain.CaseOutcome>,
  Equals<contracts.CallbackAnswer, domain.CallbackAnswer>,
  Equals<contracts.CaseAction, domain.CaseAction>,
  Equals<contracts.RatingChannel, domain.RatingChannel>,
] = [true, true, true, true, true];
void sameNames;

export function caseColour(c: RatingCase, now: number): CaseDeadlineColour {
  if (!CASE_CLOCK_RUNNING.has(c.state)) return 'done';
  if (now > c.dueAt) return 'red';
  if (now >= c.warnAt) return 'yellow';
  return 'ok';
}

/** Working days from today (counted while it is one) to the deadline's day; 0 once past, null once answered. */
export function workingDaysLeft(rules: CompiledRules, c: RatingCase, now: number): number | null {
  if (!CASE_CLOCK_RUNNING.has(c.state)) return null;
  if (now > c.dueAt) return 0;
  const dueDay = localTime(c.dueAt - 1, rules.timeZone).day;
  let day = localTime(now, rules.timeZone).day;
  let left = 0;
  for (let i = 0; i < 400 && day <= dueDay; i++, day = nextDay(day)) if (isWorkingDay(rules, day)) left++;
  return left;
}

export interface CaseViewOptions {
  viewer: CaseActor;
  now: number;
  seq: number;
  /** Only case:get, for those who must call back, shows the full number. */
  fullMobile?: boolean;
}

export function caseView(rules: CompiledRules, labels: HallLabels, c: RatingCase, o: CaseViewOptions): RatingCaseView {
  const name = (id: string | null) => (id === null ? null : (labels.staffNames.get(id) ?? id));
  const category = rules.category.get(c.categoryId);
  const team = rules.evaluation.cases.teams.find((t) => t.id === c.teamId) ?? null;
  const matter = c.matterId ? rules.matter.get(c.matterId) : undefined;
  const win = rules.window.get(c.windowId);
  const canDo = caseVerbsFor(c, o.viewer, { rules }) as CaseVerb[];
  const mayCall = canDo.length > 0 || o.viewer.role !== 'staff';
  return {
    id: c.id,
    number: c.number,
    serviceDay: c.serviceDay,
    categoryId: c.categoryId,
    categoryName: category?.name ?? c.categoryId,
    categoryNameEn: category?.nameEn ?? c.categoryId,
    matterName: c.matterId ? (matter?.name ?? c.matterId) : null,
    matterNameEn: c.matterId ? (matter?.nameEn?.trim() || matter?.name || c.matterId) : null,
    windowId: c.windowId,
    windowName: win?.name ?? `${c.windowId}号窗口`,
    windowNameEn: win?.nameEn?.trim() || win?.name || `Window ${c.windowId}`,
    staffId: c.staffId,
    staffName: name(c.staffId),
    teamId: c.teamId,
    teamName: team?.name ?? null,
    teamNameEn: team ? team.nameEn.trim() || team.name : null,
    level: c.level,
    reasons: [...c.reasons],
    comment: c.comment,
    channel: c.channel,
    realName: c.mobile !== null,
    mobile: c.mobile === null ? null : o.fullMobile && mayCall && !c.mobile.includes('*') ? c.mobile : maskMobile(c.mobile),
    state: c.state,
    outcome: c.outcome,
    openedAt: c.openedAt,
    warnAt: c.warnAt,
    dueAt: c.dueAt,
    colour: caseColour(c, o.now),
    workingDaysLeft: workingDaysLeft(rules, c, o.now),
    onTime: answeredOnTime(c, o.now),
    verification: c.verification,
    rectification: c.rectification,
    callback: c.callback ? { ...c.callback, byName: name(c.callback.by) } : null,
    answeredAt: c.answeredAt,
    appeal: c.appeal ? { ...c.appeal } : null,
    closedAt: c.closedAt,
    history: c.history.map((h) => ({ ...h, byName: name(h.by) })),
    canDo,
    seq: o.seq,
  };
}

/** The citizen's page: whether the ticket can be rated, and what became of a real-name bad rating. */
export function citizenRatingView(rules: CompiledRules, t: Ticket, c: RatingCase | undefined, now: number): CitizenRatingView {
  const closesAt = ratingClosesAt(t, { rules });
  const status: CitizenRatingView['status'] =
    t.rating !== null ? 'rated' : t.state !== 'finished' ? 'not-yet' : closesAt !== null && now > closesAt ? 'closed' : 'open';
  const r = t.rating;
  return {
    status,
    closesAt,
    number: t.number,
    windowName: t.windowId !== null ? (rules.window.get(t.windowId)?.name ?? `${t.windowId}号窗口`) : null,
    lowReasons: [...rules.evaluation.lowReasons],
    rating: r ? { level: r.level, reasons: [...r.reasons], comment: r.comment, at: r.at, channel: r.channel, realName: r.realName } : null,
    // Anonymous ratings see only that they were received: the case is the hall's business with the window.
    result: r && r.realName && LOW_RATING_LEVELS.has(r.level) && c ? caseResult(c) : null,
  };
}

/** The citizen's page once the ticket itself has left memory: the case still tells the rating and its result. */
export function citizenCaseView(rules: CompiledRules, c: RatingCase): CitizenRatingView {
  const realName = c.mobile !== null;
  return {
    status: 'rated',
    closesAt: null,
    number: c.number,
    windowName: rules.window.get(c.windowId)?.name ?? `${c.windowId}号窗口`,
    lowReasons: [...rules.evaluation.lowReasons],
    rating: { level: c.level, reasons: [...c.reasons], comment: c.comment, at: c.openedAt, channel: c.channel, realName },
    result: realName ? caseResult(c) : null,
  };
}

function caseResult(c: RatingCase): NonNullable<CitizenRatingView['result']> {
  const answered = c.state === 'answered' || c.state === 'reviewed' || c.state === 'closed';
  return { state: c.state, rectification: answered ? c.rectification : null, answeredAt: c.answeredAt, closedAt: c.closedAt, outcome: c.outcome };
}

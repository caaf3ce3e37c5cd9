import type { CaseFiguresView, CaseStatisticsView } from '../../contracts';
import type { RatingCase } from '../../domain';
import { answeredOnTime } from '../../domain';
import { rate } from './figures';

// 差评整改 figures: cases opened, answered on time, called back, appealed. Whether a case is late depends
// on the moment asked (a case not answered turns late when its deadline passes, with no event), so these
// are counted when a report is made, from the read model's case records of the range — a few per
// hundred ratings, read by the range's index — never stored as sums.

/** Counts that add up across cases; the rates are made from them at the end. */
export interface CasePartial {
  opened: number;
  open: number;
  answered: number;
  answeredOnTime: number;
  overdue: number;
  realName: number;
  realNameAnswered: number;
  calledBack: number;
  appeals: number;
  appealsUpheld: number;
}

export function emptyCasePartial(): CasePartial {
  return { opened: 0, open: 0, answered: 0, answeredOnTime: 0, overdue: 0, realName: 0, realNameAnswered: 0, calledBack: 0, appeals: 0, appealsUpheld: 0 };
}

/** A real-name rating gave a mobile (kept masked in the log and here). */
export const isRealName = (c: RatingCase) => c.mobile !== null;

/** p += one case, judged at `now`. */
export function addCase(p: CasePartial, c: RatingCase, now: number): void {
  p.opened++;
  if (c.state !== 'closed') p.open++;
  const onTime = answeredOnTime(c, now);
  if (c.answeredAt !== null) {
    p.answered++;
    if (onTime === true) p.answeredOnTime++;
  } else if (onTime === false) p.overdue++;
  if (isRealName(c)) {
    p.realName++;
    if (c.answeredAt !== null) {
      p.realNameAnswered++;
      if (c.callback !== null) p.calledBack++;
    }
  }
  if (c.appeal !== null) p.appeals++;
  if (c.outcome === 'appeal-upheld') p.appealsUpheld++;
}

export function finalizeCases(p: CasePartial): CaseFiguresView {
  return {
    ...p,
    onTimeRate: rate(p.answeredOnTime, p.answered + p.overdue),
    callbackRate: rate(p.calledBack, p.realNameAnswered),
  };
}

export function caseFiguresOf(cases: Iterable<RatingCase>, now: number): CaseFiguresView {
  const p = emptyCasePartial();
  for (const c of cases) addCase(p, c, now);
  return finalizeCases(p);
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => a.localeCompare(b, 'en', { numeric: true });

/** The cases of days from..to (their rated tickets' service days), in total and grouped as the ticket figures are. */
export function caseStatistics(cases: Iterable<RatingCase>, from: string, to: string, now: number): CaseStatisticsView {
  const total = emptyCasePartial();
  const groups = {
    byDay: new Map<string, CasePartial>(),
    byMonth: new Map<string, CasePartial>(),
    byCategory: new Map<string, CasePartial>(),
    byWindow: new Map<string, CasePartial>(),
    byStaff: new Map<string, CasePartial>(),
  };
  const into = (m: Map<string, CasePartial>, k: string, c: RatingCase) => {
    let p = m.get(k);
    if (!p) m.set(k, (p = emptyCasePartial()));
    addCase(p, c, now);
  };
  for (const c of cases) {
    if (c.serviceDay < from || c.serviceDay > to) continue;
    addCase(total, c, now);
    into(groups.byDay, c.serviceDay, c);
    into(groups.byMonth, c.serviceDay.slice(0, 7), c);
    into(groups.byCategory, c.categoryId, c);
    into(groups.byWindow, String(c.windowId), c);
    if (c.staffId !== null) into(groups.byStaff, c.staffId, c);
  }
  const done = (m: Map<string, CasePartial>) => Object.fromEntries([...m].sort(byKey).map(([k, p]) => [k, finalizeCases(p)]));
  return {
    total: finalizeCases(total),
    byDay: done(groups.byDay),
    byMonth: done(groups.byMonth),
    byCategory: done(groups.byCategory),
    byWindow: done(groups.byWindow),
    byStaff: done(groups.byStaff),
  };
}

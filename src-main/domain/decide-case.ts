import type { CaseActor, CaseCommand } from './commands';
import type { DecideContext, Decision } from './decision';
import { accept, reject } from './decision';
import type { CaseState, RatingCase } from './rating-case';
import { refuse } from './refusals';
import type { HallState } from './state';

// 差评整改: who may move a case, and from which state. 谁办理谁负责: the staff member who served, and the
// members of the window's team, verify, appeal and answer; supervisors and admins may do all of it and
// alone decide appeals, review answers and close cases.

export type CaseVerbName = 'verify' | 'appeal' | 'decideAppeal' | 'answer' | 'review' | 'close';

const FROM: Record<CaseVerbName, ReadonlySet<CaseState>> = {
  verify: new Set(['verifying']),
  appeal: new Set(['verifying', 'rectifying']),
  decideAppeal: new Set(['appealed']),
  answer: new Set(['rectifying']),
  review: new Set(['answered']),
  close: new Set(['reviewed']),
};

const SUPERVISOR_ONLY: ReadonlySet<CaseVerbName> = new Set(['decideAppeal', 'review', 'close']);

/** Whether this account answers for the case: its server, a member of the window's team, or a supervisor. */
export function ownsCase(c: RatingCase, by: CaseActor, ctx: Pick<DecideContext, 'rules'>): boolean {
  if (by.role !== 'staff') return true;
  if (c.staffId === by.username) return true;
  const team = ctx.rules.evaluation.cases.teams.find((t) => t.id === c.teamId);
  return team?.members.includes(by.username) ?? false;
}

/** The verbs this account may use on the case now: the board shows only these. */
export function caseVerbsFor(c: RatingCase, by: CaseActor, ctx: Pick<DecideContext, 'rules'>): CaseVerbName[] {
  if (!ownsCase(c, by, ctx)) return [];
  return (Object.keys(FROM) as CaseVerbName[]).filter((v) => FROM[v].has(c.state) && (by.role !== 'staff' || !SUPERVISOR_ONLY.has(v)));
}

const VERB: Record<CaseCommand['type'], CaseVerbName> = {
  VerifyCase: 'verify',
  AppealCase: 'appeal',
  DecideAppeal: 'decideAppeal',
  AnswerCase: 'answer',
  ReviewCase: 'review',
  CloseCase: 'close',
};

export function decideCase(cmd: CaseCommand, state: HallState, ctx: DecideContext): Decision {
  const c = state.cases.get(cmd.caseId);
  if (!c) return reject(refuse('NO_SUCH_CASE', { case: cmd.caseId }));
  const verb = VERB[cmd.type];
  if (!ownsCase(c, cmd.by, ctx)) return reject(refuse('CASE_NOT_YOURS', { number: c.number, window: c.windowId }));
  if (cmd.by.role === 'staff' && SUPERVISOR_ONLY.has(verb)) return reject(refuse('CASE_SUPERVISOR_ONLY', { number: c.number }));
  if (!FROM[verb].has(c.state)) return reject(refuse('CASE_WRONG_STATE', { number: c.number, state: c.state }));
  const base = { at: ctx.now, caseId: c.id, by: cmd.by.username };
  switch (cmd.type) {
    case 'VerifyCase':
      return accept({ type: 'CaseVerified', ...base, note: cmd.note.trim() });
    case 'AppealCase':
      return accept({ type: 'CaseAppealed', ...base, reason: cmd.reason.trim() });
    case 'DecideAppeal':
      return accept({ type: 'CaseAppealDecided', ...base, upheld: cmd.upheld, note: cmd.note.trim() });
    case 'AnswerCase': {
      // A real-name rating is called back (回访) before the case counts as answered; an anonymous one cannot be.
      if (c.mobile !== null && cmd.callback === null) return reject(refuse('CASE_CALLBACK_REQUIRED', { number: c.number }));
      if (c.mobile === null && cmd.callback !== null) return reject(refuse('CASE_ANONYMOUS', { number: c.number }));
      const callback = cmd.callback ? { at: ctx.now, by: cmd.by.username, answer: cmd.callback.answer, note: cmd.callback.note.trim() } : null;
      return accept({ type: 'CaseAnswered', ...base, rectification: cmd.rectification.trim(), callback });
    }
    case 'ReviewCase':
      return accept({ type: 'CaseReviewed', ...base, approved: cmd.approved, note: cmd.note.trim() });
    case 'CloseCase':
      return accept({ type: 'CaseClosed', ...base, note: cmd.note.trim() });
  }
}

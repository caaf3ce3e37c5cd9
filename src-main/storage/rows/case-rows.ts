import type { RatingCase } from '../../domain';
import { maskMobile } from '../../domain';

// A bad-rating case's row (rating_cases), the same in SQLite and PostgreSQL: the columns reports and the
// board filter on, and the whole case as JSON. The full mobile is in its own column only, so it can be
// cleared when the case no longer needs it without rewriting the JSON.

export interface CaseRow {
  hall_id: string;
  id: string;
  state: string;
  window_id: number;
  staff_id: string | null;
  team_id: string | null;
  category_id: string;
  level: string;
  real_name: number;
  opened_at: number;
  due_at: number;
  answered_at: number | null;
  closed_at: number | null;
  outcome: string | null;
  callback_answer: string | null;
  mobile: string | null;
  body: string;
}

export const CASE_COLUMNS = [
  'hall_id', 'id', 'state', 'window_id', 'staff_id', 'team_id', 'category_id', 'level', 'real_name', 'opened_at', 'due_at',
  'answered_at', 'closed_at', 'outcome', 'callback_answer', 'mobile', 'body',
] as const satisfies ReadonlyArray<keyof CaseRow>;

/** Written again on every change; `mobile` never, once stored (a purge may have cleared it). */
export const CASE_UPDATE_COLUMNS = CASE_COLUMNS.filter((c) => c !== 'hall_id' && c !== 'id' && c !== 'mobile');

export function caseToRow(c: RatingCase): CaseRow {
  return {
    hall_id: c.hallId,
    id: c.id,
    state: c.state,
    window_id: c.windowId,
    staff_id: c.staffId,
    team_id: c.teamId,
    category_id: c.categoryId,
    level: c.level,
    real_name: c.mobile !== null ? 1 : 0,
    opened_at: c.openedAt,
    due_at: c.dueAt,
    answered_at: c.answeredAt,
    closed_at: c.closedAt,
    outcome: c.outcome,
    callback_answer: c.callback?.answer ?? null,
    mobile: c.mobile,
    body: JSON.stringify({ ...c, mobile: c.mobile === null ? null : maskMobile(c.mobile) }),
  };
}

/** The case with its full mobile when the row still has it, the masked one otherwise. */
export function rowToCase(r: Pick<CaseRow, 'body' | 'mobile'>): RatingCase {
  const c = JSON.parse(r.body) as RatingCase;
  if (r.mobile !== null) c.mobile = r.mobile;
  return c;
}

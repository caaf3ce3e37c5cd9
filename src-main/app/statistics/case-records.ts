import type { CaseState, HallEvent, RatingCase } from '../../domain';
import { applyCaseChange, CASE_EVENT_TYPES, maskMobile } from '../../domain';

// 差评整改 cases as reports see them: one record per case (its id is the rated ticket's id), folded from
// CaseOpened and the later case events with the domain's own applyCaseChange, so the read model, the
// hall's memory and a replay of the log always tell the same case. The log holds the citizen's mobile
// masked; so do these records.

/** The case an event changes, if it is a case event. */
export function caseIdOf(e: HallEvent): string | null {
  if (!CASE_EVENT_TYPES.has(e.type)) return null;
  if (e.type === 'CaseOpened') return e.case.id;
  return 'caseId' in e ? e.caseId : null;
}

/**
 * One event applied to the case it touches: `get` finds a case, `set` keeps the new one (a fresh object:
 * what `get` returned is never changed, so a cache may hand out its own copies).
 */
export function applyToCases(e: HallEvent, get: (id: string) => RatingCase | undefined, set: (c: RatingCase) => void): void {
  switch (e.type) {
    case 'CaseOpened': {
      // The stored log has it masked already; an event from elsewhere (a test, memory) is masked here.
      const c = structuredClone(e.case);
      if (c.mobile !== null) c.mobile = maskMobile(c.mobile);
      set(c);
      return;
    }
    case 'CaseVerified':
    case 'CaseAppealed':
    case 'CaseAppealDecided':
    case 'CaseAnswered':
    case 'CaseReviewed':
    case 'CaseClosed': {
      const c = get(e.caseId);
      // A case opened before the log's start (never: CaseOpened is in the same batch as its rating).
      if (c) set(applyCaseChange(structuredClone(c), e));
      return;
    }
    default:
      return;
  }
}

/** Replays the event log into one record per case. */
export function caseRecords(events: Iterable<{ event: HallEvent }>): RatingCase[] {
  const byId = new Map<string, RatingCase>();
  for (const { event } of events) applyToCases(event, (id) => byId.get(id), (c) => byId.set(c.id, c));
  return [...byId.values()];
}

/** What the lead's board asks the read model for: cases of a range of service days, filtered. */
export interface CaseRecordFilter {
  /** Service days (YYYY-MM-DD) of the rated tickets; the case id begins with it. Both optional. */
  from?: string | undefined;
  to?: string | undefined;
  /** One state, or every state ('all', the default). */
  state?: CaseState | 'all' | undefined;
  windowId?: number | undefined;
  categoryId?: string | undefined;
  staffId?: string | undefined;
  /** At most this many (newest opened first); `more` says whether there were more. */
  limit: number;
}

export interface CaseRecordPage {
  cases: RatingCase[];
  more: boolean;
  /** How far into the hall's log the read model went when it answered. */
  upToSeq: number;
}

/** The same filter over cases in memory (a replay): newest opened first. */
export function filterCases(cases: Iterable<RatingCase>, f: CaseRecordFilter): { cases: RatingCase[]; more: boolean } {
  const out: RatingCase[] = [];
  for (const c of cases) {
    if (f.from !== undefined && c.serviceDay < f.from) continue;
    if (f.to !== undefined && c.serviceDay > f.to) continue;
    if (f.state !== undefined && f.state !== 'all' && c.state !== f.state) continue;
    if (f.windowId !== undefined && c.windowId !== f.windowId) continue;
    if (f.categoryId !== undefined && c.categoryId !== f.categoryId) continue;
    if (f.staffId !== undefined && c.staffId !== f.staffId) continue;
    out.push(c);
  }
  out.sort(newestFirst);
  return { cases: out.slice(0, f.limit), more: out.length > f.limit };
}

/** Newest opened first; one moment's cases by id, the higher first (as the read model orders them). */
export function newestFirst(a: RatingCase, b: RatingCase): number {
  return b.openedAt - a.openedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

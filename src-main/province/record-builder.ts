import type { StoredEvent } from '../app/ports';
import type { ProvinceRecord } from '../contracts/province';
import type { CaseEvent, RatingCase } from '../domain';
import { applyCaseChange, LOW_RATING_LEVELS } from '../domain';
import type { FieldMapping } from './field-mapping';
import { applyMapping } from './field-mapping';
import type { CaseResultEvent, HallCodes } from './sources';
import { caseResultSource, ratingSource } from './sources';

// Stored events in, platform records out, in log order:
//   ServiceRated                                   → a rating record     (id <hallId>:<ticketId>)
//   CaseAnswered / CaseAppealDecided(upheld) / CaseClosed → a case result (id <hallId>:<caseId>:<seq>)
// Every other event gives none. A case result needs more than its event says (the deadline, the answer a
// closing reports), so the builder folds the cases it saw opened with the domain's applyCaseChange, and
// forgets a case once it closed (memory holds the open cases only, at most MAX_FOLDED of them).
//
// A case opened before the builder started (the uploader restarted, or took the hall over) is read back
// as it stands now (ProvinceUploadStore.findCase) instead of replaying the log from its beginning: a
// closed case stands exactly as it closed, and an answer's record takes the answer from its own event
// and only the fixed facts (window, level, deadline) from the case. So a restart costs one primary-key
// read per such case, never a scan of the log.

/** Open cases kept folded; past it the oldest are dropped (and read back when they change again). */
export const MAX_FOLDED = 5000;

type MaybePromise<T> = T | Promise<T>;

export interface BuilderOptions {
  codes: () => HallCodes;
  mapping: { rating: FieldMapping; caseResult: FieldMapping };
  findCase: (caseId: string) => MaybePromise<RatingCase | undefined>;
  maxFolded?: number;
  /** Told of a case event whose case is nowhere (its record then carries what the event says). */
  onMissingCase?: (caseId: string, seq: number) => void;
}

export interface BuiltRecord {
  seq: number;
  record: ProvinceRecord;
}

export interface Built {
  records: BuiltRecord[];
  /** The last event consumed (its records, if any, are in `records`); null when none was. */
  throughSeq: number | null;
}

const RESULT_OF: Partial<Record<CaseEvent['type'], CaseResultEvent>> = { CaseAnswered: 'answered', CaseClosed: 'closed' };

export class RecordBuilder {
  private readonly folded = new Map<string, RatingCase>();
  /** Events up to here have been folded: none is applied twice. */
  private foldedThrough = 0;
  private readonly maxFolded: number;

  constructor(private readonly o: BuilderOptions) {
    this.maxFolded = o.maxFolded ?? MAX_FOLDED;
  }

  /** Forgets every folded case (the next events may not follow the last ones: restart, a new owner). */
  reset(fromSeq: number): void {
    this.folded.clear();
    this.foldedThrough = fromSeq;
  }

  get foldedCases(): number {
    return this.folded.size;
  }

  /**
   * Consumes `events` (in order, after the last consumed) until `maxRecords` records are built. `more`:
   * the page was full, more events follow; a bad rating at its very end then waits for the next page, so
   * it is built together with the case its commit opened (the masked mobile is there).
   */
  async build(events: readonly StoredEvent[], maxRecords: number, more: boolean): Promise<Built> {
    const records: BuiltRecord[] = [];
    let throughSeq: number | null = null;
    const codes = this.o.codes();
    for (let i = 0; i < events.length && records.length < maxRecords; i++) {
      const s = events[i]!;
      const e = s.event;
      if (e.type === 'ServiceRated') {
        let opened: RatingCase | null = null;
        if (LOW_RATING_LEVELS.has(e.level)) {
          const next = events[i + 1];
          if (!next && more && i > 0) break;
          if (next?.event.type === 'CaseOpened' && next.event.case.id === e.ticketId) opened = next.event.case;
        }
        const source = ratingSource(codes, e, opened);
        records.push({ seq: s.seq, record: { kind: 'rating', id: source.id, data: applyMapping(source, this.o.mapping.rating) } });
      } else if (e.type === 'CaseOpened') {
        this.fold(s.seq, () => this.keep(structuredClone(e.case)));
      } else if (e.type.startsWith('Case')) {
        const change = e as CaseEvent;
        const result = change.type === 'CaseAppealDecided' ? (change.upheld ? 'appeal-upheld' : undefined) : RESULT_OF[change.type];
        const c = await this.advance(s.seq, change, result !== undefined);
        if (result !== undefined) {
          if (!c) this.o.onMissingCase?.(change.caseId, s.seq);
          const source = caseResultSource(codes, s, change.caseId, result, c);
          records.push({ seq: s.seq, record: { kind: 'case-result', id: source.id, data: applyMapping(source, this.o.mapping.caseResult) } });
        }
      }
      throughSeq = s.seq;
      if (s.seq > this.foldedThrough) this.foldedThrough = s.seq;
    }
    return { records, throughSeq };
  }

  /** The case right after `change`: folded (then dropped once closed), or read back as it stands. */
  private async advance(seq: number, change: CaseEvent, wanted: boolean): Promise<RatingCase | null> {
    const held = this.folded.get(change.caseId);
    if (held) {
      if (seq > this.foldedThrough) applyCaseChange(held, change);
      if (held.state === 'closed') this.folded.delete(change.caseId);
      return held;
    }
    if (!wanted) return null;
    const stored = await this.o.findCase(change.caseId);
    if (!stored) return null;
    const c = structuredClone(stored);
    if (change.type === 'CaseAnswered') {
      // The case may have moved on since (reviewed, closed): this record reports the answer as given.
      c.outcome = null;
      c.closedAt = null;
      applyCaseChange(c, change);
    } else if (c.state !== 'closed') {
      applyCaseChange(c, change);
    }
    return c;
  }

  private fold(seq: number, apply: () => void): void {
    if (seq > this.foldedThrough) apply();
  }

  private keep(c: RatingCase): void {
    if (c.state === 'closed') return;
    this.folded.set(c.id, c);
    while (this.folded.size > this.maxFolded) this.folded.delete(this.folded.keys().next().value!);
  }
}

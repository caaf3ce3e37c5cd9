import type { HallEvent, RatingCase } from '../../domain';
import { applyToCases, caseIdOf } from './case-records';
import type { FiguresPartial, TicketRecord } from './figures';
import { addRecord, emptyPartial, isEmptyPartial } from './figures';
import type { CellKey, StatCell } from './statistics';
import { cellId, cellKeysOf } from './statistics';
import { applyToRecords, recordIdsOf } from './ticket-records';

/**
 * Where the statistics read model lives: one record per ticket (its story so far), cells of partial
 * figures (per day × category × window × staff member, the same per month, and per day in all) and one
 * record per bad-rating case, with how far into each hall's log they go. `write` stores a chunk's changes
 * and the new position in one transaction, so a crash repeats a chunk or none of it, never half.
 */
export interface StatisticsReadStore {
  position(hallId: string): number;
  loadRecord(hallId: string, id: string): TicketRecord | undefined;
  loadCell(hallId: string, key: CellKey): FiguresPartial | undefined;
  loadCase(hallId: string, id: string): RatingCase | undefined;
  /** Cells whose partial is empty are deleted. */
  write(hallId: string, records: readonly TicketRecord[], cells: readonly StatCell[], position: number, cases?: readonly RatingCase[]): void;
}

/**
 * Bumped whenever what the projection computes changes: the read model is then rebuilt from the log.
 * 3: ratings by channel, case records (好差评 整改).
 */
export const STATISTICS_PROJECTION_VERSION = 3;

const KEEP_RECORDS = 20_000;
const KEEP_CELLS = 20_000;
const KEEP_CASES = 5_000;

/**
 * Keeps the statistics read model up to date from the event log. Each event takes the touched tickets'
 * old contribution out of their cells and puts the new one in (a ticket served at another window than it
 * was called to moves between cells), so the cells always equal a replay of the log. Records and cells of
 * recent chunks stay in memory (a day's tickets are touched again and again).
 */
export class StatisticsProjector {
  private readonly records = new Map<string, TicketRecord | null>();
  private readonly cells = new Map<string, StatCell>();
  private readonly cases = new Map<string, RatingCase | null>();

  constructor(
    private readonly store: StatisticsReadStore,
    readonly hallId: string,
  ) {}

  get position(): number {
    return this.store.position(this.hallId);
  }

  /** Applies events (in log order, all after the stored position) and stores the result with the new position. */
  apply(events: ReadonlyArray<{ seq: number; event: HallEvent }>): void {
    if (events.length === 0) return;
    const dirtyRecords = new Map<string, TicketRecord>();
    const dirtyCells = new Map<string, StatCell>();
    const dirtyCases = new Map<string, RatingCase>();
    const get = (id: string) => this.record(id);
    const set = (r: TicketRecord) => {
      this.records.set(r.id, r);
      dirtyRecords.set(r.id, r);
    };
    const getCase = (id: string) => this.ratingCase(id);
    const setCase = (c: RatingCase) => {
      this.cases.set(c.id, c);
      dirtyCases.set(c.id, c);
    };
    for (const { event } of events) {
      if (caseIdOf(event) !== null) {
        applyToCases(event, getCase, setCase);
        continue;
      }
      const ids = recordIdsOf(event);
      for (const id of ids) {
        const before = this.record(id);
        if (before) this.contribute(before, -1, dirtyCells);
      }
      applyToRecords(event, get, set);
      for (const id of ids) {
        const after = this.record(id);
        if (after) this.contribute(after, 1, dirtyCells);
      }
    }
    try {
      this.store.write(this.hallId, [...dirtyRecords.values()], [...dirtyCells.values()], events.at(-1)!.seq, [...dirtyCases.values()]);
    } catch (err) {
      // The cache ran ahead of what is stored: forget it, the next try starts from the stored position.
      this.records.clear();
      this.cells.clear();
      this.cases.clear();
      throw err;
    }
    for (const [id, c] of dirtyCells) if (isEmptyPartial(c.partial)) this.cells.delete(id);
    this.trim();
  }

  private record(id: string): TicketRecord | undefined {
    let r = this.records.get(id);
    if (r === undefined) {
      r = this.store.loadRecord(this.hallId, id) ?? null;
      this.records.set(id, r);
    }
    return r ?? undefined;
  }

  private ratingCase(id: string): RatingCase | undefined {
    let c = this.cases.get(id);
    if (c === undefined) {
      c = this.store.loadCase(this.hallId, id) ?? null;
      this.cases.set(id, c);
    }
    return c ?? undefined;
  }

  private contribute(r: TicketRecord, sign: 1 | -1, dirty: Map<string, StatCell>): void {
    for (const key of cellKeysOf(r)) {
      const id = cellId(key);
      let cell = this.cells.get(id);
      if (!cell) {
        cell = { ...key, partial: this.store.loadCell(this.hallId, key) ?? emptyPartial() };
        this.cells.set(id, cell);
      }
      addRecord(cell.partial, r, sign);
      dirty.set(id, cell);
    }
  }

  /** Forgets the oldest cached entries (Map order is insertion order). */
  private trim(): void {
    for (const [map, keep] of [[this.records, KEEP_RECORDS], [this.cells, KEEP_CELLS], [this.cases, KEEP_CASES]] as const) {
      for (const key of map.keys()) {
        if (map.size <= keep) break;
        map.delete(key);
      }
    }
  }
}

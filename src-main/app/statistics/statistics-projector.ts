import type { HallEvent } from '../../domain';
import type { FiguresPartial, TicketRecord } from './figures';
import { addRecord, emptyPartial, isEmptyPartial } from './figures';
import type { CellKey, StatCell } from './statistics';
import { cellId, cellKeysOf } from './statistics';
import { applyToRecords, recordIdsOf } from './ticket-records';

/**
 * Where the statistics read model lives: one record per ticket (its story so far) and cells of partial
 * figures (per day × category × window × staff member, the same per month, and per day in all), with how
 * far into each hall's log they go. `write`
 * stores a chunk's changes and the new position in one transaction, so a crash repeats a chunk or none of
 * it, never half.
 */
export interface StatisticsReadStore {
  position(hallId: string): number;
  loadRecord(hallId: string, id: string): TicketRecord | undefined;
  loadCell(hallId: string, key: CellKey): FiguresPartial | undefined;
  /** Cells whose partial is empty are deleted. */
  write(hallId: string, records: readonly TicketRecord[], cells: readonly StatCell[], position: number): void;
}

/** Bumped whenever what the projection computes changes: the read model is then rebuilt from the log. */
export const STATISTICS_PROJECTION_VERSION = 2;

const KEEP_RECORDS = 20_000;
const KEEP_CELLS = 20_000;

/**
 * Keeps the statistics read model up to date from the event log. Each event takes the touched tickets'
 * old contribution out of their cells and puts the new one in (a ticket served at another window than it
 * was called to moves between cells), so the cells always equal a replay of the log. Records and cells of
 * recent chunks stay in memory (a day's tickets are touched again and again).
 */
export class StatisticsProjector {
  private readonly records = new Map<string, TicketRecord | null>();
  private readonly cells = new Map<string, StatCell>();

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
    const get = (id: string) => this.record(id);
    const set = (r: TicketRecord) => {
      this.records.set(r.id, r);
      dirtyRecords.set(r.id, r);
    };
    for (const { event } of events) {
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
      this.store.write(this.hallId, [...dirtyRecords.values()], [...dirtyCells.values()], events.at(-1)!.seq);
    } catch (err) {
      // The cache ran ahead of what is stored: forget it, the next try starts from the stored position.
      this.records.clear();
      this.cells.clear();
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
    for (const [map, keep] of [[this.records, KEEP_RECORDS], [this.cells, KEEP_CELLS]] as const) {
      for (const key of map.keys()) {
        if (map.size <= keep) break;
        map.delete(key);
      }
    }
  }
}

import type { Db } from './open-database';

/**
 * The event log keys rows by a small hall number instead of the hall's id text: the id would be repeated in
 * every row and every index entry of millions. Numbers are given on a hall's first commit and never change.
 */
export class HallNumbers {
  private readonly known = new Map<string, number>();
  private readonly uncommitted = new Set<string>();
  private readonly select;
  private insert: ReturnType<Db['prepare']> | null = null;

  // The insert is prepared when first needed: readers use this on read-only connections.
  constructor(private readonly db: Db) {
    this.select = db.prepare(`SELECT no FROM hall_numbers WHERE id = ?`).pluck();
  }

  /** The hall's number, if it has one. */
  find(hallId: string): number | undefined {
    const cached = this.known.get(hallId);
    if (cached !== undefined) return cached;
    const no = this.select.get(hallId) as number | undefined;
    if (no !== undefined) this.known.set(hallId, no);
    return no;
  }

  /** The hall's number, given now if it has none: call inside the transaction that writes with it. */
  of(hallId: string): number {
    const found = this.find(hallId);
    if (found !== undefined) return found;
    this.insert ??= this.db.prepare(`INSERT INTO hall_numbers (id) VALUES (?)`);
    const no = Number(this.insert.run(hallId).lastInsertRowid);
    this.known.set(hallId, no);
    this.uncommitted.add(hallId);
    return no;
  }

  /** After a rollback: numbers given in it are gone from disk, so forget them here too. */
  forgetUncommitted(): void {
    for (const id of this.uncommitted) this.known.delete(id);
    this.uncommitted.clear();
  }

  forgetAll(): void {
    this.known.clear();
    this.uncommitted.clear();
  }

  /** After a commit. */
  committed(): void {
    this.uncommitted.clear();
  }
}

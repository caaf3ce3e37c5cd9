// The stored position of an outbox over a hall's event log (edge/uplink.ts, province/uploader.ts): marked
// dirty when it moves, written at most every `everyMs` unless forced (stop, or a move that must not be
// lost), and dirty again when a write fails.

export interface PositionSaverOptions<S> {
  /** Unforced writes come at most this often. */
  everyMs: number;
  /** What to write; null while nothing is loaded (then nothing is written). */
  current: () => S | null;
  write: (state: S) => void | Promise<void>;
  /** A write failed: the position stays dirty, and a forced save throws the error after this. */
  writeFailed: (err: unknown) => void;
}

export class PositionSaver<S> {
  private isDirty = false;
  private savedAt = 0;

  constructor(private readonly options: PositionSaverOptions<S>) {}

  /** A change not written yet. */
  get dirty(): boolean {
    return this.isDirty;
  }

  markDirty(): void {
    this.isDirty = true;
  }

  /** Writes a dirty position: when `force`, now; otherwise only if the last write is everyMs old. */
  async save(force: boolean): Promise<void> {
    const state = this.options.current();
    if (!state || !this.isDirty) return;
    if (!force && performance.now() - this.savedAt < this.options.everyMs) return;
    this.isDirty = false;
    this.savedAt = performance.now();
    try {
      await this.options.write(state);
    } catch (err) {
      this.isDirty = true;
      this.options.writeFailed(err);
      if (force) throw err;
    }
  }
}

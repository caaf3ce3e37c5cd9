// The wait of an outbox over a hall's event log (edge/uplink.ts, province/uploader.ts) when it has nothing
// to send: a timer, ended at once by stop, and, when the wait allows it, by a commit (the commits of the
// first `coalesceMs` are taken together) or by wake().

export class IdleWaker {
  private stopped = false;
  private poke: (() => void) | null = null;
  /** The loop waits, caught up: a commit or wake() may end the wait. */
  private wakeOnCommit = false;
  private commitTimer: NodeJS.Timeout | null = null;

  constructor(private readonly coalesceMs: number) {}

  /** Waits `ms`; a commit (after coalesceMs) or wake() ends it early when `wakeOnCommit`; stop always. */
  idle(ms: number, wakeOnCommit: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.poke = null;
        this.wakeOnCommit = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.poke = done;
      this.wakeOnCommit = wakeOnCommit;
    });
  }

  /** For the hall's onCommit: ends a wait that allows it, coalesceMs after the first commit. */
  readonly onCommit = (): void => {
    if (!this.wakeOnCommit || this.commitTimer || this.stopped) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = null;
      if (this.wakeOnCommit) this.poke?.();
    }, this.coalesceMs);
  };

  /** Ends a wait that a commit may end, at once (something else changed that the loop must see). */
  wake(): void {
    if (this.wakeOnCommit) this.poke?.();
  }

  /** Ends the wait in progress, and every later one at once. */
  stop(): void {
    this.stopped = true;
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = null;
    this.poke?.();
  }
}

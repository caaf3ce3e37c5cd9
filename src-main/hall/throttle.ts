/**
 * Runs `fn` at most once per `intervalMs`: the first request runs at once, later ones within the interval
 * are folded into one trailing run. Times come from the caller so tests need no real clock.
 */
export class Throttle {
  private last = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly fn: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  request(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0) {
      this.run();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, wait);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.last = this.now();
    this.fn();
  }
}

/**
 * Background work of every hall the process carries, one piece per turn of the event loop: summaries,
 * phone refreshes, resync snapshots and periodic checks of thirty halls never run back to back, so a call
 * pressed in any hall waits behind at most one piece. (Timers and immediates of many halls that fall due
 * together all run in one phase of the loop, with no network read between them.) Pieces run in the order
 * they were queued; a piece that has more to do queues its continuation at the back, so halls take turns.
 */
export class TurnQueue {
  private pieces: Array<() => void> = [];
  private head = 0;
  private scheduled = false;

  constructor(private readonly defer: (run: () => void) => void = (run) => void setImmediate(run)) {}

  push(piece: () => void): void {
    this.pieces.push(piece);
    if (this.scheduled) return;
    this.scheduled = true;
    this.defer(() => this.runOne());
  }

  /** Pieces waiting. */
  get size(): number {
    return this.pieces.length - this.head;
  }

  private runOne(): void {
    const piece = this.pieces[this.head];
    this.pieces[this.head++] = undefined as unknown as () => void;
    if (this.head === this.pieces.length) {
      this.pieces = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.pieces.length) {
      this.pieces = this.pieces.slice(this.head);
      this.head = 0;
    }
    this.scheduled = this.size > 0;
    // Scheduled before the piece runs: a piece that throws (a bug) must not stop every hall's summaries.
    if (this.scheduled) this.defer(() => this.runOne());
    piece?.();
  }
}

/** The one queue of background pieces shared by every hall of the process. */
export const backstage = new TurnQueue();

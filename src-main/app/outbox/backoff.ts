// How long an outbox over a hall's event log (edge/uplink.ts, province/uploader.ts) waits after failures in
// a row: exponential, with jitter so that halls cut off together do not return in step.

export interface BackoffPolicy {
  /** The wait after the first failure, before jitter; it doubles with each failure after. */
  minMs: number;
  maxMs: number;
  /** The shortest wait, jitter included. */
  floorMs: number;
}

export class Backoff {
  private run = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    /** Math.random, or a test's. */
    private readonly random: () => number,
  ) {}

  /** Failures in a row so far. */
  get failures(): number {
    return this.run;
  }

  failed(): void {
    this.run++;
  }

  succeeded(): void {
    this.run = 0;
  }

  /** The first failure of a run and every tenth after it are worth a log line above debug. */
  get worthLogging(): boolean {
    return this.run === 1 || this.run % 10 === 0;
  }

  /** minMs, 2 × minMs, 4 × minMs … maxMs after the failures so far, each between 50 % and 100 % of that, never under floorMs. */
  delay(): number {
    const { minMs, maxMs, floorMs } = this.policy;
    const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(10, this.run - 1));
    return Math.max(floorMs, Math.round(ceiling * (0.5 + this.random() * 0.5)));
  }
}

import { IdleWaker } from './idle-waker';

// The life of an outbox's loop over a hall's event log (edge/uplink.ts, province/uploader.ts): started
// once; stopped by ending its waits at once and letting the request in flight finish for a grace period
// before it is aborted through `signal`.

class Stopped extends Error {}

export class OutboxLoop {
  private isStopped = false;
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;
  /** The loop's waits; stop() ends them. */
  readonly waker: IdleWaker;

  constructor(
    coalesceMs: number,
    /** How long stop() lets the request in flight finish before aborting it. */
    private readonly graceMs: number,
  ) {
    this.waker = new IdleWaker(coalesceMs);
  }

  /** stop() was called: the loop ends after what it is doing. */
  get stopped(): boolean {
    return this.isStopped;
  }

  /** For the loop's requests: aborted graceMs after stop(), or when the loop has ended. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Runs `run` once, however often it is called. */
  start(run: () => Promise<void>): void {
    this.running ??= run();
  }

  /**
   * Ends the waits and waits for the loop, aborting its request after graceMs; then `after` (whatever
   * happened). True for the call that stopped the loop; a later call only waits for the loop, false.
   */
  async stop(after: () => void): Promise<boolean> {
    if (this.isStopped) {
      await this.running;
      return false;
    }
    this.isStopped = true;
    this.waker.stop();
    const abort = setTimeout(() => this.stopping.abort(new Stopped('stopping')), this.graceMs);
    try {
      await this.running;
    } finally {
      clearTimeout(abort);
      this.stopping.abort(new Stopped('stopping'));
      after();
    }
    return true;
  }
}

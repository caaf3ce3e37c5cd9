/**
 * At most `maxRunning` tasks at once and at most `maxWaiting` more waiting their turn; beyond that a task
 * is refused at once instead of queueing work nobody will wait for. Waiting tasks are served round-robin by
 * key (a client address): one address sending many cannot make another wait behind all of its tasks.
 */
export class ConcurrencyGate {
  private running = 0;
  private waitingCount = 0;
  /** Waiting tasks per key; Map order is the round-robin order. */
  private readonly lines = new Map<string, Array<() => void>>();
  /** Tasks started since the gate was made (for tests and profiles). */
  started = 0;

  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
  ) {
    if (!(maxRunning >= 1) || !(maxWaiting >= 0)) throw new Error('ConcurrencyGate needs maxRunning ≥ 1 and maxWaiting ≥ 0');
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waitingCount;
  }

  /** Runs `task` when a place is free; `null` (and `task` never runs) when the waiting line is full. */
  run<T>(task: () => Promise<T>, key = ''): Promise<T> | null {
    if (this.running < this.maxRunning) {
      this.running++;
      return this.start(task);
    }
    if (this.waitingCount >= this.maxWaiting) return null;
    this.waitingCount++;
    // The place is handed over by release(), already counted as running.
    return new Promise<void>((resolve) => {
      const line = this.lines.get(key);
      if (line) line.push(resolve);
      else this.lines.set(key, [resolve]);
    }).then(() => this.start(task));
  }

  private start<T>(task: () => Promise<T>): Promise<T> {
    this.started++;
    let out: Promise<T>;
    try {
      out = task();
    } catch (err) {
      out = Promise.reject(err as Error);
    }
    return out.finally(() => this.release());
  }

  private release(): void {
    const first = this.lines.entries().next();
    if (first.done) {
      this.running--;
      return;
    }
    const [key, line] = first.value;
    const next = line.shift()!;
    // The key goes to the back of the round; a key with nobody left waiting leaves it.
    this.lines.delete(key);
    if (line.length > 0) this.lines.set(key, line);
    this.waitingCount--;
    next();
  }
}

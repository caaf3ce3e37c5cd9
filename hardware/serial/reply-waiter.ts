interface Waiting<F> {
  accept: (reply: F) => boolean;
  resolve: (reply: F) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface ExpectOptions<F> {
  timeoutMs: number;
  /** Built lazily so the error carries the context of this request only. */
  timeoutError: () => Error;
  /** Which incoming reply belongs to this request; the default takes the first one. */
  accept?: (reply: F) => boolean;
  /** Runs when the wait times out, before the promise rejects (e.g. to flush a half frame). */
  onTimeout?: () => void;
}

/** Matches incoming replies to the requests that wait for them, each with its own deadline. */
export class ReplyWaiter<F> {
  private readonly waiting: Waiting<F>[] = [];

  expect(options: ExpectOptions<F>): Promise<F> {
    return new Promise<F>((resolve, reject) => {
      const entry: Waiting<F> = {
        accept: options.accept ?? (() => true),
        resolve,
        reject,
        timer: setTimeout(() => {
          this.remove(entry);
          options.onTimeout?.();
          reject(options.timeoutError());
        }, options.timeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  /** Hands a reply to the oldest request that accepts it. False means nobody asked for it. */
  offer(reply: F): boolean {
    const entry = this.waiting.find((w) => w.accept(reply));
    if (!entry) return false;
    this.remove(entry);
    entry.resolve(reply);
    return true;
  }

  /** Fails the oldest waiting request, e.g. when its reply arrived corrupt. */
  failOldest(error: Error): boolean {
    const entry = this.waiting[0];
    if (!entry) return false;
    this.remove(entry);
    entry.reject(error);
    return true;
  }

  failAll(error: Error): void {
    for (const entry of [...this.waiting]) {
      this.remove(entry);
      entry.reject(error);
    }
  }

  get pending(): number {
    return this.waiting.length;
  }

  private remove(entry: Waiting<F>): void {
    clearTimeout(entry.timer);
    const index = this.waiting.indexOf(entry);
    if (index >= 0) this.waiting.splice(index, 1);
  }
}

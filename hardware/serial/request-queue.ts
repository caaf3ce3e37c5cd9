import { serialError } from './serial-errors';

/**
 * Runs device requests strictly one after another. Half-duplex devices like the ID card reader answer
 * without saying which request they answer, so a second request in flight would steal the first reply.
 */
export class RequestQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;
  private queued = 0;
  private closed = false;

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(serialError('SERIAL_CLOSED'));
    this.queued++;
    const result = this.tail.then(async () => {
      this.queued--;
      if (this.closed) throw serialError('SERIAL_CLOSED');
      this.running++;
      try {
        return await task();
      } finally {
        this.running--;
      }
    });
    // The chain must survive a failed task, or every later request would fail with it.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** 0 or 1, never more: the property the queue exists for. */
  get inFlight(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queued;
  }

  /** Later `run` calls and tasks not yet started fail with SERIAL_CLOSED. */
  close(): void {
    this.closed = true;
  }
}

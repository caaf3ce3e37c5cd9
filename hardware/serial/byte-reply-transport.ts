import { ReplyWaiter } from './reply-waiter';
import { RequestQueue } from './request-queue';
import type { SerialLine } from './serial-line';

export interface ByteRequestOptions {
  timeoutMs: number;
  timeoutError: () => Error;
}

/**
 * For devices whose replies are bare bytes with no framing (an ESC/POS printer answering DLE EOT with
 * one status byte). One request in flight, so the next byte is the answer to it; bytes that arrive
 * with nobody waiting are reported and dropped.
 */
export class ByteReplyTransport {
  private readonly waiter = new ReplyWaiter<number>();
  private readonly queue = new RequestQueue();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly line: SerialLine,
    private readonly onUnsolicited: (byte: number) => void = () => undefined,
  ) {
    this.unsubscribe = line.onData((chunk) => {
      for (const byte of chunk) {
        if (!this.waiter.offer(byte)) this.onUnsolicited(byte);
      }
    });
  }

  /** Sends `bytes` and resolves with the single byte that answers them. */
  requestByte(bytes: Uint8Array, options: ByteRequestOptions): Promise<number> {
    return this.queue.run(async () => {
      const reply = this.waiter.expect({ timeoutMs: options.timeoutMs, timeoutError: options.timeoutError });
      // The reply may time out while the write is still pending: mark it handled now, the caller still gets it.
      reply.catch(() => {});
      try {
        await this.line.write(bytes);
      } catch (error) {
        this.waiter.failAll(error instanceof Error ? error : new Error(String(error)));
      }
      return reply;
    });
  }

  /** Sends bytes that expect no answer, still in turn with the requests. */
  send(bytes: Uint8Array): Promise<void> {
    return this.queue.run(() => this.line.write(bytes));
  }

  get inFlight(): number {
    return this.queue.inFlight;
  }

  async close(): Promise<void> {
    this.queue.close();
    this.unsubscribe();
    await this.line.close();
  }
}

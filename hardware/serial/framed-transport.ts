import type { CorruptFrame, FrameSpec } from './frame-parser';
import { FrameParser } from './frame-parser';
import { ReplyWaiter } from './reply-waiter';
import { RequestQueue } from './request-queue';
import type { SerialLine } from './serial-line';

export interface FramedTransportOptions<F> {
  /** Corrupt frames are always reported here; while a request waits, its promise fails too. */
  onCorrupt?: (corrupt: CorruptFrame) => void;
  onNoise?: (bytes: Buffer) => void;
  /** A well-formed frame nobody was waiting for (a late reply after a timeout, say). */
  onUnsolicited?: (frame: F) => void;
}

export interface RequestOptions<F> {
  timeoutMs: number;
  timeoutError: () => Error;
  corruptError: (corrupt: CorruptFrame) => Error;
  accept?: (reply: F) => boolean;
}

/**
 * Request/reply over a framed serial line: one request in flight, replies parsed from the byte
 * stream, deadlines per request. Protocol specifics live in the FrameSpec.
 */
export class FramedTransport<F> {
  private readonly parser: FrameParser<F>;
  private readonly waiter = new ReplyWaiter<F>();
  private readonly queue = new RequestQueue();
  private readonly unsubscribe: () => void;
  private corruptHandler: ((corrupt: CorruptFrame) => void) | undefined;

  constructor(
    private readonly line: SerialLine,
    spec: FrameSpec<F>,
    private readonly options: FramedTransportOptions<F> = {},
  ) {
    this.parser = new FrameParser(spec, {
      onFrame: (frame) => {
        if (!this.waiter.offer(frame)) this.options.onUnsolicited?.(frame);
      },
      onCorrupt: (corrupt) => {
        this.options.onCorrupt?.(corrupt);
        this.corruptHandler?.(corrupt);
      },
      onNoise: (bytes) => this.options.onNoise?.(bytes),
    });
    this.unsubscribe = line.onData((chunk) => this.parser.push(chunk));
  }

  request(bytes: Uint8Array, options: RequestOptions<F>): Promise<F> {
    return this.queue.run(async () => {
      const reply = this.waiter.expect({
        timeoutMs: options.timeoutMs,
        timeoutError: options.timeoutError,
        accept: options.accept,
        onTimeout: () => this.parser.reset(),
      });
      // The reply may time out while the write is still pending: mark it handled now, the caller still gets it.
      reply.catch(() => {});
      this.corruptHandler = (corrupt) => this.waiter.failOldest(options.corruptError(corrupt));
      try {
        await this.line.write(bytes);
      } catch (error) {
        this.waiter.failAll(error instanceof Error ? error : new Error(String(error)));
      }
      try {
        return await reply;
      } finally {
        this.corruptHandler = undefined;
      }
    });
  }

  get inFlight(): number {
    return this.queue.inFlight;
  }

  get queued(): number {
    return this.queue.waiting;
  }

  async close(): Promise<void> {
    this.queue.close();
    this.unsubscribe();
    await this.line.close();
  }
}

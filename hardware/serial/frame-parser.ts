/**
 * What a protocol tells the parser about the bytes that start at a header.
 * `length` for corrupt results is how many bytes the damaged frame seemed to span (for the report only:
 * the parser resyncs one byte later, because a header inside the damaged bytes may start a good frame).
 */
export type DecodeResult<F> =
  | { status: 'incomplete' }
  | { status: 'frame'; frame: F; length: number }
  | { status: 'corrupt'; reason: CorruptReason; detail: string; length: number };

export type CorruptReason = 'checksum' | 'length' | 'format';

export interface FrameSpec<F> {
  readonly header: Uint8Array;
  /** Called with a buffer that starts with `header`. Must not throw. */
  decode(buffer: Buffer): DecodeResult<F>;
}

export interface CorruptFrame {
  reason: CorruptReason;
  detail: string;
  bytes: Buffer;
}

export interface FrameParserEvents<F> {
  onFrame(frame: F): void;
  /** A frame that started with a header but failed its check. */
  onCorrupt?(corrupt: CorruptFrame): void;
  /** Bytes skipped while looking for a header (line noise, a half frame from before we listened). */
  onNoise?(bytes: Buffer): void;
}

/**
 * Turns a byte stream cut at arbitrary points into frames: finds the header, waits until the frame is
 * complete, checks it, and on any damage drops one byte and searches again.
 */
export class FrameParser<F> {
  private buffer = Buffer.alloc(0);

  constructor(
    private readonly spec: FrameSpec<F>,
    private readonly events: FrameParserEvents<F>,
  ) {
    if (spec.header.length === 0) throw new Error('FrameParser needs a non-empty header to resync on');
  }

  push(chunk: Uint8Array): void {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    this.drain();
  }

  /** Forgets a half-received frame, e.g. after a timeout, so its tail cannot glue onto the next reply. */
  reset(): void {
    this.buffer = Buffer.alloc(0);
  }

  get buffered(): number {
    return this.buffer.length;
  }

  private drain(): void {
    for (;;) {
      const start = this.findHeader();
      if (start > 0) {
        this.events.onNoise?.(this.buffer.subarray(0, start));
        this.buffer = this.buffer.subarray(start);
      }
      if (start < 0) return;
      if (this.buffer.length < this.spec.header.length) return;

      const result = this.spec.decode(this.buffer);
      if (result.status === 'incomplete') return;
      if (result.status === 'frame') {
        this.buffer = this.buffer.subarray(result.length);
        this.events.onFrame(result.frame);
        continue;
      }
      this.events.onCorrupt?.({
        reason: result.reason,
        detail: result.detail,
        bytes: Buffer.from(this.buffer.subarray(0, Math.min(result.length, this.buffer.length))),
      });
      this.buffer = this.buffer.subarray(1);
    }
  }

  /**
   * Index of the first full header, or of a header prefix at the very end (kept for the next chunk),
   * or -1 after discarding everything when neither exists.
   */
  private findHeader(): number {
    const header = this.spec.header;
    const full = this.buffer.indexOf(header);
    if (full >= 0) return full;
    for (let keep = Math.min(header.length - 1, this.buffer.length); keep > 0; keep--) {
      const tail = this.buffer.subarray(this.buffer.length - keep);
      if (tail.equals(header.subarray(0, keep))) return this.buffer.length - keep;
    }
    if (this.buffer.length > 0) this.events.onNoise?.(this.buffer);
    this.buffer = Buffer.alloc(0);
    return -1;
  }
}

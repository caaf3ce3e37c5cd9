import type { SerialLine } from './serial-line';
import { serialError } from './serial-errors';

export interface MemoryLine extends SerialLine {
  readonly closed: boolean;
  /** Everything written through this end, for byte-level assertions. */
  readonly written: Buffer[];
  /** Feeds bytes in as if the other side sent them. */
  inject(bytes: Uint8Array): void;
}

class MemoryEnd implements MemoryLine {
  closed = false;
  readonly written: Buffer[] = [];
  peer: MemoryEnd | undefined;
  private readonly listeners = new Set<(chunk: Buffer) => void>();

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw serialError('SERIAL_CLOSED');
    const chunk = Buffer.from(bytes);
    this.written.push(chunk);
    const peer = this.peer;
    // Delivered on a later tick like a real port, so a reply can never overtake the write that caused it.
    if (peer) setImmediate(() => peer.inject(chunk));
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  inject(bytes: Uint8Array): void {
    if (this.closed) return;
    const chunk = Buffer.from(bytes);
    for (const listener of [...this.listeners]) listener(chunk);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}

/** A single end whose writes go nowhere; the test plays the device through `inject`. */
export function createMemoryLine(): MemoryLine {
  return new MemoryEnd();
}

/** Two connected ends: what one writes, the other receives. A serial cable without the cable. */
export function createMemoryLinePair(): [MemoryLine, MemoryLine] {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/**
 * The one thing a driver needs from a port. Drivers receive it ready-made (a real port from
 * `openSerialLine`, a pty end in integration tests, an in-memory pair in unit tests) and never
 * construct a port themselves.
 */
export interface SerialLine {
  /** Resolves once the bytes have left the process (drained), rejects if the port failed. */
  write(bytes: Uint8Array): Promise<void>;
  /** Subscribes to incoming chunks; chunk boundaries carry no meaning. Returns the unsubscribe. */
  onData(listener: (chunk: Buffer) => void): () => void;
  close(): Promise<void>;
}

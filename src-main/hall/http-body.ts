import type { IncomingMessage, ServerResponse } from 'node:http';

/** A body over its route's limit is still read (and thrown away) up to this many bytes, so the 413 reaches the client. */
export const DISCARD_BOUND = 2 * 1024 * 1024;

/**
 * The request's body, or null when it is over `limit`. An oversized body is read to its end and thrown
 * away (up to DISCARD_BOUND), so the client, which is still sending, gets the 413 instead of a reset
 * connection; the answer then closes the connection (`tooLarge`). A body over the bound, or declared over it,
 * is not read on: the connection is closed after the answer.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > DISCARD_BOUND) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > limit;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
      if (size > DISCARD_BOUND) {
        // Not read any further (and not destroyed here, so the 413 can still be written).
        req.off('data', onData);
        req.pause();
        resolve(null);
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/**
 * Sends a 413 with `Connection: close` and closes the connection once it is sent; a body still arriving
 * (over DISCARD_BOUND) is not read any further.
 */
export function tooLarge(req: IncomingMessage, res: ServerResponse, body: string): void {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body, () => req.socket.destroySoon());
}

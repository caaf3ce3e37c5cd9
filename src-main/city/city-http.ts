import type { IncomingMessage, ServerResponse } from 'node:http';

// Small pieces the city's HTTP routes share: JSON answers in the hall server's form ({ ok, data } or
// { ok: false, code, message, messageEn }) for /api/city, and a bounded body reader for the link, whose
// batches are larger than anything the hall routes take (http-body.ts stops at 2 MiB).

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), extra);
}

export function sendText(res: ServerResponse, status: number, text: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)), ...extra });
  res.end(text);
}

export function ok(res: ServerResponse, data: unknown): void {
  sendJson(res, 200, { ok: true, data });
}

export function fail(res: ServerResponse, status: number, code: string, message: string, messageEn: string, extra: object = {}): void {
  sendJson(res, status, { ok: false, code, message, messageEn, ...extra });
}

/** The bearer token of a request, if any. */
export function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer (\S{1,200})$/.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * The request's body, or null when it is over `limit` (declared or sent). Reading stops at the limit: the
 * answer (413) is sent with `Connection: close` and the connection closed after it, so whatever the client
 * still sends is not read.
 */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Says `Connection: close` and ends the connection once the answer is written (after a refused oversized body). */
export function closeAfter(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close');
  res.once('finish', () => req.socket.destroySoon());
}

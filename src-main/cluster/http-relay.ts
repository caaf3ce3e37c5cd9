import { request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RelayDeps } from './socket-relay';
import { DISCARD_BOUND } from '../hall/http-body';
import { RELAY_HEADER } from './relay-trust';

const HALL_PATH = /^\/api\/halls\/([^/]+)\//;

/** Request headers that belong to one hop and are not passed on. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', RELAY_HEADER]);

/**
 * Wraps the HTTP handler: a request about a hall this server does not run (login, snapshot, statistics,
 * exports, config import) is passed to the server that runs it and its answer streamed back (an export is
 * not held in memory); the rest is answered here.
 */
export function relayHallRequests(
  deps: Pick<RelayDeps, 'knows' | 'runsHere' | 'ownerOf' | 'secret' | 'waitMs'>,
  clientAddress: (req: IncomingMessage) => string,
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
  opts: { bodyLimit?: (path: string) => number | undefined } = {},
) {
  return (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const m = HALL_PATH.exec(path);
    const hallId = m ? safeDecode(m[1]!) : null;
    if (hallId === null || !deps.knows(hallId) || deps.runsHere(hallId)) return handler(req, res);
    return forward(req, res, hallId, opts.bodyLimit?.(path) ?? DISCARD_BOUND);
  };

  async function forward(req: IncomingMessage, res: ServerResponse, hallId: string, limit: number): Promise<void> {
    // Hall requests are small (logins, config imports; a linked hall's upload batches at most a few MB):
    // read first, so a request whose owner just died can be sent again to the next one.
    const body = await readSmallBody(req, limit);
    if (!body) {
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ ok: false, code: 'PAYLOAD_TOO_LARGE', message: '请求数据过大', messageEn: `Request body over ${limit} bytes` }));
      return;
    }
    const until = Date.now() + (deps.waitMs ?? 10_000);
    let problem = 'no server runs this hall at the moment';
    for (;;) {
      // Once the body is read the request goes over HTTP even when the hall has come here meanwhile (to
      // this server's own address): the local handler would find the body consumed.
      const owner = await deps.ownerOf(hallId, Math.max(0, until - Date.now()));
      if (owner) {
        const outcome = await send(req, res, owner.url, body);
        if (outcome === 'done') return;
        problem = outcome.unreachable;
      }
      if (Date.now() >= until || res.destroyed) return unavailable(res, problem);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** 'done' once the owner answered (or the client went away); unreachable: nothing reached the owner. */
  function send(req: IncomingMessage, res: ServerResponse, ownerUrl: string, body: Buffer): Promise<'done' | { unreachable: string }> {
    const target = new URL(req.url ?? '/', ownerUrl);
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_HEADERS.has(k)) headers[k] = v;
    headers[RELAY_HEADER] = deps.secret;
    headers['x-forwarded-for'] = clientAddress(req);
    if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
    headers['content-length'] = String(body.length);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      const upstream = request(target, { method: req.method, headers, timeout: 120_000 }, (answer) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && k !== 'connection' && k !== 'keep-alive' && k !== 'transfer-encoding') out[k] = v;
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        answer.on('end', () => resolve('done'));
        answer.on('error', () => {
          res.destroy();
          resolve('done');
        });
      });
      upstream.on('timeout', () => upstream.destroy(new Error('the hall server did not answer in time')));
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        if (res.headersSent) {
          res.destroy();
          resolve('done');
        } else if (err.code === 'ECONNREFUSED' || err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH') {
          resolve({ unreachable: err.message });
        } else {
          unavailable(res, err.message);
          resolve('done');
        }
      });
      upstream.end(body);
    });
  }
}

/** The body, or null past `limit` (DISCARD_BOUND: every hall route's own limit is far below it). */
async function readSmallBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      return null;
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

function unavailable(res: ServerResponse, why: string): void {
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '2', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ ok: false, code: 'HALL_UNAVAILABLE', message: '大厅服务正在切换，请稍后重试', messageEn: `The hall is moving between servers; try again shortly (${why})` }));
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

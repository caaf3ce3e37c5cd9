import { request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RelayDeps } from './socket-relay';
import { RELAY_HEADER } from './relay-trust';

const HALL_PATH = /^\/api\/halls\/([^/]+)\//;

/** Request headers that belong to one hop and are not passed on. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', RELAY_HEADER]);

/**
 * Wraps the HTTP handler: a request about a hall this server does not run (login, snapshot, statistics,
 * exports, config import) is passed to the server that runs it and its answer streamed back; the rest is
 * answered here. Bodies are streamed both ways, so an export is not held in memory.
 */
export function relayHallRequests(
  deps: Pick<RelayDeps, 'knows' | 'runsHere' | 'ownerOf' | 'secret' | 'waitMs'>,
  clientAddress: (req: IncomingMessage) => string,
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
) {
  return (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const m = HALL_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    const hallId = m ? safeDecode(m[1]!) : null;
    if (hallId === null || !deps.knows(hallId) || deps.runsHere(hallId)) return handler(req, res);
    return forward(req, res, hallId);
  };

  async function forward(req: IncomingMessage, res: ServerResponse, hallId: string): Promise<void> {
    const owner = await deps.ownerOf(hallId, deps.waitMs ?? 10_000);
    if (deps.runsHere(hallId)) return handler(req, res);
    if (!owner) return unavailable(res, 'no server runs this hall at the moment');
    const target = new URL(req.url ?? '/', owner.url);
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_HEADERS.has(k)) headers[k] = v;
    headers[RELAY_HEADER] = deps.secret;
    headers['x-forwarded-for'] = clientAddress(req);
    if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    await new Promise<void>((resolve) => {
      const upstream = send(target, { method: req.method, headers, timeout: 120_000 }, (answer) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && k !== 'connection' && k !== 'keep-alive' && k !== 'transfer-encoding') out[k] = v;
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', () => {
          res.destroy();
          resolve();
        });
      });
      upstream.on('timeout', () => upstream.destroy(new Error('the hall server did not answer in time')));
      upstream.on('error', (err) => {
        if (!res.headersSent) unavailable(res, err.message);
        else res.destroy();
        resolve();
      });
      req.pipe(upstream);
    });
  }
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

import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { baseSnapshot, publicSnapshot } from '../app/views';
import { fieldIssues } from '../contracts';
import type { HallRegistry } from './hall-runtime';
import type { Logger } from './logger';
import { handleAdminRoute } from './admin-routes';
import { serveStatic } from './static-files';
import { readBody, tooLarge } from './http-body';

const MAX_BODY = 16 * 1024;
/** The announcer's recorded clips (scripts/generate-voice.ts), served as they are in the repo: no build step. */
export const DEFAULT_VOICE_DIR = join(import.meta.dirname, '../../resources/voice');
const loginBody = z.object({ username: z.string().min(1).max(48), password: z.string().min(1).max(200) }).strict();

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function fail(res: ServerResponse, status: number, code: string, message: string, messageEn: string, extra: object = {}): void {
  send(res, status, { ok: false, code, message, messageEn, ...extra });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  // An oversized body is read to its end and dropped (up to a bound), so the client gets the 413, not a reset.
  const body = await readBody(req, MAX_BODY);
  if (!body) throw Object.assign(new Error('body too large'), { status: 413 });
  try {
    return JSON.parse(body.toString('utf8') || 'null');
  } catch {
    throw Object.assign(new Error('body is not JSON'), { status: 400 });
  }
}

export interface HttpOptions {
  halls: HallRegistry;
  log: Logger;
  startedAt: number;
  staticDir: string | null;
  /** The GET /health body (load-monitor.ts). */
  health: (startedAt: number) => object;
  /** Where /voice/ is served from; DEFAULT_VOICE_DIR unless given. */
  voiceDir?: string | undefined;
  /** Every hall of the configuration, run here or not (a cluster server runs some of them); default: those here. */
  hallList?: (() => Array<{ id: string; name: string; nameEn?: string | undefined }>) | undefined;
  /** Whose request it is (behind a trusted proxy, from X-Forwarded-For); the TCP peer unless given. */
  clientAddress?: ((req: IncomingMessage) => string) | undefined;
  /** More routes, tried before the admin routes (the provincial upload's); true when one answered. */
  extraRoutes?: ((req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>) | undefined;
}

/** Health, read-only snapshots and login; everything else is the built pages or 404. */
export function createRequestHandler(opts: HttpOptions) {
  const { halls, log } = opts;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    try {
      if (req.method === 'GET' && path === '/health') {
        send(res, 200, opts.health(opts.startedAt));
        return;
      }
      if (req.method === 'GET' && path === '/api/halls') {
        const list = opts.hallList?.() ?? [...halls.values()].map((h) => ({ id: h.config.id, name: h.config.name, nameEn: h.config.nameEn }));
        send(res, 200, { ok: true, data: list });
        return;
      }
      if (opts.extraRoutes && (await opts.extraRoutes(req, res, url))) return;
      if (await handleAdminRoute(req, res, url, halls, log)) return;
      const m = /^\/api\/halls\/([^/]+)\/(snapshot|login|logout)$/.exec(path);
      if (m) {
        const hall = halls.get(decodeURIComponent(m[1]!));
        if (!hall) return fail(res, 404, 'UNKNOWN_HALL', '没有这个大厅', 'No such hall');
        const action = m[2];
        if (action === 'snapshot' && req.method === 'GET') {
          const s = hall.service;
          // No login here: no account names, no staff names (publicSnapshot).
          send(res, 200, { ok: true, data: publicSnapshot(baseSnapshot(s.state, s.rules, s.labels, s.seq, s.clock.now(), s.recentCalls)) });
          return;
        }
        if (action === 'login' && req.method === 'POST') {
          const parsed = loginBody.safeParse(await readJson(req));
          if (!parsed.success) {
            return fail(res, 400, 'INVALID_PAYLOAD', '请输入用户名和密码', 'username and password are required', { issues: fieldIssues(parsed.error) });
          }
          // Limited per address and per (account, address) before the password is hashed (AuthService.login).
          const result = await hall.auth.login(hall.config.id, parsed.data.username, parsed.data.password, opts.clientAddress?.(req) ?? req.socket.remoteAddress ?? '', hall.service.config.limits);
          if (!result.ok) {
            if (result.code === 'INVALID_LOGIN') return fail(res, 401, result.code, result.message, result.messageEn);
            // 429 TOO_MANY_ATTEMPTS (this account from this address) or RATE_LIMITED (this address, or too many at once).
            const retryAfterSeconds = result.retryAfterSeconds ?? 60;
            res.setHeader('retry-after', String(retryAfterSeconds));
            return fail(res, 429, result.code, result.message, result.messageEn, { details: { retryAfterSeconds } });
          }
          log.info({ hall: hall.config.id, username: result.account.username }, 'login');
          send(res, 200, {
            ok: true,
            data: { token: result.token, expiresAt: result.expiresAt, username: result.account.username, displayName: result.account.displayName, role: result.account.role },
          });
          return;
        }
        if (action === 'logout' && req.method === 'POST') {
          const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
          if (token) await hall.auth.logout(token);
          send(res, 200, { ok: true, data: null });
          return;
        }
        return fail(res, 405, 'METHOD_NOT_ALLOWED', '请求方法不被允许', 'Method not allowed');
      }
      if (req.method === 'GET' && path.startsWith('/voice/') && (await serveStatic(opts.voiceDir ?? DEFAULT_VOICE_DIR, path.slice('/voice'.length), res))) return;
      if (req.method === 'GET' && opts.staticDir && (await serveStatic(opts.staticDir, path, res))) return;
      fail(res, 404, 'NOT_FOUND', '页面不存在', 'Not found');
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === 413) return tooLarge(req, res, JSON.stringify({ ok: false, code: 'PAYLOAD_TOO_LARGE', message: '请求数据过大', messageEn: `Request body over ${MAX_BODY} bytes` }));
      if (status === 400) return fail(res, 400, 'INVALID_JSON', '请求数据不是有效的 JSON', 'Request body is not valid JSON');
      log.error({ err, path }, 'http handler failed');
      if (!res.headersSent) fail(res, 500, 'INTERNAL_ERROR', '服务器内部错误', 'Internal server error');
    }
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { exportable } from '../app/admin/config-editor';
import type { Actor } from '../app/ports';
import { checkRange, reportLabels } from '../app/statistics/report';
import type { HallRegistry, HallRuntime } from './hall-runtime';
import type { Logger } from './logger';
import { readBody, tooLarge } from './http-body';

// Admin HTTP routes: statistics (JSON, CSV, XLSX) for supervisors and admins, config export and import
// for admins. The session token from login goes in `Authorization: Bearer <token>`.

const MAX_IMPORT = 512 * 1024;
const ROUTE = /^\/api\/halls\/([^/]+)\/(statistics|statistics\.csv|statistics\.xlsx|config\/export|config\/import)$/;

function reply(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  reply(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, code: string, message: string, messageEn: string, extra: object = {}): void {
  json(res, status, { ok: false, code, message, messageEn, ...extra });
}

async function readText(req: IncomingMessage, limit: number): Promise<string | null> {
  return (await readBody(req, limit))?.toString('utf8') ?? null;
}

/** The account behind the bearer token, if it may use the route; otherwise the refusal has been sent. */
export async function authorise(req: IncomingMessage, res: ServerResponse, hall: HallRuntime, roles: ReadonlyArray<string>): Promise<Actor | null> {
  const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  const account = token ? await hall.auth.resolveSession(hall.config.id, token) : undefined;
  if (!account) {
    refuse(res, 401, 'SESSION_INVALID', '登录已失效，请重新登录', 'Log in first: send the session token as Authorization: Bearer <token>');
    return null;
  }
  if (!roles.includes(account.role)) {
    refuse(res, 403, 'FORBIDDEN', `当前身份（${account.role}）不能使用该功能`, `Role "${account.role}" may not use this`);
    return null;
  }
  return { kind: account.role, id: account.username };
}

const filename = (s: string) => encodeURIComponent(s);

/** Handles the admin routes; false when the path is not one of them. */
export async function handleAdminRoute(req: IncomingMessage, res: ServerResponse, url: URL, halls: HallRegistry, log: Logger): Promise<boolean> {
  const m = ROUTE.exec(url.pathname);
  if (!m) return false;
  const hall = halls.get(decodeURIComponent(m[1]!));
  if (!hall) {
    refuse(res, 404, 'UNKNOWN_HALL', '没有这个大厅', 'No such hall');
    return true;
  }
  const what = m[2]!;
  const method = what === 'config/import' ? 'POST' : 'GET';
  if (req.method !== method) {
    refuse(res, 405, 'METHOD_NOT_ALLOWED', '请求方法不被允许', `Use ${method}`);
    return true;
  }

  if (what.startsWith('statistics')) {
    if (!(await authorise(req, res, hall, ['supervisor', 'admin']))) return true;
    const from = url.searchParams.get('from') ?? '';
    const to = url.searchParams.get('to') ?? from;
    const range = checkRange(from, to);
    if (!range.ok) {
      refuse(res, 400, 'INVALID_RANGE', range.message, range.messageEn);
      return true;
    }
    const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh';
    // Answered from the read models by a query thread; exports stream as they are written.
    const labels = reportLabels(hall.config);
    const wantSeq = hall.service.seq;
    const name = `${hall.config.id}-statistics-${from}_${to}`;
    if (what === 'statistics') {
      const report = await hall.reads.statistics(labels, from, to, wantSeq);
      reply(res, 200, 'application/json; charset=utf-8', Buffer.concat([Buffer.from('{"ok":true,"data":'), report, Buffer.from('}')]));
      return true;
    }
    const format = what === 'statistics.csv' ? 'csv' : 'xlsx';
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    await hall.reads.export(res, { 'content-type': type, 'content-disposition': `attachment; filename*=UTF-8''${filename(`${name}.${format}`)}` }, { kind: 'export', format, labels, from, to, wantSeq, lang });
    return true;
  }

  const actor = await authorise(req, res, hall, ['admin']);
  if (!actor) return true;
  if (what === 'config/export') {
    const format = url.searchParams.get('format') === 'json' ? 'json' : 'yaml';
    const data = exportable(hall.config);
    const header = `# ${hall.config.name} (${hall.config.id}) — config version ${hall.settings.version}, exported ${new Date(hall.service.clock.now()).toISOString()}\n# Passwords, device keys and secrets are not exported: importing this file keeps the hall's own.\n`;
    const body = format === 'json' ? JSON.stringify(data, null, 2) : header + toYaml(data, { lineWidth: 0 });
    const type = format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8';
    reply(res, 200, type, body, { 'content-disposition': `attachment; filename*=UTF-8''${filename(`${hall.config.id}-v${hall.settings.version}.${format}`)}` });
    return true;
  }

  const text = await readText(req, MAX_IMPORT);
  if (text === null) {
    tooLarge(req, res, JSON.stringify({ ok: false, code: 'PAYLOAD_TOO_LARGE', message: '配置文件过大', messageEn: `The config file is over ${MAX_IMPORT} bytes` }));
    return true;
  }
  let raw: unknown;
  try {
    raw = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (err) {
    refuse(res, 400, 'INVALID_CONFIG', `配置文件无法解析：${(err as Error).message}`, `The file is not valid YAML or JSON: ${(err as Error).message}`, {
      issues: [{ path: '(file)', message: (err as Error).message }],
    });
    return true;
  }
  const outcome = await hall.settings.importConfig(raw, actor);
  if (!outcome.ok) {
    const f = outcome.failure as typeof outcome.failure & { issues?: unknown };
    refuse(res, f.code === 'STORAGE_FAILED' ? 500 : 400, f.code, f.message, f.messageEn, { details: f.details, issues: f.issues });
    return true;
  }
  log.info({ hall: hall.config.id, by: actor.id, version: outcome.data.version }, 'hall config imported');
  json(res, 200, { ok: true, data: outcome.data });
  return true;
}

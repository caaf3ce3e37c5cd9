import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { CityReportRequest } from '../app/statistics/city-report';
import { checkRange, reportLabels } from '../app/statistics/report';
import type { AccountRecord, Actor } from '../app/ports';
import type { CityLoginAnswer, HallConfig } from '../contracts';
import { catalogueSchema, cityLoginInput, DEFAULT_LIMITS, fieldIssues } from '../contracts';
import type { HallRegistry } from '../hall/hall-runtime';
import type { Logger } from '../hall/logger';
import type { ReadSide } from '../hall/read-side/read-side';
import type { CityAccounts } from './city-accounts';
import { accountView } from './city-accounts';
import type { CityCatalogue } from './city-catalogue';
import { bearer, closeAfter, fail, ok, readLimitedBody, sendText } from './city-http';
import type { CityHub, RemoteHalls } from './city-hub';
import type { CitySettings } from './city-settings';
import type { MemberRegistry } from './member-registry';
import type { MirrorHalls } from './mirror-halls';
import { mirrorConfig } from './mirror-halls';

// The city page's HTTP routes, answered like the hall's ({ ok, data } or { ok: false, code, message,
// messageEn }); the session token from login goes in `Authorization: Bearer <token>`.
//
//   POST /api/city/login       { username, password }  → CityLoginAnswer (& expiresAt)
//   POST /api/city/logout                               → null
//   GET  /api/city/catalogue                            → PublishedCatalogue        (supervisor, admin)
//   PUT  /api/city/catalogue   a catalogue (JSON/YAML)  → PublishedCatalogue        (admin)
//   GET  /api/city/statistics?from=YYYY-MM-DD&to=…      → CityReport                (supervisor, admin)

const MAX_LOGIN_BODY = 16 * 1024;
const MAX_CATALOGUE_BODY = 512 * 1024;

/** What ReadSide offers for city statistics (added by the statistics side; checked at run time until it is everywhere). */
interface CityStatisticsReads {
  cityStatistics?: (request: CityReportRequest, from: string, to: string) => Promise<Buffer | Uint8Array>;
}

export interface CityRouteDeps {
  settings: CitySettings;
  accounts: CityAccounts;
  catalogue: CityCatalogue;
  registry: MemberRegistry;
  mirrors: MirrorHalls;
  halls: HallRegistry;
  hub: CityHub;
  reads: ReadSide;
  log: Logger;
  clientAddress: (req: IncomingMessage) => string;
  /**
   * A city on several servers: members run by other servers count too. Their halls' configs come from this
   * server's config files (the city's own halls) or the stored profiles (linked halls, read again first),
   * and the sequence number to wait for from what their server published; the read side here projects
   * every member's log from the shared database.
   */
  cluster?:
    | {
        localConfigs: ReadonlyMap<string, HallConfig>;
        remote: RemoteHalls;
        refreshProfiles: () => Promise<void>;
      }
    | undefined;
}

export class CityRoutes {
  constructor(private readonly deps: CityRouteDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    try {
      const route = `${req.method ?? ''} ${path}`;
      switch (route) {
        case 'POST /api/city/login':
          return await this.login(req, res);
        case 'POST /api/city/logout':
          return await this.logout(req, res);
        case 'GET /api/city/catalogue':
          return await this.getCatalogue(req, res);
        case 'PUT /api/city/catalogue':
          return await this.putCatalogue(req, res);
        case 'GET /api/city/statistics':
          return await this.statistics(req, res, url);
      }
      if (['/api/city/login', '/api/city/logout', '/api/city/catalogue', '/api/city/statistics'].includes(path)) {
        return fail(res, 405, 'METHOD_NOT_ALLOWED', '请求方法不被允许', 'Method not allowed');
      }
      fail(res, 404, 'NOT_FOUND', '页面不存在', 'Not found');
    } catch (err) {
      this.deps.log.error({ err, path }, 'city: http handler failed');
      if (!res.headersSent) fail(res, 500, 'INTERNAL_ERROR', '服务器内部错误', 'Internal server error');
    }
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await this.readJson(req, res, MAX_LOGIN_BODY);
    if (raw === undefined) return;
    const parsed = cityLoginInput.safeParse(raw);
    if (!parsed.success) return fail(res, 400, 'INVALID_PAYLOAD', '请输入用户名和密码', 'username and password are required', { issues: fieldIssues(parsed.error) });
    const { accounts } = this.deps;
    // Limited per address and per (account, address) before the password is hashed, as a hall's login.
    const result = await accounts.auth.login(accounts.hallId, parsed.data.username, parsed.data.password, this.deps.clientAddress(req), DEFAULT_LIMITS);
    if (!result.ok) {
      if (result.code === 'INVALID_LOGIN') return fail(res, 401, result.code, result.message, result.messageEn);
      const retryAfterSeconds = result.retryAfterSeconds ?? 60;
      res.setHeader('retry-after', String(retryAfterSeconds));
      return fail(res, 429, result.code, result.message, result.messageEn, { details: { retryAfterSeconds } });
    }
    this.deps.log.info({ city: this.deps.settings.config.id, username: result.account.username }, 'city login');
    const answer: CityLoginAnswer & { expiresAt: number } = { token: result.token, account: accountView(result.account), cityId: this.deps.settings.config.id, expiresAt: result.expiresAt };
    ok(res, answer);
  }

  private async logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = bearer(req);
    if (token) await this.deps.accounts.auth.logout(token);
    ok(res, null);
  }

  /** The account behind the bearer token if it may use the route; otherwise the refusal has been sent. */
  private async authorise(req: IncomingMessage, res: ServerResponse, roles: ReadonlyArray<string>): Promise<AccountRecord | null> {
    const session = await this.deps.accounts.session(req);
    if (!session) {
      fail(res, 401, 'SESSION_INVALID', '登录已失效，请重新登录', 'Log in first: send the session token as Authorization: Bearer <token>');
      return null;
    }
    if (!roles.includes(session.account.role)) {
      fail(res, 403, 'FORBIDDEN', `当前身份（${session.account.role}）不能使用该功能`, `Role "${session.account.role}" may not use this`);
      return null;
    }
    return session.account;
  }

  private async getCatalogue(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await this.authorise(req, res, ['supervisor', 'admin']))) return;
    const latest = this.deps.catalogue.latest;
    if (!latest) return fail(res, 404, 'NO_CATALOGUE', '市平台尚未发布事项目录', 'No catalogue has been published yet');
    ok(res, latest);
  }

  private async putCatalogue(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const account = await this.authorise(req, res, ['admin']);
    if (!account) return;
    const body = await readLimitedBody(req, MAX_CATALOGUE_BODY);
    if (body === null) {
      closeAfter(req, res);
      return fail(res, 413, 'PAYLOAD_TOO_LARGE', '事项目录过大', `The catalogue is over ${MAX_CATALOGUE_BODY} bytes`, {});
    }
    let raw: unknown;
    try {
      const text = body.toString('utf8');
      raw = (req.headers['content-type'] ?? '').includes('yaml') ? parseYaml(text) : JSON.parse(text);
    } catch (err) {
      return fail(res, 400, 'INVALID_CATALOGUE', `事项目录无法解析：${(err as Error).message}`, `The catalogue is not valid JSON or YAML: ${(err as Error).message}`, {
        issues: [{ path: '(file)', message: (err as Error).message }],
      });
    }
    const parsed = catalogueSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error);
      return fail(res, 400, 'INVALID_CATALOGUE', `事项目录无效：${issues[0]!.path} ${issues[0]!.message}`, `The catalogue is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    const actor: Actor = { kind: 'admin', id: account.username };
    const published = await this.deps.catalogue.publish(parsed.data, actor);
    this.deps.hub.changedAll();
    this.deps.log.info({ city: this.deps.settings.config.id, by: account.username, version: published.version }, 'city catalogue published');
    ok(res, published);
  }

  private async statistics(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!(await this.authorise(req, res, ['supervisor', 'admin']))) return;
    const from = url.searchParams.get('from') ?? '';
    const to = url.searchParams.get('to') ?? from;
    const range = checkRange(from, to);
    if (!range.ok) return fail(res, 400, 'INVALID_RANGE', range.message, range.messageEn);
    const reads = this.deps.reads as unknown as CityStatisticsReads;
    if (typeof reads.cityStatistics !== 'function') {
      return fail(res, 503, 'NOT_AVAILABLE', '市级统计暂不可用', 'City statistics are not available on this server yet');
    }
    if (this.deps.cluster) await this.deps.cluster.refreshProfiles();
    const report = await reads.cityStatistics.call(this.deps.reads, this.reportRequest(), from, to);
    const bytes = Buffer.isBuffer(report) ? report : Buffer.from(report.buffer, report.byteOffset, report.byteLength);
    sendText(res, 200, Buffer.concat([Buffer.from('{"ok":true,"data":'), bytes, Buffer.from('}')]));
  }

  /** Every member the city has something of: its own halls running here, and linked halls with a mirror. */
  private reportRequest(): CityReportRequest {
    const halls: CityReportRequest['halls'] = [];
    const cluster = this.deps.cluster;
    for (const e of this.deps.registry.entries.values()) {
      const published = cluster && !this.deps.hub.runsHere(e.id) ? cluster.remote.get(e.id) : undefined;
      const wantSeq = published?.facts?.lastSeq ?? 0;
      if (!e.key) {
        const runtime = this.deps.halls.get(e.id);
        if (runtime) halls.push(reportHall(runtime.config, runtime.service.seq));
        else if (cluster) {
          const config = cluster.localConfigs.get(e.id);
          if (config) halls.push(reportHall(config, wantSeq));
        }
        continue;
      }
      const mirror = this.deps.hub.runsHere(e.id) ? this.deps.mirrors.get(e.id) : undefined;
      // A mirror's config has no accounts: the staff names come from the hall's hello.
      if (mirror) halls.push(reportHall(mirror.config, mirror.seq, mirror.labels.staffNames));
      else if (cluster && e.profile) {
        const check = mirrorConfig(e.id, e.profile);
        if (check.ok) halls.push(reportHall(check.config, wantSeq, check.staffNames));
      }
    }
    return { halls };
  }

  private async readJson(req: IncomingMessage, res: ServerResponse, limit: number): Promise<unknown> {
    const body = await readLimitedBody(req, limit);
    if (body === null) {
      closeAfter(req, res);
      fail(res, 413, 'PAYLOAD_TOO_LARGE', '请求数据过大', `Request body over ${limit} bytes`, {});
      return undefined;
    }
    try {
      return JSON.parse(body.toString('utf8') || 'null') as unknown;
    } catch {
      fail(res, 400, 'INVALID_JSON', '请求数据不是有效的 JSON', 'Request body is not valid JSON');
      return undefined;
    }
  }
}

function reportHall(config: HallConfig, wantSeq: number, staffNames?: ReadonlyMap<string, string>): CityReportRequest['halls'][number] {
  const labels = reportLabels(config);
  if (staffNames) labels.names = { ...labels.names, staff: Object.fromEntries(staffNames) };
  return { hallId: config.id, labels, wantSeq, name: config.name };
}

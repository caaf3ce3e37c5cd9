import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { answerSignature, requestSignature, sameSignature } from '../app/link-signature';
import type { CityNonceStore } from '../app/link-ports';
import type { Clock } from '../app/ports';
import type { EventsBody, HelloAnswer, EventsAnswer, LinkErrorCode, StatusAnswer } from '../contracts';
import { eventsBodySchema, formatPath, helloBodySchema, LINK_BATCH_EVENTS, LINK_CLOCK_SKEW_MS, LINK_HEADERS, LINK_MAX_BODY_BYTES, statusBodySchema } from '../contracts';
import type { Logger } from '../hall/logger';
import type { CityCatalogue } from './city-catalogue';
import { closeAfter, readLimitedBody } from './city-http';
import type { CityHub } from './city-hub';
import type { CitySettings } from './city-settings';
import { CHECK_SLICE, checkUploadedEvents, nextTurn } from './hall-events';
import type { MemberEntry, MemberRegistry, MemberStatus } from './member-registry';
import type { MirrorHalls } from './mirror-halls';
import { mirrorConfig } from './mirror-halls';

// The city's end of the link (src-main/contracts/city-link.ts): a linked hall's hello, event batches,
// statuses and catalogue requests. The member is found by the id in the path, its headers and the signature
// over the body are checked before the body is parsed, the time must be within LINK_CLOCK_SKEW_MS of the
// city's clock and the nonce new; every answer, refusals included, is signed with the hall's key.

export const LINK_PATH = /^\/api\/halls\/([^/]+)\/uplink(?:\/([^/]*))?$/;
const ACTIONS = { hello: 'POST', events: 'POST', status: 'POST', catalogue: 'GET' } as const;
type Action = keyof typeof ACTIONS;
const NONCE = /^[0-9a-f]{16,64}$/i;
const SIGNATURE = /^[0-9a-f]{64}$/i;

/** An active 电子监察 alert as a hall reports it (AlertView; extra fields are dropped). */
const reportedAlert = z.object({
  id: z.number().int(),
  key: z.string().max(200),
  kind: z.enum(['wait', 'service', 'pause', 'device', 'case']),
  level: z.enum(['yellow', 'red']),
  subject: z.string().max(100),
  message: z.string().max(500),
  messageEn: z.string().max(1000),
  since: z.number().int().nonnegative(),
  raisedAt: z.number().int().nonnegative(),
  escalatedAt: z.number().int().nonnegative().nullable(),
  clearedAt: z.number().int().nonnegative().nullable(),
  acknowledgedAt: z.number().int().nonnegative().nullable(),
  acknowledgedBy: z.string().max(100).nullable(),
  ackNote: z.string().max(500).nullable(),
});

export interface LinkDeps {
  settings: CitySettings;
  registry: MemberRegistry;
  mirrors: MirrorHalls;
  hub: CityHub;
  catalogue: CityCatalogue;
  clock: Clock;
  log: Logger;
  /** Whether this server runs the hall itself (a linked hall's id must never be one of them). */
  runsLocally: (hallId: string) => boolean;
  /** How often a hall is asked to send its status. */
  statusEveryMs: number;
  /**
   * A city on several servers: whether this server holds the linked hall's lease. Requests for a hall held
   * elsewhere are relayed to its owner before they get here (cluster/http-relay.ts); one that gets here
   * anyway (the lease moved under it) is refused with 503 and sent again by the hall.
   */
  holds?: ((hallId: string) => boolean) | undefined;
  /** A city on several servers: the nonces every server of the city has seen (after this server's own check). */
  sharedNonces?: CityNonceStore | undefined;
}

interface Refusal {
  status: number;
  code: LinkErrorCode;
  message: string;
  messageEn: string;
  extra?: Record<string, unknown>;
}

const refusal = (status: number, code: LinkErrorCode, message: string, messageEn: string, extra?: Record<string, unknown>): Refusal => ({ status, code, message, messageEn, extra });

/** One signed request, checked: who sent it, its nonce and its body. */
interface Signed {
  entry: MemberEntry & { key: string };
  nonce: string;
  body: Buffer;
}

export class LinkRoutes {
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: LinkDeps) {}

  /** Answers a request whose path matched LINK_PATH. */
  async handle(req: IncomingMessage, res: ServerResponse, m: RegExpExecArray): Promise<void> {
    let hallId: string;
    try {
      hallId = decodeURIComponent(m[1]!);
    } catch {
      hallId = m[1]!;
    }
    const entry = this.deps.registry.linked(hallId);
    if (!entry?.key) {
      // No key, so nothing to sign with.
      return this.send(res, null, '', refusal(404, 'NOT_A_MEMBER', '该大厅不是本市平台的联网大厅', `Hall "${hallId.slice(0, 60)}" is not a linked member of this city (it has no link key here)`));
    }
    const key = entry.key;
    const nonceHeader = header(req, LINK_HEADERS.nonce);
    const nonce = NONCE.test(nonceHeader) ? nonceHeader : '';
    const action = m[2] as Action | undefined;
    if (!action || !(action in ACTIONS)) {
      return this.send(res, key, nonce, refusal(404, 'INVALID_INPUT', '没有这个联网接口', `No link route "${(m[2] ?? '').slice(0, 40)}": hello, events, status or catalogue`));
    }
    if (req.method !== ACTIONS[action]) {
      return this.send(res, key, nonce, refusal(405, 'INVALID_INPUT', '请求方法不被允许', `Use ${ACTIONS[action]} for ${action}`), { allow: ACTIONS[action] });
    }
    if (this.deps.holds && !this.deps.holds(hallId)) {
      closeAfter(req, res);
      return this.send(res, key, nonce, refusal(503, 'STORAGE_FAILED', '该大厅正在市平台的服务器之间切换，请稍后重新发送', `Hall "${hallId}" is moving between the city's servers; send again shortly`), { 'retry-after': '1' });
    }
    // The registry's own entry (never a copy): contacts and statuses are kept on it.
    const checked = await this.verify(req, res, entry as MemberEntry & { key: string }, nonce, nonceHeader);
    if (!checked) return;
    const now = this.deps.clock.now();
    try {
      // Every signed request is a sign of life (a status also carries the hall's figures).
      if (action !== 'status') {
        await this.deps.registry.contact(entry, now);
        this.deps.hub.changed(hallId);
      }
      if (action === 'catalogue') {
        const latest = this.deps.catalogue.latest;
        if (!latest) return this.send(res, key, nonce, refusal(404, 'NO_CATALOGUE', '市平台尚未发布事项目录', 'The city has not published a catalogue yet'));
        return this.answer(res, key, nonce, 200, latest);
      }
      const raw = parseJson(checked.body);
      if (raw === undefined) return this.send(res, key, nonce, refusal(400, 'INVALID_INPUT', '请求数据不是有效的 JSON', 'The body is not valid JSON'));
      if (action === 'status') {
        return await this.status(res, checked, raw, now);
      }
      // A hello and event batches of one hall are taken one at a time: a mirror is never reconfigured under a batch.
      await this.serial(hallId, async () => {
        // The lease went while this request waited for the one before: the hall sends it again (relayed).
        if (this.deps.holds && !this.deps.holds(hallId)) return this.send(res, key, nonce, refusal(503, 'STORAGE_FAILED', '该大厅正在市平台的服务器之间切换，请稍后重新发送', `Hall "${hallId}" is moving between the city's servers; send again shortly`));
        return action === 'hello' ? this.hello(res, checked, raw, now) : this.events(res, checked, raw);
      });
    } catch (err) {
      this.deps.log.error({ err, hall: hallId, action }, 'city: link request failed');
      if (!res.headersSent) this.send(res, key, nonce, refusal(503, 'STORAGE_FAILED', '市平台暂时无法处理，请稍后重试', 'The city could not handle this now; try again shortly'));
    }
  }

  /** Headers, body size, signature, clock and nonce; false when a refusal has been sent. */
  private async verify(req: IncomingMessage, res: ServerResponse, entry: MemberEntry & { key: string }, nonce: string, nonceHeader: string): Promise<Signed | false> {
    const { key } = entry;
    const atText = header(req, LINK_HEADERS.at);
    const signature = header(req, LINK_HEADERS.signature);
    const named = header(req, LINK_HEADERS.hall);
    const at = Number(atText);
    if (!/^\d{1,16}$/.test(atText) || !NONCE.test(nonceHeader) || !SIGNATURE.test(signature) || !named) {
      this.send(res, key, nonce, refusal(401, 'BAD_SIGNATURE', '缺少联网请求头或格式错误', `Missing or malformed link headers: ${LINK_HEADERS.hall}, ${LINK_HEADERS.at} (ms), ${LINK_HEADERS.nonce} (16–64 hex), ${LINK_HEADERS.signature} (64 hex)`));
      return false;
    }
    if (named !== entry.id) {
      this.send(res, key, nonce, refusal(401, 'BAD_SIGNATURE', '请求头中的大厅编号与地址不符', `${LINK_HEADERS.hall} names "${named.slice(0, 60)}", the path "${entry.id}"`));
      return false;
    }
    const body = await readLimitedBody(req, LINK_MAX_BODY_BYTES);
    if (body === null) {
      closeAfter(req, res);
      this.send(res, key, nonce, refusal(413, 'TOO_LARGE', '请求数据过大', `The body is over ${LINK_MAX_BODY_BYTES} bytes: send smaller batches`));
      return false;
    }
    const expected = requestSignature(key, req.method ?? '', req.url ?? '', at, nonce, body);
    if (!sameSignature(signature, expected)) {
      this.deps.log.warn({ hall: entry.id, address: req.socket.remoteAddress }, 'city: link request with a bad signature refused');
      this.send(res, key, nonce, refusal(401, 'BAD_SIGNATURE', '签名无效（密钥不符或请求被篡改）', 'The signature does not match: a wrong link key, or the request was altered on the way'));
      return false;
    }
    const now = this.deps.clock.now();
    if (Math.abs(now - at) > LINK_CLOCK_SKEW_MS) {
      this.send(
        res,
        key,
        nonce,
        refusal(401, 'CLOCK_SKEW', '大厅时钟与市平台相差过大，请校准时间', `The request time is ${Math.round((at - now) / 1000)} s off the city's clock (${new Date(now).toISOString()}); at most ${LINK_CLOCK_SKEW_MS / 1000} s either way is accepted: set the hall's clock (NTP)`, { cityTime: now }),
      );
      return false;
    }
    const seen = entry.nonces!.check(nonce, at, now);
    if (seen !== 'fresh') {
      this.send(
        res,
        key,
        nonce,
        seen === 'replayed'
          ? refusal(401, 'REPLAYED', '重复的请求已拒绝', 'This nonce was used before: a replayed request is refused')
          : refusal(401, 'REPLAYED', '请求过旧，请用新的随机数重新发送', 'The request is older than what the city still remembers: send it again with a new nonce and the current time'),
      );
      return false;
    }
    if (this.deps.sharedNonces) {
      let fresh: boolean;
      try {
        fresh = await this.deps.sharedNonces.claim(entry.id, nonce, at);
      } catch (err) {
        this.deps.log.error({ err, hall: entry.id }, 'city: a link request’s nonce could not be checked');
        this.send(res, key, nonce, refusal(503, 'STORAGE_FAILED', '市平台暂时无法处理，请稍后重试', 'The city could not handle this now; try again shortly'));
        return false;
      }
      if (!fresh) {
        this.send(res, key, nonce, refusal(401, 'REPLAYED', '重复的请求已拒绝', 'This nonce was used before: a replayed request is refused'));
        return false;
      }
    }
    return { entry, nonce, body };
  }

  private async hello(res: ServerResponse, s: Signed, raw: unknown, now: number): Promise<void> {
    const { entry, nonce } = s;
    const parsed = helloBodySchema.safeParse(raw);
    if (!parsed.success) return this.invalid(res, s, parsed.error.issues);
    if (this.deps.runsLocally(entry.id)) {
      return this.send(res, entry.key, nonce, refusal(409, 'NOT_A_MEMBER', '该大厅由市平台服务器自身运行，不能再联网上传', `Hall "${entry.id}" is run by the city's own server: it cannot also be linked`));
    }
    const profile = parsed.data.profile;
    const check = mirrorConfig(entry.id, profile);
    if (!check.ok) {
      const first = check.issues[0]!;
      return this.send(res, entry.key, nonce, refusal(400, 'INVALID_INPUT', `大厅配置无效：${first.path} ${first.message}`, `The hall's config is not valid: ${first.path}: ${first.message}`, { field: first.path, issues: check.issues.slice(0, 20) }));
    }
    // The profile as checked (what a restarted city reopens the mirror with).
    await this.deps.registry.saveProfile(entry, profile, now);
    const mirror = await this.deps.mirrors.open(entry.id, check.config, check.staffNames);
    this.deps.hub.changed(entry.id);
    this.deps.log.info({ hall: entry.id, software: parsed.data.software, lastSeq: mirror.seq }, 'city: linked hall said hello');
    const { config } = this.deps.settings;
    const answer: HelloAnswer = {
      cityId: config.id,
      cityName: config.name,
      cityNameEn: config.nameEn,
      lastSeq: mirror.seq,
      catalogueVersion: this.deps.catalogue.version,
      statusEveryMs: this.deps.statusEveryMs,
    };
    this.answer(res, entry.key, nonce, 200, answer);
  }

  private async events(res: ServerResponse, s: Signed, raw: unknown): Promise<void> {
    const { entry, nonce } = s;
    const parsed = await parseEventsBody(raw);
    if (!parsed.success) return this.invalid(res, s, parsed.issues, raw);
    const mirror = this.deps.mirrors.get(entry.id);
    if (!mirror) return this.send(res, entry.key, nonce, refusal(409, 'NO_PROFILE', '请先发送 hello', 'Say hello first: the city has no profile (config) of this hall to fold its events with'));
    const checked = await checkUploadedEvents(entry.id, parsed.data.events);
    if (!checked.ok) {
      return this.send(
        res,
        entry.key,
        nonce,
        refusal(400, 'INVALID_INPUT', `第 ${checked.seq} 号事件无效：${checked.field} ${checked.message}`, `Event seq ${checked.seq}: ${checked.field}: ${checked.message}`, { seq: checked.seq, field: checked.field }),
      );
    }
    const outcome = await mirror.appendMirrored(checked.events);
    if (outcome.ok) {
      const answer: EventsAnswer = { lastSeq: outcome.lastSeq, catalogueVersion: this.deps.catalogue.version };
      return this.answer(res, entry.key, nonce, 200, answer);
    }
    if (outcome.code === 'GAP') {
      const from = parsed.data.fromSeq;
      return this.send(
        res,
        entry.key,
        nonce,
        refusal(409, 'GAP', `事件序号不连续：市平台需要从第 ${outcome.expected} 号开始`, `The batch starts at seq ${from}; the city has up to ${outcome.expected - 1}: send from ${outcome.expected}`, { expected: outcome.expected }),
      );
    }
    if (outcome.code === 'INVALID_EVENT') {
      this.deps.log.warn({ hall: entry.id, message: outcome.message }, 'city: uploaded events could not be applied');
      return this.send(res, entry.key, nonce, refusal(400, 'INVALID_INPUT', '上传的事件无法应用', `The events could not be applied: ${outcome.message}`));
    }
    this.deps.log.error({ hall: entry.id, message: outcome.message }, 'city: uploaded events could not be stored');
    this.send(res, entry.key, nonce, refusal(503, 'STORAGE_FAILED', '市平台存储故障，请稍后重新发送', 'The city could not store the events; send them again shortly'));
  }

  private async status(res: ServerResponse, s: Signed, raw: unknown, now: number): Promise<void> {
    const { entry, nonce } = s;
    const parsed = statusBodySchema.safeParse(raw);
    if (!parsed.success) {
      await this.deps.registry.contact(entry, now);
      this.deps.hub.changed(entry.id);
      return this.invalid(res, s, parsed.error.issues);
    }
    const alerts = z.array(reportedAlert).safeParse(parsed.data.alerts);
    if (!alerts.success) {
      await this.deps.registry.contact(entry, now);
      this.deps.hub.changed(entry.id);
      return this.invalid(
        res,
        s,
        alerts.error.issues.map((i) => ({ ...i, path: ['alerts', ...i.path] })),
      );
    }
    const status: MemberStatus = { ...parsed.data, alerts: alerts.data.filter((a) => a.clearedAt === null) };
    await this.deps.registry.contact(entry, now, status);
    this.deps.hub.changed(entry.id);
    const answer: StatusAnswer = { lastSeq: this.deps.mirrors.get(entry.id)?.seq ?? 0, catalogueVersion: this.deps.catalogue.version };
    this.answer(res, entry.key, nonce, 200, answer);
  }

  private invalid(res: ServerResponse, s: Signed, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, raw?: unknown): void {
    const first = issues[0]!;
    const field = formatPath(first.path);
    // In a batch, name the event by its sequence number.
    const i = first.path[0] === 'events' && typeof first.path[1] === 'number' ? first.path[1] : null;
    const events = (raw as { events?: Array<{ seq?: unknown }> } | undefined)?.events;
    const seq = i !== null && Array.isArray(events) && typeof events[i]?.seq === 'number' ? (events[i].seq as number) : null;
    const where = seq !== null ? `event seq ${seq}: ${field}` : field;
    this.send(res, s.entry.key, s.nonce, refusal(400, 'INVALID_INPUT', `请求数据无效：${where} ${first.message}`, `Invalid body: ${where}: ${first.message}`, { field, ...(seq !== null ? { seq } : {}) }));
  }

  /** Resolves once the hall's hello or batch under way (and those waiting behind it) is answered. */
  settled(hallId: string): Promise<unknown> {
    return this.chains.get(hallId) ?? Promise.resolve();
  }

  private serial<T>(hallId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(hallId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.chains.set(hallId, tail);
    void tail.then(() => {
      if (this.chains.get(hallId) === tail) this.chains.delete(hallId);
    });
    return next;
  }

  private send(res: ServerResponse, key: string | null, nonce: string, r: Refusal, headers: Record<string, string> = {}): void {
    this.answer(res, key, nonce, r.status, { error: { code: r.code, message: r.message, messageEn: r.messageEn, ...r.extra } }, headers);
  }

  /** Every answer the hall can check is signed with its key over the request's nonce, the status and the body. */
  private answer(res: ServerResponse, key: string | null, nonce: string, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    const signature: Record<string, string> = key ? { [LINK_HEADERS.signature]: answerSignature(key, nonce, status, text) } : {};
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)), ...signature, ...headers });
    res.end(text);
  }
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return typeof v === 'string' ? v.trim() : '';
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The envelope of an events batch; its events are checked by eventsBodySchema a slice at a time. */
const eventsEnvelope = z.object({ fromSeq: z.number().int().positive(), events: z.array(z.unknown()).min(1).max(LINK_BATCH_EVENTS) }).strict();

type Issue = { path: PropertyKey[]; message: string };

/**
 * eventsBodySchema over the whole batch, in slices of CHECK_SLICE events with a turn of the event loop
 * between them; issues name events by their index in the whole batch.
 */
async function parseEventsBody(raw: unknown): Promise<{ success: true; data: EventsBody } | { success: false; issues: Issue[] }> {
  const envelope = eventsEnvelope.safeParse(raw);
  if (!envelope.success) return { success: false, issues: envelope.error.issues };
  const { fromSeq, events } = envelope.data;
  const checked: EventsBody['events'] = [];
  for (let k = 0; k < events.length; k += CHECK_SLICE) {
    if (k > 0) await nextTurn();
    const part = eventsBodySchema.safeParse({ fromSeq: fromSeq + k, events: events.slice(k, k + CHECK_SLICE) });
    if (!part.success) {
      const shift = (path: PropertyKey[]): PropertyKey[] => (path[0] === 'events' && typeof path[1] === 'number' ? ['events', path[1] + k, ...path.slice(2)] : path);
      return { success: false, issues: part.error.issues.map((i) => ({ path: shift(i.path), message: i.message })) };
    }
    checked.push(...part.data.events);
  }
  return { success: true, data: { fromSeq, events: checked } };
}

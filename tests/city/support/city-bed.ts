import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CatalogueInput, CityOverview, CityReport, StatisticsReport } from '../../../src-main/contracts';
import { writeKeyFile } from '../../../src-main/hall/id-hash-key';
import { DEMO_CONFIG_FILE, TEST_ID_HASH_KEY, tempDir } from '../../support/hall-fixture';
import type { ServerProcess } from '../../support/server-process';
import { startServerProcess } from '../../support/server-process';
import { TcpProxy } from './tcp-proxy';

// A city platform and its township halls, each a real hall server process (src-main/hall/main.ts run by
// `node --import tsx`, so kill -9 hits the server itself) with its own SQLite file, linked through a TCP
// proxy per township that the test can cut. Config files, link keys (0600, 40 random characters) and
// uplink settings are written to a temp dir removed by stop().

export const CITY_ID = 'city';
/** The hall the city server runs itself: a member by id alone. */
export const CITY_HALL = 'city-hall';
export const CITY_ADMIN = { username: 'city-admin', password: 'city-admin-pass' };
export const CITY_SUPERVISOR = { username: 'city-watch', password: 'city-watch-pass' };
export const HALL_ADMIN = { username: 'admin', password: 'demo-admin' };

export interface CityBedOptions {
  /** Township hall ids (copies of the demo hall); default township-a, -b, -c. */
  townships?: string[];
  /** Edits every township's config. */
  edit?: (config: Record<string, unknown>) => void;
  /** The city's first catalogue (published as version 1); default: the demo hall's categories and rules. */
  catalogue?: CatalogueInput | null;
  offlineAlertMinutes?: number;
  /** Extra environment for every server process. */
  env?: Record<string, string>;
}

export interface Township {
  id: string;
  proxy: TcpProxy;
  configFile: string;
  uplinkFile: string;
  dataFile: string;
  proc: ServerProcess | null;
}

/** The demo hall's catalogue part: what a city publishing "the same as the demo" would send. */
export function demoCatalogue(): CatalogueInput {
  const demo = parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as {
    categories: Array<{ id: string; name: string; nameEn?: string; defaultServiceMinutes: number; dailyCap: number; matters: unknown[] }>;
    evaluation: { lowReasons: string[] };
  };
  return {
    categories: demo.categories.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, defaultServiceMinutes: c.defaultServiceMinutes, dailyCap: c.dailyCap, matters: c.matters })),
    closedDates: [],
    specialDays: {},
    lowRatingReasons: demo.evaluation.lowReasons,
    supervision: { waitYellowMinutes: 30, waitRedMinutes: 60, serviceLimitMinutes: 30, serviceLimitByCategory: {}, pauseLimitMinutes: 20 },
  } as CatalogueInput;
}

const linkKey = () => randomBytes(30).toString('base64url'); // 40 characters

function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export class CityBed {
  readonly tmp = tempDir('hall-city-');
  readonly townships = new Map<string, Township>();
  city: ServerProcess | null = null;
  readonly cityData: string;
  readonly cityFile: string;
  readonly cityHallFile: string;
  private readonly env: Record<string, string>;

  constructor(private readonly o: CityBedOptions = {}) {
    this.env = { ...o.env };
    const dir = this.tmp.dir;
    const base = parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    const idKey = join(dir, 'id-hash.key');
    writeKeyFile(idKey, TEST_ID_HASH_KEY);
    const hallConfig = (id: string, name: string, nameEn: string, edit?: (c: Record<string, unknown>) => void) => {
      const c = structuredClone(base);
      c.id = id;
      c.name = name;
      c.nameEn = nameEn;
      c.secrets = { idHashKeyFile: idKey };
      edit?.(c);
      const file = join(dir, `${id}.json`);
      writeFileSync(file, JSON.stringify(c, null, 1));
      return file;
    };
    this.cityHallFile = hallConfig(CITY_HALL, '市政务服务中心', 'City Government Service Centre');
    this.cityData = join(dir, 'city.sqlite');
    const members: Array<Record<string, unknown>> = [{ id: CITY_HALL, level: 'city' }];
    const letters = '甲乙丙丁戊己庚辛壬癸';
    (o.townships ?? ['township-a', 'township-b', 'township-c']).forEach((id, i) => {
      const keyFile = join(dir, `${id}.link.key`);
      writeSecret(keyFile, linkKey());
      members.push({ id, name: `${letters[i % 10]}镇便民服务中心`, nameEn: `Township ${id}`, level: 'township', keyFile });
      const uplinkFile = join(dir, `${id}.uplink.json`);
      // The proxy's port is known once it listens: written in start().
      this.townships.set(id, {
        id,
        proxy: null as unknown as TcpProxy,
        configFile: hallConfig(id, `${letters[i % 10]}镇便民服务中心`, `Township ${id}`, o.edit),
        uplinkFile,
        dataFile: join(dir, `${id}.sqlite`),
        proc: null,
      });
    });
    const catalogue = o.catalogue === undefined ? demoCatalogue() : o.catalogue;
    if (catalogue) writeFileSync(join(dir, 'catalogue.json'), JSON.stringify(catalogue, null, 1));
    const city = {
      id: CITY_ID,
      name: '示范市政务服务管理局',
      nameEn: 'Demo City Government Services',
      timeZone: 'Asia/Shanghai',
      offlineAlertMinutes: o.offlineAlertMinutes ?? 10,
      members,
      ...(catalogue ? { catalogue: 'catalogue.json' } : {}),
      accounts: [
        { username: CITY_ADMIN.username, displayName: '市管理员', role: 'admin', password: CITY_ADMIN.password },
        { username: CITY_SUPERVISOR.username, displayName: '市监察员', role: 'supervisor', password: CITY_SUPERVISOR.password },
      ],
    };
    this.cityFile = join(dir, 'city.json');
    writeFileSync(this.cityFile, JSON.stringify(city, null, 1));
  }

  get cityUrl(): string {
    if (!this.city) throw new Error('the city is not running');
    return this.city.url;
  }

  township(id: string): Township {
    const t = this.townships.get(id);
    if (!t) throw new Error(`no township ${id}`);
    return t;
  }

  url(id: string): string {
    const p = this.township(id).proc;
    if (!p) throw new Error(`township ${id} is not running`);
    return p.url;
  }

  /** The city, then a proxy per township pointing at it, then the townships. */
  async start(): Promise<this> {
    await this.startCity();
    const port = Number(new URL(this.cityUrl).port);
    for (const t of this.townships.values()) {
      t.proxy = await TcpProxy.start({ host: '127.0.0.1', port });
      writeFileSync(t.uplinkFile, JSON.stringify({ cityUrl: t.proxy.url, halls: [{ id: t.id, keyFile: join(this.tmp.dir, `${t.id}.link.key`) }] }, null, 1));
    }
    await Promise.all([...this.townships.keys()].map((id) => this.startTownship(id)));
    return this;
  }

  async startCity(): Promise<ServerProcess> {
    this.city = await startServerProcess(['--data', this.cityData, '--config', this.cityHallFile, '--city', this.cityFile], this.env);
    const port = Number(new URL(this.city.url).port);
    for (const t of this.townships.values()) t.proxy?.retarget({ host: '127.0.0.1', port });
    return this.city;
  }

  async startTownship(id: string): Promise<ServerProcess> {
    const t = this.township(id);
    t.proc = await startServerProcess(['--data', t.dataFile, '--config', t.configFile, '--uplink', t.uplinkFile], this.env);
    return t.proc;
  }

  /** kill -9 of the city server. */
  async killCity(): Promise<void> {
    const c = this.city;
    if (!c) return;
    this.city = null;
    c.child.kill('SIGKILL');
    await c.exited;
  }

  /** kill -9 of a township's server. */
  async killTownship(id: string): Promise<void> {
    const t = this.township(id);
    const p = t.proc;
    if (!p) return;
    t.proc = null;
    p.child.kill('SIGKILL');
    await p.exited;
  }

  /** What a process printed (for a failing test's message). */
  output(): string {
    const parts = [`--- city\n${this.city?.output().slice(-4000) ?? '(not running)'}`];
    for (const t of this.townships.values()) parts.push(`--- ${t.id}\n${t.proc?.output().slice(-4000) ?? '(not running)'}`);
    return parts.join('\n');
  }

  async stop(): Promise<void> {
    const procs = [this.city, ...[...this.townships.values()].map((t) => t.proc)].filter((p): p is ServerProcess => p !== null);
    await Promise.all(
      procs.map(async (p) => {
        p.child.kill('SIGTERM');
        const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
        await p.exited;
        clearTimeout(timer);
      }),
    );
    this.city = null;
    for (const t of this.townships.values()) {
      t.proc = null;
      await t.proxy?.close();
    }
    this.tmp.cleanup();
  }

  // ---- HTTP ----

  async cityLogin(account = CITY_ADMIN): Promise<string> {
    const res = await fetch(`${this.cityUrl}/api/city/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
    const body = (await res.json()) as unknown;
    const data = unwrap<{ token: string }>(body);
    if (!res.ok || !data?.token) throw new Error(`city login ${account.username}: ${res.status} ${JSON.stringify(body)}`);
    return data.token;
  }

  async hallLogin(id: string, account = HALL_ADMIN): Promise<string> {
    const res = await fetch(`${this.url(id)}/api/halls/${id}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
    const body = (await res.json()) as { ok: boolean; data?: { token: string } };
    if (!body.ok || !body.data) throw new Error(`login ${account.username} at ${id}: ${JSON.stringify(body)}`);
    return body.data.token;
  }

  async publishCatalogue(token: string, catalogue: CatalogueInput): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.cityUrl}/api/city/catalogue`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(catalogue) });
    return { status: res.status, body: await res.json() };
  }

  async cityStatistics(token: string, from: string, to: string): Promise<CityReport> {
    const res = await fetch(`${this.cityUrl}/api/city/statistics?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as unknown;
    if (res.status !== 200) throw new Error(`city statistics: ${res.status} ${JSON.stringify(body)}`);
    return unwrap<CityReport>(body)!;
  }

  async hallStatistics(id: string, token: string, from: string, to: string): Promise<StatisticsReport> {
    const res = await fetch(`${this.url(id)}/api/halls/${id}/statistics?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { ok: boolean; data: StatisticsReport };
    if (res.status !== 200 || !body.ok) throw new Error(`statistics of ${id}: ${res.status} ${JSON.stringify(body)}`);
    return body.data;
  }

  async health(url: string): Promise<HealthBody> {
    const res = await fetch(`${url}/health`);
    return (await res.json()) as HealthBody;
  }

  /** The township's newest event sequence number, from its own /health. */
  async hallSeq(id: string): Promise<number> {
    const h = await this.health(this.url(id));
    const hall = h.halls.find((x) => x.id === id);
    if (!hall) throw new Error(`${id} is not in its server's /health`);
    return hall.seq;
  }

  /** The township's uplink entry of its /health (shape: src-main/edge/uplinks.ts). */
  async uplinkHealth(id: string): Promise<Record<string, unknown> | null> {
    const h = await this.health(this.url(id));
    return uplinkEntry(h.uplink, id);
  }

  async overview(token: string): Promise<CityOverview> {
    return cityOverview(this.cityUrl, token);
  }
}

export interface HealthBody {
  ok: boolean;
  halls: Array<{ id: string; seq: number; projectedSeq: number }>;
  uplink?: unknown;
  city?: unknown;
}

/** Answers come as `{ ok, data }` like the hall's, or bare. */
export function unwrap<T>(body: unknown): T | undefined {
  if (body && typeof body === 'object' && 'data' in body && 'ok' in body) return (body as { data: T }).data;
  return body as T;
}

/** A hall's entry in the uplink health: keyed by hall id, or a list of entries with an id. */
export function uplinkEntry(uplink: unknown, id: string): Record<string, unknown> | null {
  if (!uplink || typeof uplink !== 'object') return null;
  if (Array.isArray(uplink)) return (uplink.find((u: { id?: string; hallId?: string }) => u.id === id || u.hallId === id) as Record<string, unknown>) ?? null;
  const u = uplink as Record<string, unknown>;
  if (u[id] && typeof u[id] === 'object') return u[id] as Record<string, unknown>;
  if (u.halls) return uplinkEntry(u.halls, id);
  return null;
}

/** One `city:overview` question on a short-lived /city connection. */
export async function cityOverview(cityUrl: string, token: string): Promise<CityOverview> {
  const { io } = await import('socket.io-client');
  const socket = io(`${cityUrl}/city`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: cityUrl } });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = (await socket.timeout(10_000).emitWithAck('city:overview', {})) as { ok: boolean; data?: CityOverview; error?: unknown };
    if (!ack.ok || !ack.data) throw new Error(`city:overview refused: ${JSON.stringify(ack.error)}`);
    return ack.data;
  } finally {
    socket.disconnect();
  }
}

/**
 * Polls `probe` until it returns a value (not undefined); throws with `what`, the last thing the probe noted
 * (`note(...)`) and the last error otherwise.
 */
export async function waitFor<T>(what: string, probe: (note: (seen: unknown) => void) => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  let error: unknown = undefined;
  let seen: unknown = undefined;
  const note = (v: unknown) => (seen = v);
  for (;;) {
    try {
      const v = await probe(note);
      if (v !== undefined) return v;
    } catch (err) {
      error = err instanceof Error ? err.message : err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} (${timeoutMs} ms); last seen: ${JSON.stringify(seen)}; last error: ${JSON.stringify(error)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Today, yesterday and tomorrow as service days in Asia/Shanghai: a range that holds a test's events even across midnight. */
export function aroundToday(): { from: string; to: string; today: string } {
  const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  const now = Date.now();
  return { from: day(now - 86_400_000), to: day(now + 86_400_000), today: day(now) };
}

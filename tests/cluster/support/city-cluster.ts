import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { parse } from 'yaml';
import type { Ack, CityReport, StatisticsReport } from '../../../src-main/contracts';
import { writeKeyFile } from '../../../src-main/hall/id-hash-key';
import { DEMO_CONFIG_FILE, TEST_ID_HASH_KEY, tempDir } from '../../support/hall-fixture';
import type { ServerProcess } from '../../support/server-process';
import { startServerProcess } from '../../support/server-process';

// A city platform run by a cluster (several hall servers on one PostgreSQL, each with the same --city file)
// and township halls (SQLite, each its own server process) linked to it through one of the cluster's
// servers. Files (hall configs, link keys 0600, the city file, uplink settings) go to a temp dir.

export const CITY_HALL = 'city-hall';
export const CITY_ADMIN = { username: 'city-admin', password: 'city-admin-pass' };

export interface TownshipProc {
  id: string;
  configFile: string;
  keyFile: string;
  uplinkFile: string;
  dataFile: string;
  proc: ServerProcess | null;
}

/** The demo hall's categories and rules as the city's first catalogue (townships merge it without change). */
function demoCatalogue(): unknown {
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
  };
}

export class CityFiles {
  readonly tmp = tempDir('hall-city-cluster-');
  readonly cityFile: string;
  readonly townships = new Map<string, TownshipProc>();

  constructor(townships: string[]) {
    const dir = this.tmp.dir;
    const base = parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    const idKey = join(dir, 'township.id-hash.key');
    writeKeyFile(idKey, TEST_ID_HASH_KEY);
    const members: Array<Record<string, unknown>> = [{ id: CITY_HALL, level: 'city' }];
    townships.forEach((id, i) => {
      const keyFile = join(dir, `${id}.link.key`);
      writeFileSync(keyFile, randomBytes(30).toString('base64url'), { mode: 0o600 });
      chmodSync(keyFile, 0o600);
      const config = structuredClone(base);
      config.id = id;
      config.name = `${'甲乙丙丁'[i % 4]}镇便民服务中心`;
      config.nameEn = `Township ${id}`;
      config.secrets = { idHashKeyFile: idKey };
      const configFile = join(dir, `${id}.json`);
      writeFileSync(configFile, JSON.stringify(config, null, 1));
      members.push({ id, name: config.name, nameEn: config.nameEn, level: 'township', keyFile });
      this.townships.set(id, { id, configFile, keyFile, uplinkFile: join(dir, `${id}.uplink.json`), dataFile: join(dir, `${id}.sqlite`), proc: null });
    });
    writeFileSync(join(dir, 'catalogue.json'), JSON.stringify(demoCatalogue(), null, 1));
    const city = {
      id: 'city',
      name: '示范市政务服务管理局',
      nameEn: 'Demo City Government Services',
      timeZone: 'Asia/Shanghai',
      offlineAlertMinutes: 10,
      members,
      catalogue: 'catalogue.json',
      accounts: [{ username: CITY_ADMIN.username, displayName: '市管理员', role: 'admin', password: CITY_ADMIN.password }],
    };
    this.cityFile = join(dir, 'city.json');
    writeFileSync(this.cityFile, JSON.stringify(city, null, 1));
  }

  township(id: string): TownshipProc {
    const t = this.townships.get(id);
    if (!t) throw new Error(`no township ${id}`);
    return t;
  }

  key(id: string): string {
    return readFileSync(this.township(id).keyFile, 'utf8').trim();
  }

  /** Starts the township's server, linked to the city through `cityUrl` (one server of the cluster). */
  async startTownship(id: string, cityUrl: string): Promise<ServerProcess> {
    const t = this.township(id);
    writeFileSync(t.uplinkFile, JSON.stringify({ cityUrl, halls: [{ id, keyFile: t.keyFile }] }, null, 1));
    t.proc = await startServerProcess(['--data', t.dataFile, '--config', t.configFile, '--uplink', t.uplinkFile]);
    return t.proc;
  }

  url(id: string): string {
    const p = this.township(id).proc;
    if (!p) throw new Error(`township ${id} is not running`);
    return p.url;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.townships.values()].map(async (t) => {
        const p = t.proc;
        if (!p) return;
        t.proc = null;
        p.child.kill('SIGTERM');
        const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
        await p.exited;
        clearTimeout(timer);
      }),
    );
    this.tmp.cleanup();
  }
}

const sockets = new Set<Socket>();

export function connectHall(url: string, auth: object): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: url } });
  sockets.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export function closeCitySockets(): void {
  for (const s of sockets) s.disconnect();
  sockets.clear();
}

export async function must<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const ack = (await socket.timeout(10_000).emitWithAck(event, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(`${event} refused: ${ack.code} ${ack.messageEn}`);
  return ack.data;
}

let n = 0;
const rid = () => `cc-${process.pid}-${Date.now().toString(36)}-${(++n).toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function login(url: string, path: string, account: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  const body = (await res.json()) as Ack<{ token: string }>;
  if (!body.ok) throw new Error(`login ${account.username} at ${url}${path}: ${res.status} ${body.code}`);
  return body.data.token;
}

export const hallLogin = (url: string, hallId: string, username: string, password = 'demo1234') => login(url, `/api/halls/${hallId}/login`, { username, password });
export const cityLogin = (url: string) => login(url, '/api/city/login', CITY_ADMIN);

/**
 * Some of a hall's day: a kiosk issues numbers of three categories, three windows call, start and finish
 * them. `rounds` rounds of three numbers; returns how many were issued.
 */
export async function hallActivity(url: string, hallId: string, rounds: number): Promise<number> {
  const kiosk = await connectHall(url, { hallId, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
  await must(kiosk, 'kiosk:status', { printer: 'ok', reader: 'ok' });
  const staff = await Promise.all(
    [
      { windowId: 1, username: 'staff01' },
      { windowId: 4, username: 'staff04' },
      { windowId: 6, username: 'staff06' },
    ].map(async (w) => ({ ...w, socket: await connectHall(url, { hallId, token: await hallLogin(url, hallId, w.username) }) })),
  );
  for (const w of staff) await must(w.socket, 'window:open', { requestId: rid(), windowId: w.windowId });
  let issued = 0;
  for (let r = 0; r < rounds; r++) {
    for (const categoryId of ['A', 'B', 'C']) {
      await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId });
      issued++;
    }
    for (const w of staff) {
      const ack = (await w.socket.timeout(10_000).emitWithAck('queue:callNext', { requestId: rid() })) as Ack<{ ticket: { categoryId: string } }>;
      if (!ack.ok) continue;
      await must(w.socket, 'ticket:start', { requestId: rid() });
      await must(w.socket, 'ticket:finish', { requestId: rid(), matterId: `${ack.data.ticket.categoryId}01` });
    }
    await sleep(30);
  }
  for (const w of staff) await must(w.socket, 'window:close', { requestId: rid() });
  kiosk.disconnect();
  for (const w of staff) w.socket.disconnect();
  return issued;
}

/** The township's newest event sequence number, from its own /health. */
export async function hallSeq(url: string, hallId: string): Promise<number> {
  const h = (await (await fetch(`${url}/health`)).json()) as { halls: Array<{ id: string; seq: number }> };
  const hall = h.halls.find((x) => x.id === hallId);
  if (!hall) throw new Error(`${hallId} is not in ${url}/health`);
  return hall.seq;
}

export async function cityStatistics(url: string, token: string, from: string, to: string): Promise<CityReport> {
  const res = await fetch(`${url}/api/city/statistics?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as Ack<CityReport>;
  if (!body.ok) throw new Error(`city statistics at ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body.data;
}

export async function hallStatistics(url: string, hallId: string, token: string, from: string, to: string): Promise<StatisticsReport> {
  const res = await fetch(`${url}/api/halls/${hallId}/statistics?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as Ack<StatisticsReport>;
  if (!body.ok) throw new Error(`statistics of ${hallId}: ${res.status} ${JSON.stringify(body)}`);
  return body.data;
}

/** Yesterday..tomorrow in Asia/Shanghai: holds a test's events even across midnight. */
export function aroundToday(): { from: string; to: string } {
  const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  return { from: day(Date.now() - 86_400_000), to: day(Date.now() + 86_400_000) };
}

/** Polls `probe` until it returns something other than undefined; throws naming what it last saw. */
export async function waitFor<T>(what: string, probe: (note: (seen: unknown) => void) => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  let seen: unknown;
  let error: unknown;
  for (;;) {
    try {
      const v = await probe((s) => (seen = s));
      if (v !== undefined) return v;
    } catch (err) {
      error = err instanceof Error ? err.message : err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(seen)}; last error ${JSON.stringify(error)}`);
    await sleep(everyMs);
  }
}

/** JSON with object keys sorted. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

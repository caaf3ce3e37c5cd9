import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { stringify as toYaml } from 'yaml';
import { HallService } from '../../../src-main/app/hall-service';
import { answerSignature, requestSignature } from '../../../src-main/app/link-signature';
import type { Actor, StoredEvent } from '../../../src-main/app/ports';
import { readCitySettings } from '../../../src-main/city/city-settings';
import type { CityAck, CityClientToServer, CityServerToClient, HallConfig, HallProfile, WireEvent } from '../../../src-main/contracts';
import { LINK_HEADERS } from '../../../src-main/contracts';
import type { HallCommand } from '../../../src-main/domain';
import type { RunningHallServer } from '../../../src-main/hall/server';
import { startHallServer } from '../../../src-main/hall/server';
import { openDatabase, SqliteHallStore } from '../../../src-main/storage/sqlite';
import type { ManualClock } from '../../support/clock';
import { demoConfig, giveTestKey } from '../../support/hall-fixture';

// A city platform in this process (startHallServer with `city`) on port 0 with a temp SQLite file, its own
// hall (the demo hall, run here) and two linked township members; a township hall simulated by a
// HallService on a SQLite file of its own, whose log is uploaded by hand with signed requests.

export const LOCAL_HALL = 'demo-county';
export const TOWNSHIP_A = 'township-a';
export const TOWNSHIP_B = 'township-b';
export const KEY_A = 'key-of-township-a-' + 'a'.repeat(30);
export const KEY_B = 'key-of-township-b-' + 'b'.repeat(30);
export const CITY_ADMIN = { username: 'city-admin', password: 'city-admin-pass' };
export const CITY_WATCH = { username: 'city-watch', password: 'city-watch-pass' };

/** Writes the city's settings files into `dir`; returns the city file. */
export function writeCityFiles(dir: string, edit: (city: Record<string, unknown>) => void = () => {}): string {
  const keyFile = join(dir, 'township-a.link.key');
  writeFileSync(keyFile, `${KEY_A}\n`, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  const demo = demoConfig();
  const catalogue = {
    categories: demo.categories.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, defaultServiceMinutes: c.defaultServiceMinutes, dailyCap: c.dailyCap, matters: c.matters })),
    closedDates: ['2026-10-01'],
    specialDays: {},
    lowRatingReasons: demo.evaluation.lowReasons,
    supervision: demo.supervision,
  };
  writeFileSync(join(dir, 'catalogue.yaml'), toYaml(catalogue));
  const city: Record<string, unknown> = {
    id: 'test-city',
    name: '测试市政务服务管理局',
    nameEn: 'Test City Government Services',
    timeZone: 'Asia/Shanghai',
    offlineAlertMinutes: 10,
    catalogue: 'catalogue.yaml',
    members: [
      { id: LOCAL_HALL, level: 'city' },
      { id: TOWNSHIP_A, name: '甲镇便民服务中心', nameEn: 'Township A', level: 'township', keyFile: 'township-a.link.key' },
      { id: TOWNSHIP_B, name: '乙乡便民服务中心', nameEn: 'Township B', level: 'township', keyEnv: 'TEST_CITY_KEY_B' },
    ],
    accounts: [
      { username: CITY_ADMIN.username, displayName: '市管理员', role: 'admin', password: CITY_ADMIN.password },
      { username: CITY_WATCH.username, displayName: '市监察员', role: 'supervisor', password: CITY_WATCH.password },
    ],
  };
  edit(city);
  const file = join(dir, 'city.yaml');
  writeFileSync(file, toYaml(city));
  return file;
}

export const CITY_ENV = { TEST_CITY_KEY_B: KEY_B };

export async function startCity(dir: string, clock: ManualClock, cityFile = writeCityFiles(dir)): Promise<RunningHallServer> {
  const config = demoConfig();
  const dbFile = join(dir, 'city.sqlite');
  giveTestKey(config, dbFile);
  return startHallServer({ configs: [config], dbFile, port: 0, host: '127.0.0.1', clock, city: readCitySettings(cityFile, CITY_ENV) });
}

// ---- a township hall, simulated ----

const staff: Actor = { kind: 'staff', id: 'staff01' };
const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };

export interface Township {
  id: string;
  config: HallConfig;
  service: HallService;
  store: SqliteHallStore;
  run(cmd: HallCommand, actor?: Actor): Promise<void>;
  /** Its log as it travels (the stored events without request answers). */
  wire(afterSeq?: number): Promise<WireEvent[]>;
  profile(): HallProfile;
  close(): void;
}

export async function township(id: string, dbFile: string, clock: ManualClock): Promise<Township> {
  const config = demoConfig((c) => {
    c.id = id;
    c.name = `${id} 便民服务中心`;
  });
  const db = openDatabase(dbFile);
  const store = new SqliteHallStore(db);
  const staffNames = new Map(config.accounts.map((a) => [a.username, a.displayName]));
  const service = await HallService.open(config, store, clock, staffNames);
  return {
    id,
    config,
    service,
    store,
    async run(cmd, actor = staff) {
      const outcome = await service.execute(cmd, actor, { present: () => null });
      if (!outcome.ok) throw new Error(`${cmd.type}: ${outcome.failure.messageEn}`);
    },
    async wire(afterSeq = 0) {
      const events: StoredEvent[] = await store.readEvents(id, afterSeq, 100_000);
      return events.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, event: e.event as unknown as WireEvent['event'] }));
    },
    profile() {
      const { accounts, devices: _d, secrets: _s, ...rest } = config;
      return { config: rest as unknown as Record<string, unknown>, staffNames: Object.fromEntries(accounts.map((a) => [a.username, a.displayName])) };
    },
    close: () => db.close(),
  };
}

/** A morning at a township: a window opens, `issued` numbers are taken a minute apart, `served` of them served. */
export async function morning(t: Township, clock: ManualClock, issued = 8, served = 3): Promise<void> {
  await t.run({ type: 'OpenWindow', windowId: 2, staffId: 'staff01' });
  for (let i = 0; i < issued; i++) {
    await t.run({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: `${t.id}-${randomBytes(6).toString('hex')}` }, kiosk);
    clock.advance(30_000);
  }
  for (let i = 0; i < served; i++) {
    await t.run({ type: 'CallNext', windowId: 2 });
    clock.advance(30_000);
    await t.run({ type: 'FinishService', windowId: 2, matterId: 'A01' });
  }
}

// ---- signed link requests ----

export interface LinkAnswer<T = unknown> {
  status: number;
  body: T;
  /** Whether x-link-signature is the city's signature with `key` over this answer. */
  signed: boolean;
  signature: string | null;
}

export interface LinkOptions {
  method?: string;
  at?: number;
  nonce?: string;
  /** Sign with this key instead (a wrong key). */
  signWith?: string;
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function link<T = unknown>(url: string, hallId: string, action: string, key: string, now: number, body?: unknown, o: LinkOptions = {}): Promise<LinkAnswer<T>> {
  const method = o.method ?? (action === 'catalogue' ? 'GET' : 'POST');
  const path = `/api/halls/${hallId}/uplink/${action}`;
  const text = o.rawBody ?? (body === undefined ? '' : JSON.stringify(body));
  const at = o.at ?? now;
  const nonce = o.nonce ?? randomBytes(16).toString('hex');
  const signature = requestSignature(o.signWith ?? key, method, path, at, nonce, text);
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      [LINK_HEADERS.hall]: hallId,
      [LINK_HEADERS.at]: String(at),
      [LINK_HEADERS.nonce]: nonce,
      [LINK_HEADERS.signature]: signature,
      ...o.headers,
    },
    ...(method === 'GET' ? {} : { body: text }),
  });
  const answer = await res.text();
  const got = res.headers.get(LINK_HEADERS.signature);
  return { status: res.status, body: JSON.parse(answer) as T, signed: got === answerSignature(key, nonce, res.status, answer), signature: got };
}

/** Uploads the township's log after `afterSeq` in batches; returns the city's last stored seq. */
export async function upload(url: string, t: Township, key: string, now: number, afterSeq = 0, batch = 10): Promise<number> {
  const events = await t.wire(afterSeq);
  let last = afterSeq;
  for (let i = 0; i < events.length; i += batch) {
    const part = events.slice(i, i + batch);
    const a = await link<{ lastSeq: number }>(url, t.id, 'events', key, now, { fromSeq: part[0]!.seq, events: part });
    if (a.status !== 200) throw new Error(`events from ${part[0]!.seq}: ${a.status} ${JSON.stringify(a.body)}`);
    last = a.body.lastSeq;
  }
  return last;
}

// ---- the city page ----

export type CitySocket = Socket<CityServerToClient, CityClientToServer>;

export async function cityLogin(url: string, account = CITY_ADMIN): Promise<{ status: number; body: { ok: boolean; data?: { token: string; account: { role: string } }; code?: string } }> {
  const res = await fetch(`${url}/api/city/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  return { status: res.status, body: (await res.json()) as never };
}

export async function cityToken(url: string, account = CITY_ADMIN): Promise<string> {
  const { body } = await cityLogin(url, account);
  if (!body.ok || !body.data) throw new Error(`city login: ${JSON.stringify(body)}`);
  return body.data.token;
}

const sockets = new Set<CitySocket>();

export function connectCity(url: string, token: string): Promise<CitySocket> {
  const socket: CitySocket = connect(`${url}/city`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: url } });
  sockets.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

export function closeCitySockets(): void {
  for (const s of sockets) s.disconnect();
  sockets.clear();
}

export async function cityAsk<T>(socket: CitySocket, event: keyof CityClientToServer, input: unknown): Promise<CityAck<T>> {
  const s = socket as unknown as { timeout(ms: number): { emitWithAck(e: string, a: unknown): Promise<CityAck<T>> } };
  return s.timeout(5000).emitWithAck(event, input);
}

export function nextCityEvent<T>(socket: CitySocket, event: keyof CityServerToClient, predicate: (p: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

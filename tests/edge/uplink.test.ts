import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src-main/app/ports';
import type { Catalogue, CatalogueInput, HallConfig } from '../../src-main/contracts';
import { catalogueSchema } from '../../src-main/contracts';
import type { UplinkHealth } from '../../src-main/edge/uplink';
import type { RunningHallServer } from '../../src-main/hall/server';
import { startHallServer } from '../../src-main/hall/server';
import { createLogger } from '../../src-main/hall/logger';
import { SqliteHallStore, SqliteUplinkStore } from '../../src-main/storage/sqlite';
import { demoConfig, giveTestKey, tempDir } from '../support/hall-fixture';
import { FakeCity } from './fake-city';

// A township hall's uplink against a fake city over real HTTP: the hall's log arrives in order, once, with
// no gap, across restarts of the hall, a city that lost events (GAP) and a city that cannot be reached; an
// answer the city did not sign with the hall's key is refused; the city's catalogue is applied as a new
// config version, or refused and reported.

const HALL = 'town-a';
const KEY = 'town-a-link-key-0123456789abcdefghijklmnop';
const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };

function townConfig(): HallConfig {
  return demoConfig((c) => {
    c.id = HALL;
    c.name = '甲镇便民服务中心';
    c.nameEn = 'Town A Service Centre';
    // Fewer accounts keep scrypt out of the way.
    c.accounts = c.accounts!.filter((a) => ['admin', 'staff01'].includes(a.username));
    c.notifications = { turnNearAhead: 3, webhook: { url: 'https://sms.example.gov.cn/hook', secret: 'a-webhook-secret-of-the-hall' } };
  });
}

/** The demo's categories renamed by the city, F added, and the city's holidays and thresholds. */
function cityCatalogue(edit: (c: CatalogueInput) => void = () => {}): Catalogue {
  const own = townConfig();
  const input: CatalogueInput = {
    categories: [
      ...own.categories.map((c) => ({ id: c.id, name: `市${c.name}`.slice(0, 20), nameEn: `City ${c.nameEn}`.slice(0, 60), defaultServiceMinutes: c.defaultServiceMinutes + 1, dailyCap: 1, matters: c.matters })),
      { id: 'F', name: '民政服务', nameEn: 'Civil affairs', defaultServiceMinutes: 15, dailyCap: 40, matters: [{ id: 'F01', name: '低保申请' }] },
    ],
    closedDates: ['2026-01-01'],
    specialDays: {},
    lowRatingReasons: ['等候时间长', '服务态度差'],
    supervision: { waitYellowMinutes: 25, waitRedMinutes: 50, serviceLimitMinutes: 30, serviceLimitByCategory: {}, pauseLimitMinutes: 20 },
  };
  edit(input);
  return catalogueSchema.parse(input);
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('uplink: a township hall linked to its city', () => {
  const tmp = tempDir('uplink-');
  const city = new FakeCity(new Map([[HALL, KEY]]));
  const servers: RunningHallServer[] = [];
  let dbN = 0;

  beforeAll(() => city.start());
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    city.mode = 'ok';
    city.hanging = 0;
  });
  afterAll(async () => {
    await city.close();
    tmp.cleanup();
  });

  const newDb = () => join(tmp.dir, `hall-${++dbN}.sqlite`);

  async function startEdge(dbFile: string, opts: { linked?: boolean; logLines?: string[] } = {}): Promise<RunningHallServer> {
    const config = townConfig();
    giveTestKey(config, dbFile);
    const log = opts.logLines ? createLogger('info', { write: (line: string) => void opts.logLines!.push(line) }) : undefined;
    const server = await startHallServer({
      configs: [config],
      dbFile,
      port: 0,
      host: '127.0.0.1',
      log,
      uplink: opts.linked === false ? undefined : { cityUrl: city.url, halls: [{ id: HALL, key: KEY }] },
    });
    servers.push(server);
    return server;
  }

  let tokens = 0;
  async function issue(server: RunningHallServer, n: number, categoryId = 'A'): Promise<void> {
    const service = server.halls.get(HALL)!.service;
    await Promise.all(
      Array.from({ length: n }, async () => {
        const outcome = await service.execute({ type: 'IssueTicket', categoryId, source: 'kiosk', token: `tok-${++tokens}-${Math.random().toString(36).slice(2)}` }, kiosk, { present: () => null });
        if (!outcome.ok) throw new Error(outcome.failure.messageEn);
      }),
    );
  }

  const health = (server: RunningHallServer): UplinkHealth => (server.uplinks!.health() as Record<string, UplinkHealth>)[HALL]!;
  const seq = (server: RunningHallServer) => server.halls.get(HALL)!.service.seq;
  const caughtUp = (server: RunningHallServer) => city.lastSeq(HALL) === seq(server) && health(server).ackedSeq === seq(server);

  /** The city's copy is the hall's log: every event, in order, as stored, without the request answers. */
  function expectCityHasHallLog(server: RunningHallServer): void {
    const log = new SqliteHallStore(server.db).readEvents(HALL, 0, 100_000);
    const stored = city.stored.get(HALL)!;
    expect([...stored.keys()].sort((a, b) => a - b)).toEqual(log.map((e) => e.seq));
    for (const e of log) expect(stored.get(e.seq)).toEqual({ seq: e.seq, at: e.at, actor: e.actor, event: JSON.parse(JSON.stringify(e.event)) });
  }

  const reset = () => {
    city.stored.clear();
    city.received.clear();
    city.batches.length = 0;
    city.hellos.length = 0;
    city.statuses.length = 0;
    city.refusals.length = 0;
    city.catalogues = [];
    city.catalogueGets = 0;
  };

  it('says hello with a profile free of credentials, then sends the log in order, each event once, and its status', async () => {
    reset();
    const server = await startEdge(newDb());
    await issue(server, 3);
    await until('the first events at the city', () => caughtUp(server));
    // Many commits in a burst: batches follow each other in sequence, one at a time.
    for (let i = 0; i < 10; i++) await issue(server, 20, i % 2 ? 'A' : 'C');
    await until('the city to catch up', () => caughtUp(server));
    expectCityHasHallLog(server);
    expect([...city.received.get(HALL)!.values()].every((n) => n === 1)).toBe(true);
    let next = 1;
    for (const b of city.batches) {
      expect(b.fromSeq).toBe(next);
      next += b.count;
    }

    const hello = city.hellos[0]!.body;
    expect(hello.profile.config).toMatchObject({ id: HALL, name: '甲镇便民服务中心', notifications: { turnNearAhead: 3 } });
    for (const k of ['accounts', 'devices', 'secrets']) expect(hello.profile.config).not.toHaveProperty(k);
    expect(hello.profile.config.notifications).not.toHaveProperty('webhook');
    expect(JSON.stringify(hello)).not.toMatch(/demo-admin|demo-kiosk|a-webhook-secret/);
    expect(hello.profile.staffNames).toEqual({ admin: '系统管理员', staff01: '王丽' });

    await until('a status', () => city.statuses.length > 0);
    expect(city.statuses[0]!.body).toMatchObject({ catalogue: { version: null, refused: null }, alerts: [] });
    expect(health(server)).toMatchObject({ running: true, connected: true, backlog: 0, lastError: null, city: { id: 'test-city', name: '测试市' } });
    expect(health(server).lastContactAt).toBeGreaterThan(0);
  });

  it('resumes after the hall restarts: what was committed meanwhile arrives, nothing twice, no gap', async () => {
    reset();
    const dbFile = newDb();
    let server = await startEdge(dbFile);
    await issue(server, 5);
    await until('the first events', () => caughtUp(server));
    const acked = seq(server);
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    expect(storedUplinkState(dbFile)).toMatchObject({ hallId: HALL, ackedSeq: acked });

    // The hall runs without the link for a while, then with it again.
    server = await startEdge(dbFile, { linked: false });
    await issue(server, 4, 'B');
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    server = await startEdge(dbFile);
    await issue(server, 2);
    await until('the city to catch up after the restart', () => caughtUp(server));
    expectCityHasHallLog(server);
    expect([...city.received.get(HALL)!.values()].every((n) => n === 1)).toBe(true);
  });

  it('on a GAP (the city lost events) sends again from the sequence the city expects', async () => {
    reset();
    const server = await startEdge(newDb());
    await issue(server, 6);
    await until('the first events', () => caughtUp(server));
    city.forgetAfter(HALL, 2);
    await issue(server, 1);
    await until('the city to have the whole log again', () => caughtUp(server));
    expect(city.refusals.filter((r) => r.code === 'GAP').length).toBeGreaterThanOrEqual(1);
    expectCityHasHallLog(server);
    expect(city.batches.some((b) => b.fromSeq === 3)).toBe(true);
  });

  it('keeps working while the city cannot be reached, and catches up when it can', async () => {
    reset();
    const server = await startEdge(newDb());
    await issue(server, 2);
    await until('the first events', () => caughtUp(server));
    city.mode = 'down';
    await issue(server, 10);
    await until('the link to notice', () => !health(server).connected && health(server).lastError !== null);
    // The hall goes on: more tickets are issued while the link fails.
    await issue(server, 10, 'C');
    expect(health(server).backlog).toBe(seq(server) - health(server).ackedSeq);
    expect(health(server).backlog).toBeGreaterThan(0);
    expect(health(server).lastError).toMatch(/cannot reach the city/);
    city.mode = 'ok';
    await until('the link to catch up', () => caughtUp(server));
    expectCityHasHallLog(server);
    expect(health(server)).toMatchObject({ connected: true, backlog: 0, lastError: null });
  });

  it('refuses answers the city did not sign with the hall\'s key: "the city could not prove it holds the key"', async () => {
    reset();
    city.mode = 'wrong-signature';
    const logLines: string[] = [];
    const server = await startEdge(newDb(), { logLines });
    await issue(server, 3);
    await until('the refusal', () => health(server).lastError !== null);
    expect(health(server)).toMatchObject({ connected: false, ackedSeq: 0 });
    expect(health(server).lastError).toMatch(/the city could not prove it holds the key: its answer \(HTTP 200\) has a wrong signature/);
    expect(logLines.join('\n')).toMatch(/the city could not prove it holds the key/);
    // Nothing it said was believed: no events were sent on its word.
    expect(city.batches).toEqual([]);

    city.mode = 'unsigned';
    await until('an unsigned answer to be refused too', () => /is not signed/.test(health(server).lastError ?? ''));
    city.mode = 'ok';
    await until('the link once the city proves it', () => caughtUp(server));
    expectCityHasHallLog(server);
  });

  it('says hello again when the hall\'s config changes', async () => {
    reset();
    const server = await startEdge(newDb());
    await until('the first hello', () => city.hellos.length === 1 && health(server).connected);
    const outcome = await server.halls.get(HALL)!.settings.update({ notice: '今日下午停电检修' }, { kind: 'admin', id: 'admin' });
    expect(outcome.ok).toBe(true);
    await until('a hello with the new notice', () => city.hellos.some((h) => h.body.profile.config.notice === '今日下午停电检修'));
  });

  it('stops even when the city holds a request without answering (the request is aborted)', async () => {
    reset();
    const server = await startEdge(newDb());
    await until('linked', () => health(server).connected && caughtUp(server));
    city.mode = 'hang';
    await issue(server, 1);
    await until('a request held by the city', () => city.hanging > 0);
    await server.uplinks!.stop();
    expect(health(server).ackedSeq).toBeLessThan(seq(server));
    // The hall itself goes on.
    await issue(server, 1);
  });

  it('pulls and applies the city catalogue as a new config version, audited; a refused one keeps the config and is reported', async () => {
    reset();
    const v1 = city.publish(cityCatalogue());
    const dbFile = newDb();
    const server = await startEdge(dbFile);
    const hall = server.halls.get(HALL)!;
    const versionBefore = hall.settings.version;
    await until('catalogue 1 applied', () => health(server).catalogue.version === v1.version);
    expect(hall.settings.version).toBeGreaterThan(versionBefore);
    const config = hall.settings.config;
    expect(config.categories.map((c) => c.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(config.categories[0]).toMatchObject({ name: '市企业服务', dailyCap: 400 });
    expect(config.categories[5]).toMatchObject({ id: 'F', dailyCap: 40 });
    expect(config.closedDates).toEqual(['2026-01-01']);
    expect(config.supervision.waitYellowMinutes).toBe(25);
    expect(config.windows).toEqual(townConfig().windows);
    expect(config.accounts.map((a) => a.username)).toEqual(['admin', 'staff01']);
    const audit = server.db.prepare(`SELECT actor_kind, actor_id, summary, summary_en, data FROM audit_log WHERE hall_id = ? AND action = 'catalogue.apply'`).all(HALL) as Array<{ actor_kind: string; actor_id: string; summary: string; summary_en: string; data: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'system', actor_id: 'city' });
    expect(audit[0]!.summary_en).toMatch(new RegExp(`^Config version ${hall.settings.version}: catalogue version 1 from the city \\(.+\\)$`));
    expect(audit[0]!.summary).toMatch(/采用城市事项目录第 1 版/);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ catalogueVersion: 1, version: hall.settings.version });
    const source = server.db.prepare(`SELECT source FROM config_versions WHERE hall_id = ? AND version = ?`).pluck().get(HALL, hall.settings.version);
    expect(source).toBe('city');
    // The city hears of it in the next status, and the hall says hello again with its new config.
    await until('a status with catalogue 1', () => city.statuses.some((s) => s.body.catalogue.version === 1));
    await until('a hello with the new categories', () => city.hellos.some((h) => (h.body.profile.config.categories as unknown[]).length === 6));

    // Version 2 drops category B, which windows 3, 4 and 5 serve: refused, the config stays.
    const configVersion = hall.settings.version;
    city.publish(cityCatalogue((c) => (c.categories = c.categories.filter((k) => k.id !== 'B'))));
    await issue(server, 1);
    await until('catalogue 2 refused', () => health(server).catalogue.refused !== null);
    expect(health(server).catalogue).toMatchObject({ version: 1, refused: { version: 2 } });
    expect(health(server).catalogue.refused!.messageEn).toMatch(/category B is still served by windows 3, 4, 5/);
    expect(hall.settings.version).toBe(configVersion);
    expect(hall.settings.config.categories.map((c) => c.id)).toContain('B');
    await until('a status reporting the refusal', () => city.statuses.some((s) => s.body.catalogue.refused?.version === 2));
    const refusedStatus = city.statuses.find((s) => s.body.catalogue.refused?.version === 2)!;
    expect(refusedStatus.body.catalogue.refused!.message).toMatch(/业务类别 B/);
    // A refused version is not fetched again and again.
    const gets = city.catalogueGets;
    await issue(server, 1);
    await until('caught up', () => caughtUp(server));
    expect(city.catalogueGets).toBe(gets);

    // Kept across a restart: the hall still runs version 1 and knows it refused version 2.
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    expect(storedUplinkState(dbFile)).toMatchObject({ catalogue: { version: 1, refused: { version: 2 } } });
  });
});

/** The uplink state a stopped hall left in its database file. */
function storedUplinkState(file: string) {
  const db = new Database(file);
  try {
    return new SqliteUplinkStore(db).load(HALL);
  } finally {
    db.close();
  }
}

import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src-main/app/ports';
import type { HallConfig } from '../../src-main/contracts';
import type { ProvinceUploadView } from '../../src-main/contracts/province';
import { DEFAULT_CASE_RESULT_MAPPING, DEFAULT_CHANNEL_CODES, DEFAULT_RATING_MAPPING } from '../../src-main/contracts/province';
import type { HallCommand, RatingLevel } from '../../src-main/domain';
import type { ProvinceSettings } from '../../src-main/province/province-settings';
import type { RunningHallServer } from '../../src-main/hall/server';
import { startHallServer } from '../../src-main/hall/server';
import { SqliteProvinceStore } from '../../src-main/storage/sqlite/sqlite-province-store';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import { demoConfig, giveTestKey, login, tempDir } from '../support/hall-fixture';
import { ProvinceReceiver } from './support/province-receiver';

// The provincial upload of a running hall server against a test platform over real HTTP: ratings and case
// results arrive in log order, in batches of at most batchSize, each id once; 500s and a platform that is
// down are retried until everything is there; a batch the platform kept but whose answer was lost is sent
// again and counted once; the position survives a restart; admins see the delivery state.

const HALL = 'demo-county';
const KEY = 'province-signing-key-0123456789abcdefghij';
const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
const staff: Actor = { kind: 'staff', id: 'staff06' };
const screen: Actor = { kind: 'device', id: 'window-screen-6' };
const supervisor: Actor = { kind: 'supervisor', id: 'jiandu' };

function hallConfig(): HallConfig {
  // Fewer accounts keep scrypt out of the way.
  return demoConfig((c) => (c.accounts = c.accounts!.filter((a) => ['admin', 'jiandu', 'staff06'].includes(a.username))));
}

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('provincial 好差评 upload from a running hall server', () => {
  const tmp = tempDir('province-');
  const clock = new ManualClock(MONDAY_9AM_BEIJING);
  const receiver = new ProvinceReceiver(KEY, () => clock.now());
  const servers: RunningHallServer[] = [];
  let dbN = 0;
  let tokens = 0;

  beforeAll(() => receiver.start());
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    receiver.records.clear();
    receiver.batches.length = 0;
    receiver.received = 0;
    receiver.requests = 0;
    receiver.mode = 'ok';
    receiver.failNext = 0;
    receiver.delayMs = 0;
    await receiver.up();
  });
  afterAll(async () => {
    await receiver.close();
    tmp.cleanup();
  });

  const settings = (edit: Partial<ProvinceSettings> = {}): ProvinceSettings => ({
    url: receiver.url,
    key: KEY,
    regionCode: '330106',
    organisationCode: '11330106MB1234567X',
    halls: null,
    batchSize: 3,
    mapping: { rating: DEFAULT_RATING_MAPPING, caseResult: DEFAULT_CASE_RESULT_MAPPING },
    channelCodes: DEFAULT_CHANNEL_CODES,
    ...edit,
  });

  async function start(dbFile = join(tmp.dir, `hall-${++dbN}.sqlite`), s = settings()): Promise<RunningHallServer> {
    const config = hallConfig();
    giveTestKey(config, dbFile);
    const server = await startHallServer({ configs: [config], dbFile, port: 0, host: '127.0.0.1', clock, province: s });
    servers.push(server);
    return server;
  }

  async function run(server: RunningHallServer, cmd: HallCommand, actor: Actor): Promise<void> {
    const outcome = await server.halls.get(HALL)!.service.execute(cmd, actor, { present: () => null });
    if (!outcome.ok) throw new Error(`${cmd.type}: ${outcome.failure.messageEn}`);
  }

  /** Serves one C ticket at window 6 and rates it; its ticket id. */
  async function serveAndRate(server: RunningHallServer, level: RatingLevel, mobile?: string): Promise<string> {
    const service = server.halls.get(HALL)!.service;
    if (service.state.windows.get(6)?.staffId !== 'staff06') await run(server, { type: 'OpenWindow', windowId: 6, staffId: 'staff06' }, staff);
    await run(server, { type: 'IssueTicket', categoryId: 'C', source: 'kiosk', token: `t-${++tokens}-${Math.random().toString(36).slice(2)}` }, kiosk);
    await run(server, { type: 'CallNext', windowId: 6 }, staff);
    const ticketId = service.state.windows.get(6)!.currentTicketId!;
    await run(server, { type: 'StartService', windowId: 6 }, staff);
    clock.advance(60_000);
    await run(server, { type: 'FinishService', windowId: 6, matterId: 'C02' }, staff);
    const low = level === 'dissatisfied' || level === 'very-dissatisfied';
    await run(server, { type: 'RateService', windowId: 6, ticketId, level, reasons: low ? ['等候时间长'] : [], channel: 'window', mobile: mobile ?? null }, screen);
    return ticketId;
  }

  const view = (server: RunningHallServer): ProvinceUploadView => server.province!.health()[HALL]!;
  const seq = (server: RunningHallServer) => server.halls.get(HALL)!.service.seq;
  const caughtUp = (server: RunningHallServer) => {
    const v = view(server);
    return v.ackedSeq === seq(server) && v.backlog === 0 ? v : undefined;
  };

  it('sends every rating once, in log order, in batches of at most batchSize; admins and /health see it', async () => {
    const server = await start();
    const levels: RatingLevel[] = ['very-satisfied', 'satisfied', 'very-dissatisfied', 'basic', 'satisfied', 'dissatisfied', 'very-satisfied', 'satisfied'];
    const tickets: string[] = [];
    for (const [i, level] of levels.entries()) tickets.push(await serveAndRate(server, level, i === 2 ? '13800001111' : undefined));
    const v = await until('everything delivered', () => caughtUp(server));
    expect(v).toMatchObject({ hallId: HALL, url: receiver.url, running: true, connected: true, delivered: 8, lastError: null, lastSuccessAt: clock.now() });

    expect(receiver.badSignatures).toBe(0);
    expect(receiver.batches.every((b) => b.length <= 3)).toBe(true);
    expect(receiver.batches.flat()).toEqual(tickets.map((t) => `${HALL}:${t}`));
    expect(receiver.received).toBe(8);
    const bad = receiver.records.get(`${HALL}:${tickets[2]}`)!;
    expect(bad).toMatchObject({ kind: 'rating', hallId: HALL, organisationCode: '11330106MB1234567X', times: 1 });
    expect(bad.data).toMatchObject({ pjjg: '1', sfsm: '1', sjhm: '138****1111', bmyyy: '等候时间长', ckbh: 6, gzry: 'staff06', sxbm: 'C02', pjqd: '3', xzqhdm: '330106' });
    expect(receiver.records.get(`${HALL}:${tickets[0]}`)!.data).toMatchObject({ pjjg: '5', sfsm: '0', sjhm: null });

    // Admins and supervisors see the delivery state; staff do not.
    const admin = await login(server.url, HALL, 'admin', 'demo-admin');
    const sup = await login(server.url, HALL, 'jiandu', 'demo-super');
    const worker = await login(server.url, HALL, 'staff06', 'demo1234');
    const ask = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const answer = await ask(`/api/admin/province?hall=${HALL}`, admin);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ok: true, data: { configured: true, upload: { ...v, lastAttemptAt: expect.any(Number) } } });
    expect((await (await ask(`/api/halls/${HALL}/province`, sup)).json()) as unknown).toMatchObject({ ok: true, data: { upload: { delivered: 8 } } });
    expect((await ask('/api/admin/province', sup)).status).toBe(200); // one hall on this server: no need to name it
    expect((await ask(`/api/admin/province?hall=${HALL}`, worker)).status).toBe(403);
    expect((await ask(`/api/admin/province?hall=${HALL}`)).status).toBe(401);
    expect((await ask('/api/admin/province?hall=nowhere', admin)).status).toBe(404);
    const health = (await (await ask('/health')).json()) as { province: Record<string, ProvinceUploadView> };
    expect(health.province[HALL]).toMatchObject({ delivered: 8, backlog: 0, connected: true });
  }, 60_000);

  it('a bad rating\'s case: its answer and its closing go after the rating, with their own ids', async () => {
    const server = await start();
    const ticket = await serveAndRate(server, 'very-dissatisfied', '13900002222');
    const by = { username: 'staff06', role: 'staff' as const };
    const boss = { username: 'jiandu', role: 'supervisor' as const };
    await run(server, { type: 'VerifyCase', caseId: ticket, by, note: '属实' }, staff);
    clock.advance(3_600_000);
    await run(server, { type: 'AnswerCase', caseId: ticket, by, rectification: '增开窗口', callback: { answer: 'satisfied', note: '满意' } }, staff);
    await run(server, { type: 'ReviewCase', caseId: ticket, by: boss, approved: true, note: '同意' }, supervisor);
    await run(server, { type: 'CloseCase', caseId: ticket, by: boss, note: '办结' }, supervisor);
    await until('everything delivered', () => caughtUp(server));
    const results = [...receiver.records.values()].filter((r) => r.kind === 'case-result');
    expect(receiver.batches.flat()[0]).toBe(`${HALL}:${ticket}`);
    expect(results.map((r) => r.data)).toEqual([
      expect.objectContaining({ gdbh: ticket, pjbh: `${HALL}:${ticket}`, zgzt: '4', zgjg: null, zgqk: '增开窗口', hfjg: '1', sfas: '1', bjsj: null }),
      expect.objectContaining({ gdbh: ticket, zgzt: '6', zgjg: '1', zgqk: '增开窗口', hfjg: '1', sfas: '1', bjsj: expect.stringMatching(/^2026-11-23 10:0\d:00$/) }),
    ]);
    expect(results.every((r) => new RegExp(`^${HALL}:${ticket}:\\d+$`).test(r.id))).toBe(true);
  }, 60_000);

  it('retries after 500s and while the platform is down, then delivers everything; the error is shown meanwhile', async () => {
    const server = await start();
    receiver.failNext = 2;
    const first = [await serveAndRate(server, 'satisfied'), await serveAndRate(server, 'basic')];
    await until('the error shown', () => view(server).lastError?.includes('HTTP 500'));
    expect(view(server)).toMatchObject({ connected: false, delivered: 0 });
    expect(view(server).lastError).toMatch(/the province platform answered HTTP 500: BUSY/);
    await until('delivered after the 500s', () => caughtUp(server));
    expect(receiver.requests).toBeGreaterThanOrEqual(3);

    await receiver.down();
    const second = [await serveAndRate(server, 'very-satisfied'), await serveAndRate(server, 'dissatisfied')];
    const down = await until('the platform seen down', () => (view(server).lastError?.includes('cannot reach') ? view(server) : undefined));
    expect(down).toMatchObject({ connected: false, delivered: 2 });
    expect(down.backlog).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500)); // a retry or two against the closed port
    await receiver.up();
    const v = await until('delivered after the platform came back', () => caughtUp(server), 70_000);
    expect(v).toMatchObject({ connected: true, delivered: 4, lastError: null });
    expect(receiver.ids('rating')).toEqual([...first, ...second].map((t) => `${HALL}:${t}`));
    expect([...receiver.records.values()].every((r) => r.times === 1)).toBe(true);
  }, 90_000);

  it('a batch the platform kept but whose answer was lost is sent again and counted once', async () => {
    receiver.mode = 'keep-then-fail';
    const server = await start();
    const tickets = [await serveAndRate(server, 'satisfied'), await serveAndRate(server, 'very-satisfied')];
    await until('the first push kept', () => receiver.batches.length >= 1);
    receiver.mode = 'ok';
    const v = await until('delivered', () => caughtUp(server));
    expect(v.delivered).toBe(2);
    expect(receiver.records.size).toBe(2);
    expect(receiver.received).toBeGreaterThan(2);
    expect(receiver.ids()).toEqual(tickets.map((t) => `${HALL}:${t}`));
    expect(Math.max(...[...receiver.records.values()].map((r) => r.times))).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('the position survives a restart: nothing delivered is sent again, what came after is', async () => {
    const dbFile = join(tmp.dir, 'restart.sqlite');
    const a = await start(dbFile);
    const before = [await serveAndRate(a, 'satisfied'), await serveAndRate(a, 'basic'), await serveAndRate(a, 'very-satisfied')];
    const acked = await until('delivered', () => caughtUp(a));
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    const b = await start(dbFile);
    await until('the stored position loaded', () => view(b).ackedSeq === acked.ackedSeq);
    const after = [await serveAndRate(b, 'dissatisfied'), await serveAndRate(b, 'satisfied')];
    const v = await until('delivered after the restart', () => caughtUp(b));
    expect(v.delivered).toBe(5);
    expect(receiver.received).toBe(5);
    expect(receiver.ids()).toEqual([...before, ...after].map((t) => `${HALL}:${t}`));
    const stored = new SqliteProvinceStore(b.db).load(HALL)!;
    expect(stored).toMatchObject({ hallId: HALL, delivered: 5, lastError: null });
    expect(stored.ackedSeq).toBe(v.ackedSeq);
  }, 60_000);
});

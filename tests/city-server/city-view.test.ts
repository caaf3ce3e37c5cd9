import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityFloorView, CityOverview, PublishedCatalogue, StatusBody } from '../../src-main/contracts';
import type { RunningHallServer } from '../../src-main/hall/server';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import { tempDir } from '../support/hall-fixture';
import type { CitySocket, Township } from './support/city-rig';
import {
  CITY_ADMIN,
  CITY_WATCH,
  cityAsk,
  cityLogin,
  cityToken,
  closeCitySockets,
  connectCity,
  KEY_A,
  link,
  LOCAL_HALL,
  morning,
  nextCityEvent,
  startCity,
  township,
  TOWNSHIP_A,
  TOWNSHIP_B,
  upload,
} from './support/city-rig';

// The city page's side: its accounts and routes, the `/city` namespace's overview of every member hall (the
// city's own hall, a linked one, one never heard of), the drill-down into one hall, a linked hall falling
// silent (the server's clock moved by hand) and a session ending. Real server on port 0, real socket.io client.

const MINUTE = 60_000;

describe('the city view', () => {
  const tmp = tempDir('city-view-');
  const clock = new ManualClock(MONDAY_9AM_BEIJING);
  let city: RunningHallServer;
  let a: Township;
  let token: string;
  let page: CitySocket;

  beforeAll(async () => {
    city = await startCity(tmp.dir, clock);
    a = await township(TOWNSHIP_A, join(tmp.dir, 'township-a.sqlite'), clock);
    await morning(a, clock, 6, 2);
  });
  afterAll(async () => {
    closeCitySockets();
    await city?.close();
    a?.close();
    tmp.cleanup();
  });

  const overview = async (socket = page): Promise<CityOverview> => {
    const ack = await cityAsk<CityOverview>(socket, 'city:overview', {});
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    return ack.data;
  };
  const hall = (o: CityOverview, id: string) => o.halls.find((h) => h.id === id)!;

  it('logs in city accounts only, with the hall’s limits and words', async () => {
    const wrong = await cityLogin(city.url, { username: CITY_ADMIN.username, password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_LOGIN');
    // A hall account is no city account.
    const hallAdmin = await cityLogin(city.url, { username: 'admin', password: 'demo-admin' });
    expect(hallAdmin.status).toBe(401);
    const good = await cityLogin(city.url, CITY_ADMIN);
    expect(good.status).toBe(200);
    expect(good.body.data).toMatchObject({ account: { username: CITY_ADMIN.username, role: 'admin' }, cityId: 'test-city' });
    token = good.body.data!.token;
    // The city token opens no hall route.
    const res = await fetch(`${city.url}/api/halls/${LOCAL_HALL}/statistics?from=2026-11-23&to=2026-11-23`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });

  it('refuses a socket without a live city session', async () => {
    await expect(connectCity(city.url, 'x'.repeat(40))).rejects.toMatchObject({ data: { code: 'SESSION_INVALID' } });
  });

  it('shows every member: the city’s own hall, linked halls as they upload, one never heard of', async () => {
    page = await connectCity(city.url, token);
    const first = await overview();
    expect(first.halls.map((h) => [h.id, h.link, h.level])).toEqual([
      [LOCAL_HALL, 'local', 'city'],
      [TOWNSHIP_A, 'never', 'township'],
      [TOWNSHIP_B, 'never', 'township'],
    ]);
    expect(first).toMatchObject({ cityId: 'test-city', offlineAlertMinutes: 10, catalogueVersion: 1, alerts: [] });
    expect(hall(first, TOWNSHIP_B)).toMatchObject({ name: '乙乡便民服务中心', lastContactAt: null, serviceDay: null, waiting: 0 });

    // The city's own hall: a ticket issued there shows at once.
    const local = city.halls.get(LOCAL_HALL)!;
    const issued = await local.service.execute({ type: 'IssueTicket', categoryId: 'C', source: 'kiosk', token: 'local-ticket-1' }, { kind: 'device', id: 'kiosk-1' }, { present: () => null });
    expect(issued.ok).toBe(true);
    expect(hall(await overview(), LOCAL_HALL)).toMatchObject({ waiting: 1, issuedToday: 1, windows: 12, lastContactAt: null, backlog: 0 });

    // A linked hall: hello, its log, its status.
    const pushed = nextCityEvent<CityOverview>(page, 'city:overview', (o) => hall(o, TOWNSHIP_A).lastSeq > 0);
    expect((await link(city.url, TOWNSHIP_A, 'hello', KEY_A, clock.now(), { profile: a.profile(), software: 'test' })).status).toBe(200);
    await upload(city.url, a, KEY_A, clock.now());
    expect(hall(await pushed, TOWNSHIP_A).link).toBe('online');
    const status: StatusBody = { at: clock.now(), lastSeq: a.service.seq + 3, backlog: 3, alerts: [], catalogue: { version: 1, refused: null } };
    await link(city.url, TOWNSHIP_A, 'status', KEY_A, clock.now(), status);
    const o = await overview();
    expect(hall(o, TOWNSHIP_A)).toMatchObject({
      name: `${TOWNSHIP_A} 便民服务中心`,
      link: 'online',
      lastContactAt: clock.now(),
      serviceDay: a.service.state.serviceDay,
      waiting: 4,
      openWindows: 1,
      issuedToday: 6,
      servedToday: 2,
      lastSeq: a.service.seq,
      backlog: 3,
      catalogue: { version: 1, refused: null },
    });
    // The first ticket still waiting was the third issued, 30 s apart; the clock has moved on since.
    const oldest = [...a.service.state.tickets.values()].filter((t) => t.state === 'waiting').reduce((m, t) => Math.min(m, t.issuedAt), Infinity);
    expect(hall(o, TOWNSHIP_A).longestWaitMinutes).toBe(Math.floor((clock.now() - oldest) / MINUTE));
  });

  it('drills into a linked hall: its floor as supervisors see it, pushed as it changes', async () => {
    const ack = await cityAsk<CityFloorView>(page, 'city:watch', { hallId: TOWNSHIP_A });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const snap = ack.data.snapshot;
    expect(snap.hallId).toBe(TOWNSHIP_A);
    expect(snap.seq).toBe(a.service.seq);
    expect(snap.windows.find((w) => w.id === 2)).toMatchObject({ status: 'open', staffName: '王丽', servedToday: 2 });
    expect(snap.queues.find((q) => q.categoryId === 'A')).toMatchObject({ waiting: 4, issuedToday: 6 });
    expect(snap.tickets).toEqual([]);

    const floor = nextCityEvent<CityFloorView>(page, 'city:floor', (f) => f.hallId === TOWNSHIP_A && (f.snapshot.tickets?.length ?? 0) > 0);
    const before = a.service.seq;
    await a.run({ type: 'CallNext', windowId: 2 });
    await upload(city.url, a, KEY_A, clock.now(), before);
    const pushed = await floor;
    expect(pushed.snapshot.tickets).toEqual([expect.objectContaining({ state: 'called', windowId: 2 })]);

    expect(await cityAsk(page, 'city:watch', { hallId: 'nowhere' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_HALL' } });
    expect(await cityAsk(page, 'city:watch', { hallId: TOWNSHIP_B })).toMatchObject({ ok: false, error: { code: 'NO_DATA' } });
    expect(await cityAsk(page, 'city:watch', { hallId: 7 })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const local = await cityAsk<CityFloorView>(page, 'city:watch', { hallId: LOCAL_HALL });
    expect(local.ok && local.data.snapshot.queues.find((q) => q.categoryId === 'C')?.waiting).toBe(1);
    expect(await cityAsk(page, 'city:watch', { hallId: null })).toEqual({ ok: true, data: null });
  });

  it('a linked hall silent for offlineAlertMinutes turns offline with a red alert, first in the list', async () => {
    const status: StatusBody = {
      at: clock.now(),
      lastSeq: a.service.seq,
      backlog: 0,
      alerts: [
        {
          id: 3, key: 'pause:2', kind: 'pause', level: 'yellow', subject: '2', message: '暂停过久', messageEn: 'Paused too long', since: clock.now() - 25 * MINUTE,
          raisedAt: clock.now(), escalatedAt: null, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, ackNote: null,
        },
      ],
      catalogue: { version: 1, refused: null },
    };
    await link(city.url, TOWNSHIP_A, 'status', KEY_A, clock.now(), status);
    const heard = clock.now();
    clock.advance(9 * MINUTE);
    let o = await overview();
    expect(hall(o, TOWNSHIP_A).link).toBe('online');
    expect(o.alerts).toEqual([expect.objectContaining({ hallId: TOWNSHIP_A, kind: 'pause', level: 'yellow' })]);

    clock.advance(2 * MINUTE);
    o = await overview();
    expect(hall(o, TOWNSHIP_A)).toMatchObject({ link: 'offline', lastContactAt: heard, alerts: { red: 1, yellow: 1 } });
    expect(hall(o, TOWNSHIP_B).link).toBe('never');
    expect(o.alerts.map((x) => [x.hallId, x.kind, x.level])).toEqual([
      [TOWNSHIP_A, 'offline', 'red'],
      [TOWNSHIP_A, 'pause', 'yellow'],
    ]);
    expect(o.alerts[0]).toMatchObject({ since: heard, hallName: `${TOWNSHIP_A} 便民服务中心`, messageEn: expect.stringMatching(/silent for 11 min/) });
    expect(city.city!.health()).toMatchObject({ members: 3, local: 1, linked: 2, online: 0, offline: 1, never: 1, mirrors: 1 });

    // Heard of again: online, the alert gone.
    await link(city.url, TOWNSHIP_A, 'catalogue', KEY_A, clock.now());
    o = await overview();
    expect(hall(o, TOWNSHIP_A).link).toBe('online');
    expect(o.alerts.some((x) => x.kind === 'offline')).toBe(false);
  });

  it('serves the catalogue to city accounts; only admins publish, each version audited', async () => {
    const watch = await cityToken(city.url, CITY_WATCH);
    const get = await fetch(`${city.url}/api/city/catalogue`, { headers: { authorization: `Bearer ${watch}` } });
    expect(get.status).toBe(200);
    const current = ((await get.json()) as { data: PublishedCatalogue }).data;
    expect(current.version).toBe(1);

    const put = (who: string, body: unknown) =>
      fetch(`${city.url}/api/city/catalogue`, { method: 'PUT', headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const next = { ...current.catalogue, closedDates: [...current.catalogue.closedDates, '2026-10-02'] };
    expect((await put(watch, next)).status).toBe(403);
    const bad = await put(token, { ...next, categories: [] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, code: 'INVALID_CATALOGUE', issues: [{ path: 'categories' }] });

    const pushed = nextCityEvent<CityOverview>(page, 'city:overview', (o) => o.catalogueVersion === 2);
    const good = await put(token, next);
    expect(good.status).toBe(200);
    expect(((await good.json()) as { data: PublishedCatalogue }).data).toMatchObject({ version: 2, publishedBy: CITY_ADMIN.username });
    await pushed;
    const answer = await link<PublishedCatalogue>(city.url, TOWNSHIP_A, 'catalogue', KEY_A, clock.now());
    expect(answer.body.version).toBe(2);
    const audit = city.db.prepare(`SELECT actor_id, action, summary_en FROM audit_log WHERE hall_id = '@city:test-city' ORDER BY id`).all() as Array<{ actor_id: string; action: string; summary_en: string }>;
    expect(audit.map((r) => [r.actor_id, r.action])).toEqual([
      ['city-config', 'catalogue.publish'],
      [CITY_ADMIN.username, 'catalogue.publish'],
    ]);
    expect(audit[1]!.summary_en).toMatch(/^Published catalogue version 2/);

    const noToken = await fetch(`${city.url}/api/city/catalogue`);
    expect(noToken.status).toBe(401);
  });

  it('answers city statistics for every member with events (or 503 while the read side has none)', async () => {
    const day = a.service.state.serviceDay!;
    const res = await fetch(`${city.url}/api/city/statistics?from=${day}&to=${day}`, { headers: { authorization: `Bearer ${token}` } });
    expect([200, 503]).toContain(res.status);
    const body = (await res.json()) as { ok: boolean; data?: { byHall: Record<string, { issued?: number }> } };
    if (res.status === 200) {
      expect(body.ok).toBe(true);
      expect(Object.keys(body.data!.byHall)).toEqual(expect.arrayContaining([TOWNSHIP_A, LOCAL_HALL]));
      // The mirror's figures are the township's own: six numbers issued there, one at the city's own hall.
      expect(body.data!.byHall[TOWNSHIP_A]?.issued).toBe(6);
      expect(body.data!.byHall[LOCAL_HALL]?.issued).toBe(1);
    }
    const badRange = await fetch(`${city.url}/api/city/statistics?from=2026-13-01&to=x`, { headers: { authorization: `Bearer ${token}` } });
    expect(badRange.status).toBe(400);
  });

  it('a restarted city shows the linked hall as it was, before the hall says hello again', async () => {
    const before = await overview();
    const floorBefore = await cityAsk<CityFloorView>(page, 'city:watch', { hallId: TOWNSHIP_A });
    closeCitySockets();
    await city.close();
    city = await startCity(tmp.dir, clock);
    token = await cityToken(city.url);
    page = await connectCity(city.url, token);
    const after = await overview();
    // The catalogue version 2 is kept; the hall's figures and link state are the same.
    expect(after.catalogueVersion).toBe(2);
    const strip = (o: CityOverview) => o.halls.filter((h) => h.id !== LOCAL_HALL);
    expect(strip(after)).toEqual(strip(before));
    const floorAfter = await cityAsk<CityFloorView>(page, 'city:watch', { hallId: TOWNSHIP_A });
    if (!floorBefore.ok || !floorAfter.ok) throw new Error('no floor');
    const floorOf = (f: CityFloorView) => ({ ...f.snapshot, serverTime: 0 });
    expect(floorOf(floorAfter.data)).toEqual(floorOf(floorBefore.data));
  });

  it('ends the page’s connection when its session is logged out', async () => {
    const ended = nextCityEvent<{ code: string; reason: string }>(page, 'session:ended');
    const res = await fetch(`${city.url}/api/city/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await ended).toMatchObject({ code: 'SESSION_ENDED', reason: 'logout' });
    expect(await cityAsk(page, 'city:overview', {})).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
    await expect(connectCity(city.url, token)).rejects.toMatchObject({ data: { code: 'SESSION_INVALID' } });
  });
});

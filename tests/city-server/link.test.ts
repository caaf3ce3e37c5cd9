import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSignature, requestSignature } from '../../src-main/app/link-signature';
import type { HelloAnswer, PublishedCatalogue, StatusBody, WireEvent } from '../../src-main/contracts';
import { LINK_HEADERS, LINK_MAX_BODY_BYTES } from '../../src-main/contracts';
import type { RunningHallServer } from '../../src-main/hall/server';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import { tempDir } from '../support/hall-fixture';
import type { Township } from './support/city-rig';
import { KEY_A, KEY_B, LOCAL_HALL, link, morning, startCity, township, TOWNSHIP_A, TOWNSHIP_B, upload } from './support/city-rig';

// The city's end of the link against a real server (port 0, temp SQLite): a township hall's log uploaded
// in signed batches, stored once, gaps and replays refused, every answer signed with the hall's key; and a
// restarted city that keeps what it had.

const withoutTokens = (tickets: Iterable<{ token: string }>) => [...tickets].map((t) => ({ ...t, token: '' }));

type ErrorBody = { error: { code: string; message: string; messageEn: string; expected?: number; seq?: number; field?: string } };

describe('the city link', () => {
  const tmp = tempDir('city-link-');
  const clock = new ManualClock(MONDAY_9AM_BEIJING);
  let city: RunningHallServer;
  let a: Township;
  let events: WireEvent[];

  beforeAll(async () => {
    city = await startCity(tmp.dir, clock);
    a = await township(TOWNSHIP_A, join(tmp.dir, 'township-a.sqlite'), clock);
    await morning(a, clock, 8, 3);
    events = await a.wire();
  });
  afterAll(async () => {
    await city?.close();
    a?.close();
    tmp.cleanup();
  });

  const now = () => clock.now();

  it('refuses a hall that is not a linked member, unsigned (there is no key to sign with)', async () => {
    for (const id of ['nowhere', LOCAL_HALL]) {
      const r = await link<ErrorBody>(city.url, id, 'hello', KEY_A, now(), { profile: a.profile(), software: 'test' });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('NOT_A_MEMBER');
      expect(r.signature).toBeNull();
    }
  });

  it('refuses events before the first hello (no profile to fold them with)', async () => {
    const r = await link<ErrorBody>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), { fromSeq: 1, events: events.slice(0, 3) });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('NO_PROFILE');
    expect(r.signed).toBe(true);
  });

  it('answers hello with what it has (nothing yet), the catalogue version and the status period, signed', async () => {
    const r = await link<HelloAnswer>(city.url, TOWNSHIP_A, 'hello', KEY_A, now(), { profile: a.profile(), software: 'test/1' });
    expect(r.status).toBe(200);
    expect(r.signed).toBe(true);
    expect(r.body).toEqual({ cityId: 'test-city', cityName: '测试市政务服务管理局', cityNameEn: 'Test City Government Services', lastSeq: 0, catalogueVersion: 1, statusEveryMs: expect.any(Number) });
  });

  it('refuses a profile whose config is not valid, naming the field', async () => {
    const profile = a.profile();
    const bad = { ...profile, config: { ...profile.config, windows: [{ id: 1, name: '一窗', categories: ['Z'] }] } };
    const r = await link<ErrorBody>(city.url, TOWNSHIP_A, 'hello', KEY_A, now(), { profile: bad, software: 'test' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_INPUT');
    expect(r.body.error.field).toBe('profile.config.windows[0].categories[0]');
    const other = await link<ErrorBody>(city.url, TOWNSHIP_A, 'hello', KEY_A, now(), { profile: { ...profile, config: { ...profile.config, id: TOWNSHIP_B } }, software: 'test' });
    expect(other.status).toBe(400);
    expect(other.body.error.field).toBe('profile.config.id');
  });

  it('stores batches in order, once: a resent batch changes nothing, a gap names the seq expected', async () => {
    const first = await link<{ lastSeq: number; catalogueVersion: number }>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), { fromSeq: 1, events: events.slice(0, 5) });
    expect(first).toMatchObject({ status: 200, signed: true, body: { lastSeq: 5, catalogueVersion: 1 } });
    const again = await link<{ lastSeq: number }>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), { fromSeq: 1, events: events.slice(0, 5) });
    expect(again.body.lastSeq).toBe(5);
    const gap = await link<ErrorBody>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), { fromSeq: 8, events: events.slice(7, 9) });
    expect(gap.status).toBe(409);
    expect(gap.signed).toBe(true);
    expect(gap.body.error).toMatchObject({ code: 'GAP', expected: 6 });
    // Overlapping what is stored: the rest is appended.
    const rest = await link<{ lastSeq: number }>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), { fromSeq: 4, events: events.slice(3) });
    expect(rest.body.lastSeq).toBe(events.length);

    const mirrored = city.db.prepare(`SELECT COUNT(*) FROM event_log e JOIN hall_numbers h ON h.no = e.hall WHERE h.id = ?`).pluck().get(TOWNSHIP_A);
    expect(mirrored).toBe(events.length);
  });

  it('refuses an event that is not a HallEvent, naming its seq and field, and stores nothing of the batch', async () => {
    await a.run({ type: 'CallNext', windowId: 2 });
    const more = await a.wire(events.length);
    const wrong = structuredClone(more);
    (wrong[0]!.event as Record<string, unknown>).windowId = 'two';
    const r = await link<ErrorBody>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), { fromSeq: wrong[0]!.seq, events: wrong });
    expect(r.status).toBe(400);
    expect(r.signed).toBe(true);
    expect(r.body.error).toMatchObject({ code: 'INVALID_INPUT', seq: wrong[0]!.seq, field: 'event.windowId' });
    expect(r.body.error.messageEn).toMatch(new RegExp(`^Event seq ${wrong[0]!.seq}: event\\.windowId: `));

    const unknownType = structuredClone(more);
    unknownType[0]!.event = { type: 'TicketTeleported', at: 1 };
    const u = await link<ErrorBody>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), { fromSeq: more[0]!.seq, events: unknownType });
    expect(u.body.error).toMatchObject({ code: 'INVALID_INPUT', seq: more[0]!.seq, field: 'event.type' });

    const outOfOrder = await link<ErrorBody>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), { fromSeq: more[0]!.seq, events: [...more, ...more] });
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.body.error.field).toBe(`events[${more.length}].seq`);

    const ok = await link<{ lastSeq: number }>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), { fromSeq: more[0]!.seq, events: more });
    expect(ok.body.lastSeq).toBe(more.at(-1)!.seq);
    events = await a.wire();
  });

  it('refuses a bad signature, another hall’s key, a replayed nonce and a stale clock, each signed', async () => {
    const body = { fromSeq: 1, events: events.slice(0, 2) };
    const wrong = await link<ErrorBody>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), body, { signWith: KEY_B });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('BAD_SIGNATURE');
    expect(wrong.signed).toBe(true);

    // The body altered after signing.
    const nonce = randomBytes(16).toString('hex');
    const text = JSON.stringify(body);
    const at = now();
    const path = `/api/halls/${TOWNSHIP_A}/uplink/events`;
    const res = await fetch(`${city.url}${path}`, {
      method: 'POST',
      headers: { [LINK_HEADERS.hall]: TOWNSHIP_A, [LINK_HEADERS.at]: String(at), [LINK_HEADERS.nonce]: nonce, [LINK_HEADERS.signature]: requestSignature(KEY_A, 'POST', path, at, nonce, text) },
      body: text.replace('"fromSeq":1', '"fromSeq":2'),
    });
    const answer = await res.text();
    expect(res.status).toBe(401);
    expect(res.headers.get(LINK_HEADERS.signature)).toBe(answerSignature(KEY_A, nonce, 401, answer));

    const missing = await link<ErrorBody>(city.url, TOWNSHIP_A, 'status', KEY_A, now(), {}, { nonce: 'not-hex' });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('BAD_SIGNATURE');

    const replayNonce = randomBytes(16).toString('hex');
    const once = await link(city.url, TOWNSHIP_A, 'events', KEY_A, now(), body, { nonce: replayNonce });
    expect(once.status).toBe(200);
    const twice = await link<ErrorBody>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), body, { nonce: replayNonce });
    expect(twice.status).toBe(401);
    expect(twice.body.error.code).toBe('REPLAYED');
    expect(twice.signed).toBe(true);

    const stale = await link<ErrorBody>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), body, { at: now() - 6 * 60_000 });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('CLOCK_SKEW');
    const ahead = await link<ErrorBody>(city.url, TOWNSHIP_A, 'events', KEY_A, now(), body, { at: now() + 6 * 60_000 });
    expect(ahead.body.error.code).toBe('CLOCK_SKEW');
  });

  it('refuses a body over the limit before reading it, with 413 TOO_LARGE', async () => {
    const nonce = randomBytes(16).toString('hex');
    const path = `/api/halls/${TOWNSHIP_A}/uplink/events`;
    const { status, body, signature } = await new Promise<{ status: number; body: string; signature: string | undefined }>((resolve, reject) => {
      const req = request(`${city.url}${path}`, {
        method: 'POST',
        headers: {
          'content-length': String(LINK_MAX_BODY_BYTES + 1),
          [LINK_HEADERS.hall]: TOWNSHIP_A,
          [LINK_HEADERS.at]: String(now()),
          [LINK_HEADERS.nonce]: nonce,
          [LINK_HEADERS.signature]: 'a'.repeat(64),
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text, signature: res.headers[LINK_HEADERS.signature] as string | undefined });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.write('{"fromSeq":1,');
    });
    expect(status).toBe(413);
    expect((JSON.parse(body) as ErrorBody).error.code).toBe('TOO_LARGE');
    expect(signature).toBe(answerSignature(KEY_A, nonce, 413, body));
  });

  it('keeps the status (backlog, alerts, catalogue) and answers what it has', async () => {
    const status: StatusBody = {
      at: now(),
      lastSeq: events.length + 4,
      backlog: 4,
      alerts: [
        {
          id: 7, key: 'wait:x', kind: 'wait', level: 'red', subject: 'A004', message: '等候超时', messageEn: 'Waiting too long', since: now() - 70 * 60_000,
          raisedAt: now(), escalatedAt: null, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, ackNote: null,
        },
      ],
      catalogue: { version: 1, refused: null },
    };
    const r = await link<{ lastSeq: number; catalogueVersion: number }>(city.url, TOWNSHIP_A, 'status', KEY_A, now(), status);
    expect(r).toMatchObject({ status: 200, signed: true, body: { lastSeq: events.length, catalogueVersion: 1 } });
    const row = city.db.prepare(`SELECT status, last_contact FROM city_members WHERE hall_id = ?`).get(TOWNSHIP_A) as { status: string; last_contact: number };
    expect(JSON.parse(row.status)).toMatchObject({ backlog: 4, alerts: [{ subject: 'A004', level: 'red' }], catalogue: { version: 1 } });
    expect(row.last_contact).toBe(now());

    const bad = await link<ErrorBody>(city.url, TOWNSHIP_A, 'status', KEY_A, now(), { ...status, alerts: [{ kind: 'wait' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toMatch(/^alerts\[0\]\./);
  });

  it('hands out the newest catalogue', async () => {
    const r = await link<PublishedCatalogue>(city.url, TOWNSHIP_A, 'catalogue', KEY_A, now());
    expect(r.status).toBe(200);
    expect(r.signed).toBe(true);
    expect(r.body).toMatchObject({ version: 1, publishedBy: 'city-config', catalogue: { closedDates: ['2026-10-01'] } });
    expect(r.body.catalogue.categories).toHaveLength(5);
  });

  it('a mirror folds the hall’s own state; a restarted city keeps its last seq, profile and state', async () => {
    const mirror = () => city.city!.health() as { mirrors: number };
    expect(mirror().mirrors).toBe(1);
    const tickets = withoutTokens(a.service.state.tickets.values());
    const windows = [...a.service.state.windows.values()];
    await city.close();

    city = await startCity(tmp.dir, clock);
    expect(mirror().mirrors).toBe(1);
    // Before any hello: the mirror is back from the stored profile, with every event stored before.
    const hello = await link<HelloAnswer>(city.url, TOWNSHIP_A, 'hello', KEY_A, now(), { profile: a.profile(), software: 'test/1' });
    expect(hello.body.lastSeq).toBe(events.length);

    const stored = city.db.prepare(`SELECT COUNT(*) FROM tickets WHERE hall_id = ?`).pluck().get(TOWNSHIP_A) as number;
    expect(stored).toBe(tickets.length);
    expect(windows.filter((w) => w.status === 'open')).toHaveLength(1);
    await a.run({ type: 'FinishService', windowId: 2, matterId: 'A02' });
    expect(await upload(city.url, a, KEY_A, now(), events.length)).toBe((await a.wire()).length);
  });

  it('takes the other township with its key from the environment', async () => {
    const b = await township(TOWNSHIP_B, join(tmp.dir, 'township-b.sqlite'), clock);
    try {
      await morning(b, clock, 2, 1);
      const hello = await link<HelloAnswer>(city.url, TOWNSHIP_B, 'hello', KEY_B, now(), { profile: b.profile(), software: 'test' });
      expect(hello.body.lastSeq).toBe(0);
      expect(await upload(city.url, b, KEY_B, now())).toBe((await b.wire()).length);
      // Township A's key does not open township B.
      const wrong = await link<ErrorBody>(city.url, TOWNSHIP_B, 'status', KEY_A, now(), {});
      expect(wrong.status).toBe(401);
    } finally {
      b.close();
    }
  });
});

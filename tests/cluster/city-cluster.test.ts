import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerSignature, requestSignature } from '../../src-main/app/link-signature';
import type { StoredEvent } from '../../src-main/app/ports';
import type { CityFloorView, CityOverview } from '../../src-main/contracts';
import { LINK_HEADERS } from '../../src-main/contracts';
import { openPgDatabase } from '../../src-main/storage/postgres/pg-database';
import { PgEventLogReader } from '../../src-main/storage/postgres/pg-event-log-reader';
import { EventLogReader } from '../../src-main/storage/sqlite/event-log-reader';
import type { FreshPgDatabase } from '../support/pg';
import { freshPgDatabase, pgAvailable } from '../support/pg';
import { io } from 'socket.io-client';
import { closeClusterSockets, leaseOf, sql, TestCluster, waitForOwner } from './support/cluster';
import {
  aroundToday,
  canonical,
  CITY_HALL,
  CityFiles,
  cityLogin,
  cityStatistics,
  closeCitySockets,
  hallActivity,
  hallLogin,
  hallSeq,
  hallStatistics,
  waitFor,
} from './support/city-cluster';

// A city platform scaled out: three hall servers on one PostgreSQL database with the same --city file, two
// township halls (SQLite, their own servers) linked through different servers of the cluster. Each linked
// hall's mirror is leased like a hall; kill -9 of the server holding a township's mirror while the township
// uploads moves the mirror, the township's uploads are relayed to the new owner, and the city's copy ends
// equal to the township's log. A city page on another server sees both townships.

const A = 'township-a';
const B = 'township-b';
const PG = await pgAvailable();

type Logged = Pick<StoredEvent, 'seq' | 'at' | 'actor' | 'event'>;

function townshipLog(file: string, hallId: string): Logged[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const reader = new EventLogReader(db);
    const out: Logged[] = [];
    for (let after = 0; ; ) {
      const page = reader.read(hallId, after, 5000);
      if (page.length === 0) return out;
      for (const e of page) out.push({ seq: e.seq, at: e.at, actor: e.actor, event: e.event });
      after = page.at(-1)!.seq;
    }
  } finally {
    db.close();
  }
}

async function cityLog(url: string, hallId: string): Promise<Logged[]> {
  const db = await openPgDatabase(url);
  try {
    const reader = new PgEventLogReader(db);
    const out: Logged[] = [];
    for (let after = 0; ; ) {
      const page = await reader.read(hallId, after, 5000);
      if (page.length === 0) return out;
      for (const e of page) out.push({ seq: e.seq, at: e.at, actor: e.actor, event: e.event });
      after = page.at(-1)!.seq;
    }
  } finally {
    await db.close();
  }
}

async function cityShape(url: string, hallId: string): Promise<{ rows: number; min: number; max: number }> {
  const [r] = await sql<{ rows: string; min: string | null; max: string | null }>(url, `SELECT COUNT(*) AS rows, MIN(seq) AS min, MAX(seq) AS max FROM event_log WHERE hall_id = $1`, [hallId]);
  return { rows: Number(r!.rows), min: Number(r!.min ?? 0), max: Number(r!.max ?? 0) };
}

describe.skipIf(!PG)('a city platform on three servers sharing PostgreSQL', () => {
  let db: FreshPgDatabase;
  let files: CityFiles;
  let cluster: TestCluster;

  beforeAll(async () => {
    db = await freshPgDatabase();
    files = new CityFiles([A, B]);
    cluster = await new TestCluster({ database: db.url, size: 3, halls: [CITY_HALL], args: ['--city', files.cityFile] }).start();
  }, 120_000);

  afterAll(async () => {
    closeCitySockets();
    closeClusterSockets();
    await files?.stop();
    await cluster?.stop();
    await db?.drop();
  });

  const output = () => [...cluster.nodes.map((n, i) => `--- node${i}\n${n?.proc.output().slice(-3000) ?? '(killed)'}`), ...[...files.townships.values()].map((t) => `--- ${t.id}\n${t.proc?.output().slice(-3000) ?? ''}`)].join('\n');

  /** The city's copy of the township's log in PostgreSQL reaches the township's newest seq. */
  const caughtUp = (id: string, timeoutMs = 60_000) =>
    waitFor(
      `the city to hold all of ${id}'s events`,
      async (note) => {
        const seq = await hallSeq(files.url(id), id);
        const shape = await cityShape(db.url, id);
        note({ township: seq, city: shape });
        return shape.max === seq && seq > 0 ? seq : undefined;
      },
      timeoutMs,
      250,
    );

  it('leases each linked hall, relays its uploads through any server, survives kill -9 of the mirror’s server, and shows every hall everywhere', async () => {
    try {
      // Every server published the city file's catalogue at the same time: version 1 exists once.
      expect(await sql(db.url, `SELECT version FROM city_catalogues`)).toEqual([{ version: 1 }]);

      // The two townships' mirrors are leased like the city's own hall.
      // Three halls on three servers: a server that took two at start gives one back to a server with none,
      // so the test waits for one each (stable from then on) before it picks the server to kill.
      const leases = await waitFor(
        'the three halls spread over the three servers',
        async (note) => {
          const all = await Promise.all([A, B, CITY_HALL].map((h) => leaseOf(db.url, h)));
          note(all);
          const owners = all.map((l) => (l?.live ? l.owner : null));
          return owners.every((o) => o !== null) && new Set(owners).size === 3 ? all : undefined;
        },
        30_000,
        100,
      );
      const leaseA = leases[0]!;
      const k = cluster.indexOf(leaseA.owner!);
      const [f, g] = [0, 1, 2].filter((i) => i !== k) as [number, number];
      // Township A uploads through F, township B through G: neither is where A's mirror runs.
      await files.startTownship(A, cluster.node(f).url);
      await files.startTownship(B, cluster.node(g).url);

      await Promise.all([hallActivity(files.url(A), A, 10), hallActivity(files.url(B), B, 10)]);
      await caughtUp(A);
      await caughtUp(B);

      // A signed link request sent to a server that does not hold the mirror is relayed to the one that
      // does: the answer comes back byte for byte, signed with the hall's key over this request's nonce.
      const owner = (await leaseOf(db.url, A))!.owner!;
      const notOwner = cluster.nodes.find((x) => x && x.id !== owner)!;
      const path = `/api/halls/${A}/uplink/catalogue`;
      const signedHeaders = () => {
        const nonce = randomBytes(16).toString('hex');
        const at = Date.now();
        return {
          [LINK_HEADERS.hall]: A,
          [LINK_HEADERS.at]: String(at),
          [LINK_HEADERS.nonce]: nonce,
          [LINK_HEADERS.signature]: requestSignature(files.key(A), 'GET', path, at, nonce, ''),
        };
      };
      const signedGet = async (base: string, headers = signedHeaders()) => {
        const res = await fetch(`${base}${path}`, { headers });
        const body = Buffer.from(await res.arrayBuffer());
        return { status: res.status, body, nonce: headers[LINK_HEADERS.nonce], signature: res.headers.get(LINK_HEADERS.signature), length: res.headers.get('content-length') };
      };
      const relayed = await signedGet(notOwner.url);
      const direct = await signedGet(cluster.node(cluster.indexOf(owner)).url);
      expect(relayed.status).toBe(200);
      expect(relayed.signature).toBe(answerSignature(files.key(A), relayed.nonce, 200, relayed.body));
      expect(relayed.body.equals(direct.body)).toBe(true);
      expect(relayed.length).toBe(String(relayed.body.length));

      // A request the mirror's server answered just before it died (captured on the way, say)…
      const captured = signedHeaders();
      expect((await signedGet(cluster.node(k).url, captured)).status).toBe(200);

      // kill -9 of the server running A's mirror while A is busy and uploading.
      const before = await leaseOf(db.url, A);
      expect(before!.owner).toBe(leaseA.owner);
      const busy = hallActivity(files.url(A), A, 60);
      const cityBefore = (await cityShape(db.url, A)).max;
      await waitFor('A to upload more', async () => ((await cityShape(db.url, A)).max > cityBefore + 10 ? true : undefined), 30_000, 50);
      await cluster.kill(k);
      const atKill = (await cityShape(db.url, A)).max;
      const issued = await busy;
      expect(issued).toBe(180);
      const after = await waitForOwner(db.url, A, (l) => l.fence > before!.fence);
      expect(after.owner).not.toBe(leaseA.owner);
      // …is not accepted again by the mirror's next server: the nonces are shared.
      const replayed = await signedGet(cluster.node(f).url, captured);
      expect(replayed.status).toBe(401);
      expect(JSON.parse(replayed.body.toString()).error.code).toBe('REPLAYED');
      expect(replayed.signature).toBe(answerSignature(files.key(A), replayed.nonce, 401, replayed.body));

      // The township's uploads went on (through F, relayed to the new owner): the city has its whole log.
      const seqA = await caughtUp(A, 90_000);
      const seqB = await caughtUp(B);
      // Part of what the township did during and after the kill reached the city through the new owner.
      expect(seqA).toBeGreaterThan(atKill);
      const shape = await cityShape(db.url, A);
      expect(shape).toEqual({ rows: seqA, min: 1, max: seqA });
      const hallLog = townshipLog(files.township(A).dataFile, A);
      const copy = await cityLog(db.url, A);
      expect(copy.length).toBe(hallLog.length);
      for (let i = 0; i < hallLog.length; i++) {
        if (canonical(copy[i]) !== canonical(hallLog[i])) expect({ seq: i + 1, city: copy[i] }).toEqual({ seq: i + 1, city: hallLog[i] });
      }

      // The city's statistics, asked of either surviving server, equal each township's own.
      const { from, to } = aroundToday();
      // A city session made on one server is good on the others (accounts and sessions are shared).
      const token = await cityLogin(cluster.node(f).url);
      for (const node of [f, g]) {
        const url = cluster.node(node).url;
        for (const [id, seq] of [
          [A, seqA],
          [B, seqB],
        ] as const) {
          const own = await waitFor(`${id}'s own statistics`, async () => {
            const r = await hallStatistics(files.url(id), id, await hallLogin(files.url(id), id, 'admin', 'demo-admin'), from, to);
            return r.upToSeq === seq && r.complete ? r : undefined;
          });
          const city = await waitFor(`the city's statistics of ${id} at node${node}`, async (note) => {
            const r = await cityStatistics(url, token, from, to);
            note({ upToSeq: r.upToSeq, complete: r.complete });
            return r.upToSeq[id] === seq ? r : undefined;
          });
          expect(city.byHall[id]).toEqual(own.total);
          expect(own.total.issued).toBeGreaterThan(0);
        }
      }

      // A catalogue published on one server is what every server answers within a second or so (the
      // township's catalogue request goes to whichever server holds its mirror).
      const published = await fetch(`${cluster.node(g).url}/api/city/catalogue`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: readFileSync(join(files.tmp.dir, 'catalogue.json')),
      });
      expect(published.status).toBe(200);
      expect(((await published.json()) as { data: { version: number } }).data.version).toBe(2);
      for (const node of [f, g]) {
        await waitFor(`catalogue version 2 at node${node}`, async () => {
          const r = await signedGet(cluster.node(node).url);
          return r.status === 200 && (JSON.parse(r.body.toString()) as { version: number }).version === 2 ? true : undefined;
        }, 10_000);
      }

      // Each server published the halls it runs; a city page on either surviving server (each runs only
      // some of the three halls) sees every township as it is.
      const views = await sql<{ hall_id: string; owner: string }>(db.url, `SELECT hall_id, owner FROM city_hall_views ORDER BY hall_id`);
      expect(views.map((v) => v.hall_id)).toEqual([CITY_HALL, A, B].sort());
      for (const node of [f, g]) {
        const pageUrl = cluster.node(node).url;
        const token = await cityLogin(pageUrl);
        const page = io(`${pageUrl}/city`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: pageUrl } });
        try {
          let latest: CityOverview | null = null;
          page.on('city:overview', (o: CityOverview) => (latest = o));
          await new Promise<void>((resolve, reject) => {
            page.once('connect', () => resolve());
            page.once('connect_error', reject);
          });
          const seen = await waitFor(
            `both townships in the overview pushed to a page on node${node}`,
            async (note) => {
              const o = latest as CityOverview | null;
              const a = o?.halls.find((h) => h.id === A);
              const b = o?.halls.find((h) => h.id === B);
              note({ a, b });
              note({ catalogueVersion: o?.catalogueVersion });
              // Each server reads the newest catalogue version once a second: the page's overview follows it.
              return a?.lastSeq === seqA && b?.lastSeq === seqB && a.link === 'online' && b.link === 'online' && o!.catalogueVersion === 2 ? o! : undefined;
            },
            30_000,
          );
          expect(seen.halls.map((h) => h.id).sort()).toEqual([A, B, CITY_HALL].sort());
          for (const id of [A, B]) {
            const h = seen.halls.find((x) => x.id === id)!;
            expect(h.issuedToday, id).toBeGreaterThan(0);
            expect(h.backlog, id).toBe(0);
            expect(h.windows, id).toBe(12);
          }
          expect(seen.catalogueVersion).toBe(2);
          expect(seen.halls.find((h) => h.id === CITY_HALL)!.link).toBe('local');
          expect(seen.halls.find((h) => h.id === CITY_HALL)!.windows).toBe(12);
        } finally {
          page.disconnect();
        }
      }
      {

        // Drill-down into a township another server runs: its floor comes from that server.
        const ownerNow = (await leaseOf(db.url, A))!.owner!;
        const watchOn = cluster.nodes.find((x) => x && x.id !== ownerNow)!;
        const watchToken = await cityLogin(watchOn.url);
        const watcher = io(`${watchOn.url}/city`, { auth: { token: watchToken }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: watchOn.url } });
        try {
          await new Promise<void>((resolve, reject) => {
            watcher.once('connect', () => resolve());
            watcher.once('connect_error', reject);
          });
          const pushed = new Promise<CityFloorView>((resolve) => watcher.once('city:floor', resolve));
          const ack = (await watcher.timeout(10_000).emitWithAck('city:watch', { hallId: A })) as { ok: boolean; data?: CityFloorView; error?: unknown };
          expect(ack.ok, JSON.stringify(ack.error)).toBe(true);
          expect(ack.data!.hallId).toBe(A);
          expect(ack.data!.snapshot.seq).toBe(seqA);
          // And again about once a second while watched.
          expect((await pushed).hallId).toBe(A);
        } finally {
          watcher.disconnect();
        }
      }
    } catch (err) {
      console.error(output());
      throw err;
    }
  }, 240_000);
});

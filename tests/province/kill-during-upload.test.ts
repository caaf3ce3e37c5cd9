import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ProvinceUploadView } from '../../src-main/contracts/province';
import { writeKeyFile } from '../../src-main/hall/id-hash-key';
import { SqliteHallStore } from '../../src-main/storage/sqlite';
import { closeClients, runHallHour, type HourPlan } from '../city/support/hall-day';
import { DEMO_CONFIG_FILE, TEST_ID_HASH_KEY, tempDir } from '../support/hall-fixture';
import type { ServerProcess } from '../support/server-process';
import { startServerProcess } from '../support/server-process';
import { ProvinceReceiver } from './support/province-receiver';

// kill -9 of the hall server in the middle of the provincial upload. The real server runs as a child
// process (node --import tsx src-main/hall/main.ts --province …) on its own SQLite file; the window
// screens rate services through its sockets while a slow platform takes small batches. The server is
// killed while a batch is on the way, started again on the same file, and rates more. In the end the
// platform holds every rating of the hall's log exactly once by id, in log order of first arrival, and
// nothing it had acknowledged before the kill is missing.

const HALL = 'province-town';
const BATCH = 5;
/** The platform answers each push after this long: the upload lags behind the ratings. */
const SLOW_MS = 250;

const PLAN: HourPlan = {
  tickets: 90,
  categories: ['A', 'C', 'E', 'C', 'D', 'B'],
  windows: [
    { windowId: 1, staff: 'staff01' },
    { windowId: 4, staff: 'staff04' },
    { windowId: 6, staff: 'staff06' },
    { windowId: 8, staff: 'staff08' },
    { windowId: 9, staff: 'staff09' },
    { windowId: 11, staff: 'staff11' },
  ],
  wave: 30,
  waveEveryMs: 20,
  noShowEvery: 9,
  rateEvery: 1,
};
const AFTER_RESTART: HourPlan = { ...PLAN, tickets: 20, wave: 10 };

interface Health {
  halls: Array<{ id: string; seq: number }>;
  province?: Record<string, ProvinceUploadView>;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let error: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      error = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${error ? `: ${String(error)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Rating record ids in the hall's log order (the platform's ids: <hall>:<ticket>). */
function ratingsInLog(dataFile: string): string[] {
  const db = new Database(dataFile, { readonly: true });
  try {
    return new SqliteHallStore(db)
      .readEvents(HALL, 0, 1_000_000)
      .flatMap((e) => (e.event.type === 'ServiceRated' ? [`${HALL}:${e.event.ticketId}`] : []));
  } finally {
    db.close();
  }
}

describe('kill -9 of the hall server during the provincial upload', () => {
  const tmp = tempDir('province-kill-');
  const key = randomBytes(30).toString('base64url');
  const receiver = new ProvinceReceiver(key);
  const dataFile = join(tmp.dir, `${HALL}.sqlite`);
  const configFile = join(tmp.dir, `${HALL}.json`);
  const provinceFile = join(tmp.dir, 'province.json');
  let proc: ServerProcess | null = null;

  const start = async () => (proc = await startServerProcess(['--data', dataFile, '--config', configFile, '--province', provinceFile]));
  const health = async (): Promise<Health> => (await (await fetch(`${proc!.url}/health`)).json()) as Health;

  beforeAll(async () => {
    await receiver.start();
    receiver.delayMs = SLOW_MS;
    const idKey = join(tmp.dir, 'id-hash.key');
    writeKeyFile(idKey, TEST_ID_HASH_KEY);
    const config = parse(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
    config.id = HALL;
    config.secrets = { idHashKeyFile: idKey };
    writeFileSync(configFile, JSON.stringify(config, null, 1));
    const keyFile = join(tmp.dir, 'province.key');
    writeFileSync(keyFile, key, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    writeFileSync(provinceFile, JSON.stringify({ url: receiver.url, keyFile: 'province.key', regionCode: '330106', organisationCode: '11330106MB1234567X', batchSize: BATCH }, null, 1));
  }, 30_000);

  afterAll(async () => {
    closeClients();
    if (proc) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    await receiver.close();
    tmp.cleanup();
  });

  it('every rating reaches the platform exactly once by id; nothing acknowledged before the kill is missing', async () => {
    try {
      await start();
      const hour = await runHallHour(proc!.url, HALL, PLAN);
      expect(hour.rated).toBeGreaterThan(40);

      // Some batches are through, the next is on its way: kill -9.
      await waitFor('an upload under way', () => (receiver.batches.length >= 3 && receiver.requests > receiver.batches.length ? true : undefined), 60_000, 5);
      const ackedBeforeKill = new Set(receiver.ids());
      closeClients();
      proc!.child.kill('SIGKILL');
      await proc!.exited;
      proc = null;
      // The batch in flight may still be kept by the platform (its answer goes nowhere).
      await new Promise((r) => setTimeout(r, SLOW_MS * 2));
      const ratedBeforeKill = ratingsInLog(dataFile);
      expect(receiver.records.size).toBeLessThan(ratedBeforeKill.length);

      // Started again on the same file: the upload resumes from province_uploads and the hall works on.
      await start();
      await runHallHour(proc!.url, HALL, AFTER_RESTART);
      const done = await waitFor(
        'the upload caught up',
        async () => {
          const h = await health();
          const seq = h.halls.find((x) => x.id === HALL)!.seq;
          const p = h.province?.[HALL];
          return p && p.ackedSeq === seq && p.backlog === 0 ? p : undefined;
        },
        90_000,
        200,
      );
      closeClients();
      const expected = ratingsInLog(dataFile);
      expect(expected.length).toBeGreaterThan(ratedBeforeKill.length);

      // Exactly once by id: every rating of the log, nothing else; in log order of first arrival.
      expect(receiver.badSignatures).toBe(0);
      expect(receiver.ids('rating')).toEqual(expected);
      expect(receiver.records.size).toBe(expected.length);
      for (const id of ackedBeforeKill) expect(receiver.records.has(id), id).toBe(true);
      // Only what was in flight at the kill (or not yet stored as acknowledged) came again.
      const again = [...receiver.records.values()].filter((r) => r.times > 1);
      console.log(`[province kill] ${expected.length} ratings, ${ackedBeforeKill.size} kept before the kill, ${receiver.received} received, ${again.length} sent twice`);
      // The batch in flight at the kill was kept by the platform but never acknowledged: it came again.
      expect(again.length).toBeGreaterThan(0);
      expect(again.length).toBeLessThanOrEqual(2 * BATCH);
      expect(again.every((r) => r.times === 2)).toBe(true);
      // The server's own count: records acknowledged since its position was first stored.
      expect(done.delivered).toBeGreaterThanOrEqual(expected.length);
      expect(done.delivered).toBeLessThanOrEqual(expected.length + again.length);
      expect(done).toMatchObject({ running: true, connected: true, lastError: null });
    } catch (err) {
      console.error(proc?.output().slice(-4000));
      throw err;
    }
  }, 180_000);
});

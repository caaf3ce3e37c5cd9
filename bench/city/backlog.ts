import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HallService } from '../../src-main/app/hall-service';
import { hashPassword } from '../../src-main/app/passwords';
import type { Clock } from '../../src-main/app/ports';
import { LINK_BATCH_EVENTS } from '../../src-main/contracts';
import { hallConfigSchema } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { HttpTransport, LinkClient } from '../../src-main/edge/link-client';
import { wireEvent } from '../../src-main/edge/profile';
import { writeKeyFile } from '../../src-main/hall/id-hash-key';
import { rebuildReadModels } from '../../src-main/hall/read-side/rebuild';
import { EventLogReader } from '../../src-main/storage/sqlite/event-log-reader';
import { readModelFile } from '../../src-main/storage/sqlite/read-model/read-database';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { simulateHistory } from '../../scripts/hall-history/simulate-history';
import { TcpProxy } from '../../tests/city/support/tcp-proxy';
import { benchHallConfig } from '../bench-config';
import { fmt } from '../stats';
import { cityHallConfig, login, startServer, stopChild, writeCityConfig } from './city-files';

// (f)(i) A township hall's day offline, then the link comes back: how fast the city takes the backlog.
//
// The hall's database is a full day of a busy hall, written through the real HallService by the history
// generator (scripts/hall-history), the day before today. The city and the hall are real hall server
// processes (--city, --uplink), linked through a TCP proxy; the clock starts when the hall's uplink first
// connects and stops when the city's event log holds the hall's last event (read from the city's SQLite
// file), then again when the city's statistics include it.
//
// The substrate, measured in the same run before and after: the same events read from the same file in
// batches of the same size, signed and sent by the edge's own LinkClient over HTTP to a bare receiver
// process (bench/city/raw-receiver.ts) that checks the signature, parses the batch and writes its rows
// durably in one transaction, then answers signed. That is the least any signed, ordered, durable upload
// must do; a no-op receiver would leave out the fsync per batch the city cannot skip, and bare inserts
// would leave out the transfer, so neither alone is the fair floor.

const HALL = 'bench-hall';

/** One catch-up: a fresh city, a fresh copy of the hall's day. */
export interface CatchUp {
  events: number;
  bytes: number;
  /** From first contact to every event in the city's log, and in its statistics. */
  storedSeconds: number;
  projectedSeconds: number;
  /** From first contact to the first events in the city's log (hello, the mirror opened, the first batch). */
  firstStoredSeconds: number;
  /** Warnings and errors the city and the hall logged (pino lines at level ≥ 40). */
  problems: string[];
}

export interface BacklogResult {
  generated: number;
  rawPerSecond: number[];
  runs: CatchUp[];
}

function shanghaiDay(t: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}

/** A day of a busy hall, yesterday, in `file` (and its statistics read model). Returns the events written. */
export async function makeDay(file: string, config: ReturnType<typeof hallConfigSchema.parse>, visitors: number): Promise<number> {
  const day = shanghaiDay(Date.now() - 86_400_000);
  const db = openDatabase(file);
  db.pragma('synchronous = OFF');
  const clock = { t: zonedEpoch(day, 8 * 60, config.timeZone), now: () => clock.t };
  const service = await HallService.open(config, new SqliteHallStore(db), clock);
  await simulateHistory(service, clock, { firstDay: day, days: 1, visitorsPerDay: visitors, closedWeekdays: [] });
  await service.drain();
  const events = service.seq;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  await rebuildReadModels(file);
  return events;
}

/** The substrate: the file's events, batch by batch, signed by LinkClient, to the bare receiver. Events per second. */
export async function rawRun(dir: string, n: number, file: string, key: string): Promise<number> {
  const receiver = await startServer(['bench/city/raw-receiver.ts', join(dir, `raw-${n}.sqlite`), key], /raw receiver at (\S+)/);
  const transport = new HttpTransport(receiver.url);
  const clock: Clock = { now: () => Date.now() };
  const client = new LinkClient(transport, HALL, key, clock);
  const db = new Database(file, { readonly: true });
  const reader = new EventLogReader(db);
  const signal = new AbortController().signal;
  try {
    const start = performance.now();
    let sent = 0;
    for (let after = 0; ; ) {
      const events = reader.read(HALL, after, LINK_BATCH_EVENTS).map(wireEvent);
      if (events.length === 0) break;
      const a = (await client.call('POST', `/api/halls/${HALL}/uplink/events`, { fromSeq: after + 1, events }, signal)).body as { lastSeq: number };
      if (a.lastSeq !== events.at(-1)!.seq) throw new Error(`raw receiver stored up to ${a.lastSeq}, sent up to ${events.at(-1)!.seq}`);
      after = a.lastSeq;
      sent += events.length;
    }
    return sent / ((performance.now() - start) / 1000);
  } finally {
    db.close();
    transport.close();
    await stopChild(receiver.child);
  }
}

export async function backlogCatchUp(dir: string, visitors: number, windows: number, rounds: number, log: (line: string) => void): Promise<BacklogResult> {
  const hash = await hashPassword('bench-password');
  const idKey = join(dir, 'id-hash.key');
  writeKeyFile(idKey, 'bench-only-id-hash-key-0123456789abcdef');
  const input = { ...benchHallConfig(windows, 1, hash), secrets: { idHashKeyFile: idKey } };
  const config = hallConfigSchema.parse(input);
  const dayDb = join(dir, 'day.sqlite');
  const made = performance.now();
  const generated = await makeDay(dayDb, config, visitors);
  log(`  made the township's day: ${generated} events (${visitors} visitors, ${windows} windows) in ${fmt((performance.now() - made) / 1000, 1)} s`);

  const key = randomBytes(30).toString('base64url');
  const keyFile = join(dir, `${HALL}.link.key`);
  writeFileSync(keyFile, key, { mode: 0o600 });
  const files = { keyFile, hallFile: join(dir, `${HALL}.json`), cityHall: cityHallConfig(dir, idKey), cityFile: writeCityConfig(dir, [{ id: HALL, keyFile }]) };
  writeFileSync(files.hallFile, JSON.stringify(input));

  // Interleaved rounds (this disk's fsync speed and the two cores' other work drift): substrate, city, …
  const result: BacklogResult = { generated, rawPerSecond: [], runs: [] };
  for (let round = 1; round <= rounds; round++) {
    result.rawPerSecond.push(await rawRun(dir, round, dayDb, key));
    const roundDir = join(dir, `round-${round}`);
    mkdirSync(roundDir);
    const hallDb = join(roundDir, 'township.sqlite');
    copyFileSync(dayDb, hallDb);
    copyFileSync(readModelFile(dayDb), readModelFile(hallDb));
    result.runs.push(await catchUp(roundDir, hallDb, files));
  }
  return result;
}

/** A fresh city and the hall on its copy of the day, linked through a proxy: how long until the city has it all. */
async function catchUp(dir: string, hallDb: string, files: { keyFile: string; hallFile: string; cityHall: string; cityFile: string }): Promise<CatchUp> {
  const cityLog = join(dir, 'city.sqlite');
  const city = await startServer(['src-main/hall/main.ts', '--port', '0', '--host', '127.0.0.1', '--data', cityLog, '--config', files.cityHall, '--city', files.cityFile], /Hall server ready at (http:\/\/\S+)/);
  const problems: string[] = [];
  const watch = (child: ChildProcess, who: string) =>
    child.stdout!.on('data', (c: Buffer) => {
      for (const line of c.toString().split('\n')) {
        if (!/^\{"level":[4-9]\d/.test(line)) continue;
        const l = JSON.parse(line) as { msg?: string; message?: string };
        problems.push(`${who}: ${l.msg ?? ''}${l.message ? ` (${l.message})` : ''}`);
      }
    });
  watch(city.child, 'city');
  const proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(city.url).port) });
  const uplinkFile = join(dir, 'uplink.json');
  writeFileSync(uplinkFile, JSON.stringify({ cityUrl: proxy.url, halls: [{ id: HALL, keyFile: files.keyFile }] }));
  let firstContact: number | null = null;
  proxy.onAccept = () => (firstContact ??= performance.now());
  let township: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    township = await startServer(['src-main/hall/main.ts', '--port', '0', '--host', '127.0.0.1', '--data', hallDb, '--config', files.hallFile, '--uplink', uplinkFile], /Hall server ready at (http:\/\/\S+)/);
    watch(township.child, 'hall');
    const health = (await (await fetch(`${township.url}/health`)).json()) as { halls: Array<{ id: string; seq: number }> };
    const seq = health.halls.find((h) => h.id === HALL)!.seq;
    const seen: Array<[number, number]> = [];
    const stored = await waitForSeq(cityLog, seq, 600_000, seen);
    const token = await login(city.url);
    const projected = await waitUntil(async () => {
      const r = (await (await fetch(`${city.url}/api/city/statistics?from=${shanghaiDay(Date.now() - 2 * 86_400_000)}&to=${shanghaiDay(Date.now())}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data?: { upToSeq: Record<string, number> }; upToSeq?: Record<string, number> };
      return (r.data ?? r).upToSeq?.[HALL] === seq;
    }, 600_000, 100);
    const t0 = firstContact ?? stored;
    return { events: seq, bytes: proxy.bytesUp, storedSeconds: (stored - t0) / 1000, projectedSeconds: (projected - t0) / 1000, firstStoredSeconds: ((seen[0]?.[0] ?? stored) - t0) / 1000, problems };
  } finally {
    if (township) await stopChild(township.child);
    await stopChild(city.child);
    await proxy.close();
  }
}

/** performance.now() when the city's log holds `seq` events of the hall (polled every 20 ms from its file). */
async function waitForSeq(file: string, seq: number, timeoutMs: number, seen: Array<[number, number]>): Promise<number> {
  let db: Database.Database | null = null;
  try {
    return await waitUntil(() => {
      try {
        db ??= new Database(file, { readonly: true, fileMustExist: true });
        const n = (db.prepare(`SELECT MAX(seq) FROM event_log WHERE hall = (SELECT no FROM hall_numbers WHERE id = ?)`).pluck().get(HALL) as number | null) ?? 0;
        if (n !== (seen.at(-1)?.[1] ?? 0)) seen.push([performance.now(), n]);
        return Promise.resolve(n >= seq);
      } catch {
        return Promise.resolve(false);
      }
    }, timeoutMs, 20);
  } finally {
    (db as Database.Database | null)?.close();
  }
}

async function waitUntil(ok: () => Promise<boolean>, timeoutMs: number, everyMs: number): Promise<number> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (await ok()) return performance.now();
    if (performance.now() > until) throw new Error(`not done within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

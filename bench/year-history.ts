import Database from 'better-sqlite3';
import { fork, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { hashPassword } from '../src-main/app/passwords';
import { STATISTICS_PROJECTION_VERSION } from '../src-main/app/statistics/statistics-projector';
import { rebuildReadModels } from '../src-main/hall/read-side/rebuild';
import { readModelFile } from '../src-main/storage/sqlite/read-model/read-database';
import { benchHallConfig } from './bench-config';
import { startChild } from './child';
import { summarize } from './stats';

// (c) A year of a Ningxiang-sized hall (231 windows, ~4,500 visitors a day, closed on Sundays): made once
// by scripts/hall-history/generate.ts through the real storage code and kept in bench/data (not in git).
// The bench runs the real server on a copy of it and asks what supervisors ask: the audit log, statistics
// for a day, a month and the year, a month's CSV and XLSX; then the calls' latency while all of that and a
// phone flooding booking:slots happen at once, against the same calls on the idle server.

const ROOT = join(import.meta.dirname, '..');
export const YEAR_FILE = join(ROOT, 'bench/data/year.sqlite');
const PLAN = { generator: 3, days: 365, visitors: 4500, windows: 231, first: '2025-12-01' };
const HALL = 'bench-hall';
/** Calls timed idle, and again under load: enough that p99 is not one unlucky call. */
const CALLS = 400;

export interface YearFiles {
  file: string;
  events: number;
  tickets: number;
  bytes: number;
  readBytes: number;
}

/** The year's database, made now if it is missing or was made by another version of the generator. */
export async function ensureYear(log: (line: string) => void): Promise<YearFiles> {
  const marker = `${YEAR_FILE}.json`;
  const known = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { plan: typeof PLAN; tickets: number; events: number }) : null;
  if (!known || JSON.stringify(known.plan) !== JSON.stringify(PLAN) || !existsSync(YEAR_FILE) || !existsSync(readModelFile(YEAR_FILE))) {
    log(`  making bench/data/year.sqlite (once; about half an hour): ${PLAN.days} days, ${PLAN.visitors} visitors a day, ${PLAN.windows} windows`);
    const args = ['--import', 'tsx', 'scripts/hall-history/generate.ts', '--out', YEAR_FILE, '--days', String(PLAN.days), '--visitors', String(PLAN.visitors), '--windows', String(PLAN.windows), '--first', PLAN.first];
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`generator failed (${code}): ${text.slice(-500)}`))));
    });
    const summary = JSON.parse(out.trim().split('\n').at(-1)!) as { tickets: number; events: number };
    writeFileSync(marker, JSON.stringify({ plan: PLAN, ...summary }));
  }
  // A read model made by an older projection is made again (a few minutes), as a hall would on upgrade.
  if (readModelVersion(readModelFile(YEAR_FILE)) !== STATISTICS_PROJECTION_VERSION) {
    log('  the year\'s statistics read model is of another version: rebuilding it');
    await rebuildReadModels(YEAR_FILE);
  }
  const m = JSON.parse(readFileSync(marker, 'utf8')) as { tickets: number; events: number };
  return { file: YEAR_FILE, events: m.events, tickets: m.tickets, bytes: statSync(YEAR_FILE).size, readBytes: statSync(readModelFile(YEAR_FILE)).size };
}

function readModelVersion(file: string): number | null {
  const db = new Database(file, { readonly: true });
  try {
    return Number(db.prepare(`SELECT value FROM meta WHERE key = 'version'`).pluck().get());
  } catch {
    return null;
  } finally {
    db.close();
  }
}

interface Health {
  memory: { rssMb: number };
  eventLoopDelayMs: { max: number };
  halls: Array<{ seq: number; projectedSeq: number }>;
}

/** Polls /health: the largest RSS and event-loop delay seen (each /health reports the delay since the last). */
class Watch {
  rssMax = 0;
  loopMax = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly url: string) {}

  async sample(): Promise<Health> {
    const h = (await (await fetch(`${this.url}/health`)).json()) as Health;
    this.rssMax = Math.max(this.rssMax, h.memory.rssMb);
    this.loopMax = Math.max(this.loopMax, h.eventLoopDelayMs.max);
    return h;
  }

  start(): void {
    this.timer = setInterval(() => void this.sample().catch(() => {}), 100);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sample();
  }
}

function open(url: string, auth: object): Promise<Socket> {
  const s = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

type Ack = { ok: boolean; data?: Record<string, unknown>; code?: string; messageEn?: string };

async function must(s: Socket, event: string, payload: unknown, timeout = 60_000): Promise<Record<string, unknown>> {
  const ack = (await s.timeout(timeout).emitWithAck(event, payload)) as Ack;
  if (!ack.ok) throw new Error(`${event} refused: ${ack.code} ${ack.messageEn}`);
  return ack.data!;
}

export interface QueryFigure {
  name: string;
  ms: number;
  target: number;
  /** The raw substrate: reading the period's events straight from SQLite, what the old design replayed. */
  scanMs: number | null;
  detail: string;
}

export interface YearResult {
  files: YearFiles;
  queries: QueryFigure[];
  rssStartMb: number;
  rssMaxMb: number;
  queryLoopMaxMs: number;
  calls: { idle: ReturnType<typeof summarize>; loaded: ReturnType<typeof summarize>; loopMaxMs: number; floodRefused: number; floodAnswered: number; floodCutOff: number; reports: number; exports: number };
}

/** Reads every event of [fromAt, toAt) from the log in a plain loop: the substrate the old replay stood on. */
function rawScan(file: string, fromAt: number, toAt: number): number {
  const db = new Database(file, { readonly: true });
  const t0 = performance.now();
  let bytes = 0;
  const rows = db.prepare(`SELECT seq, at, type, data FROM event_log WHERE hall = 1 AND at >= ? AND at < ?`).raw().iterate(fromAt, toAt) as Iterable<[number, number, string, string]>;
  for (const r of rows) bytes += r[3].length;
  const ms = performance.now() - t0;
  db.close();
  if (bytes === 0) throw new Error('the raw scan read nothing: wrong range?');
  return ms;
}

export async function yearBench(dir: string, files: YearFiles, log: (line: string) => void): Promise<YearResult> {
  // A copy, so that runs do not pile their own events onto the year.
  const file = join(dir, 'year.sqlite');
  copyFileSync(files.file, file);
  copyFileSync(readModelFile(files.file), readModelFile(file));
  const hash = await hashPassword('bench-password');
  const config = benchHallConfig(PLAN.windows, 2, hash);
  config.accounts = [...(config.accounts ?? []), { username: 'jiandu', displayName: '监察员', role: 'supervisor', passwordHash: hash }];
  const configFile = join(dir, 'year-hall.json');
  writeFileSync(configFile, JSON.stringify(config));
  const server = await startChild(['src-main/hall/main.ts', '--config', configFile, '--data', file, '--port', '0', '--host', '127.0.0.1'], /Hall server ready at (\S+)/);
  const sockets: Socket[] = [];
  try {
    const url = server.url;
    const watch = new Watch(url);
    const login = async (username: string) => {
      const res = await fetch(`${url}/api/halls/${HALL}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'bench-password' }) });
      return ((await res.json()) as { data: { token: string } }).data.token;
    };
    const token = await login('jiandu');
    const auth = { authorization: `Bearer ${token}` };
    const supervisor = await open(url, { hallId: HALL, token });
    sockets.push(supervisor);
    // Wait until the read model is where the log is (the server opened a new day at start).
    for (let h = await watch.sample(); h.halls[0]!.projectedSeq < h.halls[0]!.seq; h = await watch.sample()) await new Promise((r) => setTimeout(r, 100));
    const rssStartMb = (await watch.sample()).memory.rssMb;
    watch.rssMax = 0;
    watch.loopMax = 0;
    watch.start();

    const month = ['2026-06-01', '2026-06-30'] as const;
    const day = ['2026-06-17', '2026-06-17'] as const;
    const year = ['2025-12-01', '2026-11-30'] as const;
    const at = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
    const timed = async (fn: () => Promise<string>): Promise<{ ms: number; detail: string }> => {
      const times: number[] = [];
      let detail = '';
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        detail = await fn();
        times.push(performance.now() - t0);
      }
      return { ms: times.sort((a, b) => a - b)[1]!, detail };
    };
    const stats = (range: readonly [string, string], ext = '') => async () => {
      const res = await fetch(`${url}/api/halls/${HALL}/statistics${ext}?from=${range[0]}&to=${range[1]}`, { headers: auth });
      if (!res.ok) throw new Error(`statistics ${res.status}`);
      if (ext) return `${Math.round((await res.arrayBuffer()).byteLength / 1024)} KiB`;
      const body = (await res.json()) as { data: { total: { issued: number }; complete: boolean } };
      if (!body.data.complete) throw new Error('statistics not complete');
      return `${body.data.total.issued} tickets`;
    };
    const audit = (q: object) => async () => {
      const page = await must(supervisor, 'audit:list', q);
      return `${(page.entries as unknown[]).length} rows of ${String(page.total)}${page.totalCapped ? '+' : ''}`;
    };
    const queries: QueryFigure[] = [];
    const scans: Array<readonly [string, string] | null> = [];
    const add = async (name: string, target: number, fn: () => Promise<string>, scan: readonly [string, string] | null) => {
      const { ms, detail } = await timed(fn);
      queries.push({ name, ms, target, scanMs: null, detail });
      scans.push(scan);
    };
    await add('audit, newest page', 1000, audit({}), null);
    await add('audit, by ticket number A017', 1000, audit({ number: 'A017' }), year);
    await add('audit, a staff member', 1000, audit({ actor: 's42' }), year);
    await add('statistics, a day', 1000, stats(day), day);
    await add('statistics, a month', 1000, stats(month), month);
    await add('statistics, the year', 2000, stats(year), year);
    await add('CSV export, a month', 1000, stats(month, '.csv'), month);
    await add('XLSX export, a month', 1000, stats(month, '.xlsx'), month);
    await watch.stop();
    const rssMaxMb = watch.rssMax;
    const queryLoopMaxMs = watch.loopMax;
    // The substrate afterwards (it blocks this process for seconds; the server's idle connections would time out).
    queries.forEach((q, i) => {
      const scan = scans[i];
      q.scanMs = scan ? rawScan(file, at(scan[0]), at(scan[1]) + 86_400_000) : null;
      log(`  ${q.name.padEnd(34)} ${q.ms.toFixed(0).padStart(6)} ms ${q.detail.padStart(26)}${q.scanMs === null ? '' : `   raw scan of its events ${q.scanMs.toFixed(0).padStart(6)} ms, ratio ${(q.ms / q.scanMs).toFixed(3)}`}   target < ${q.target} ms ${q.ms < q.target ? 'PASS' : 'FAIL'}`);
    });

    const calls = await callsUnderLoad(url, auth, login, log);
    return { files, queries, rssStartMb, rssMaxMb, queryLoopMaxMs, calls };
  } finally {
    for (const s of sockets) s.disconnect();
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Call-next → hall display on the year's server: first idle, then while a supervisor runs the year's
 * report and a month's XLSX export over and over and one phone floods booking:slots without waiting.
 */
async function callsUnderLoad(url: string, auth: { authorization: string }, login: (u: string) => Promise<string>, log: (line: string) => void): Promise<YearResult['calls']> {
  const sockets: Socket[] = [];
  try {
    const kiosk = await open(url, { hallId: HALL, deviceId: 'kiosk-1', deviceKey: 'bench-kiosk-key' });
    const display = await open(url, { hallId: HALL, deviceId: 'screen-1', deviceKey: 'bench-screen-1' });
    sockets.push(kiosk, display);
    const windows = 10;
    const consoles: Socket[] = [];
    for (let w = 1; w <= windows; w++) {
      const s = await open(url, { hallId: HALL, token: await login(`s${w}`) });
      await must(s, 'window:open', { requestId: `year-open-${w}-${Date.now()}`, windowId: w });
      consoles.push(s);
    }
    sockets.push(...consoles);
    const categories = ['A', 'B', 'C', 'D', 'E'];
    let issued = 0;
    const issue = (n: number) => Promise.all(Array.from({ length: n }, () => must(kiosk, 'ticket:issue', { requestId: `year-issue-${++issued}-${Date.now()}`, categoryId: categories[issued % 5] })));
    await issue(2 * CALLS + 200);

    const run = async (calls: number): Promise<number[]> => {
      const samples: number[] = [];
      for (let i = 0; i < calls; i++) {
        const s = consoles[i % windows]!;
        const t0 = performance.now();
        const heard = new Promise<void>((resolve) => {
          const on = () => {
            display.off('ticket:called', on);
            resolve();
          };
          display.on('ticket:called', on);
        });
        const called = await must(s, 'queue:callNext', { requestId: `year-call-${i}-${Date.now()}` });
        await heard;
        samples.push(performance.now() - t0);
        const number = (called.ticket as { number: string }).number;
        await must(s, 'ticket:finish', { requestId: `year-finish-${i}-${Date.now()}`, matterId: `${number.charAt(0)}01` });
        await new Promise((r) => setTimeout(r, 40));
      }
      return samples;
    };
    const watch = new Watch(url);
    await watch.sample();
    watch.loopMax = 0;
    watch.start();
    const idle = await run(CALLS);

    // Now the same, while everything else happens (in another process, so the timing here stays honest).
    const farm = fork(join(ROOT, 'bench/load-farm.ts'), [url, HALL, auth.authorization.slice('Bearer '.length)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    // On this one small machine the load's clients stand for other machines: they run below the server.
    setPriority(farm.pid!, 10);
    await new Promise((resolve) => farm.once('message', resolve));
    await new Promise((r) => setTimeout(r, 1000));
    const loaded = await run(CALLS);
    const counts = await new Promise<{ reports: number; exports: number; answered: number; refused: number; cutOff: number }>((resolve) => {
      farm.once('message', (m) => resolve(m as never));
      farm.send('stop');
    });
    await watch.stop();
    const result = { idle: summarize(idle), loaded: summarize(loaded), loopMaxMs: watch.loopMax, floodRefused: counts.refused, floodAnswered: counts.answered, floodCutOff: counts.cutOff, reports: counts.reports, exports: counts.exports };
    log(`  call-next → hall display, idle:      p50 ${result.idle.p50.toFixed(1)} ms  p99 ${result.idle.p99.toFixed(1)} ms  (${result.idle.n} calls)`);
    log(`  the same under load:                p50 ${result.loaded.p50.toFixed(1)} ms  p99 ${result.loaded.p99.toFixed(1)} ms  (${counts.reports} year reports, ${counts.exports} month XLSX, a phone's booking:slots floods: ${counts.answered} answered, ${counts.refused} refused RATE_LIMITED, cut off ${counts.cutOff} times)`);
    return result;
  } finally {
    for (const s of sockets) s.disconnect();
  }
}

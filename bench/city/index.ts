import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, median } from '../stats';
import { backlogCatchUp } from './backlog';
import type { CityViewOptions } from './city-view';
import { cityView, cityViewLines } from './city-view';

/**
 * Section (f): township halls linked to a city. BENCH_CITY_ONLY=backlog,view picks parts;
 * BENCH_CITY_VISITORS (4500) and BENCH_CITY_WINDOWS (231) size the day offline, BENCH_CITY_ROUNDS (5) its rounds; BENCH_CITY_HALLS (300),
 * BENCH_CITY_PROBES (10), BENCH_CITY_SAMPLES (200), BENCH_CITY_PROBE_MS (250), BENCH_CITY_EVERY_MS (15000)
 * the live view; CHROMIUM_PATH the browser (/usr/bin/chromium). Returns true when a target is missed.
 */
export async function citySection(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  log('(f) township halls linked to a city');
  const parts = env.BENCH_CITY_ONLY?.split(',');
  const want = (p: string) => !parts || parts.includes(p);
  let failed = false;
  if (want('backlog')) failed = (await backlog(log, Number(env.BENCH_CITY_VISITORS ?? 4500), Number(env.BENCH_CITY_WINDOWS ?? 231), Number(env.BENCH_CITY_ROUNDS ?? 5))) || failed;
  if (want('view')) {
    const o: CityViewOptions = {
      halls: Number(env.BENCH_CITY_HALLS ?? 300),
      probes: Number(env.BENCH_CITY_PROBES ?? 10),
      samples: Number(env.BENCH_CITY_SAMPLES ?? 200),
      probeEveryMs: Number(env.BENCH_CITY_PROBE_MS ?? 250),
      everyMs: Number(env.BENCH_CITY_EVERY_MS ?? 15_000),
      chromium: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    };
    failed = (await view(log, o)) || failed;
  }
  return failed;
}

const check = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

async function backlog(log: (line: string) => void, visitors: number, windows: number, rounds: number): Promise<boolean> {
  log(`  (i) backlog catch-up after a day offline: a busy hall's day (the day before), then the link comes back; ${rounds} interleaved rounds, medians`);
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-f1-'));
  try {
    const r = await backlogCatchUp(dir, visitors, windows, rounds, log);
    const raw = median(r.rawPerSecond);
    const events = r.runs[0]!.events;
    const storedS = median(r.runs.map((x) => x.storedSeconds));
    const projectedS = median(r.runs.map((x) => x.projectedSeconds));
    const stored = events / storedS;
    const ratio = stored / raw;
    const s = (xs: number[], d = 2) => xs.map((x) => fmt(x, d)).join(' / ');
    log(`  substrate: the same events read from the hall's file, 1,000 a batch, signed by the edge's LinkClient, POSTed to a bare receiver that writes them durably: ${fmt(raw, 0)} events/s   (rounds: ${s(r.rawPerSecond, 0)})`);
    log(`  city catch-up, first contact → every event in the city's log: ${events} events in ${fmt(storedS)} s = ${fmt(stored, 0)} events/s   (rounds: ${s(r.runs.map((x) => x.storedSeconds))} s; first batch stored after ${s(r.runs.map((x) => x.firstStoredSeconds))} s; ${fmt(r.runs[0]!.bytes / 1e6, 1)} MB through the link)`);
    log(`  ratio city ÷ substrate ${fmt(ratio)}   target ≥ 0.25 ${check(ratio >= 0.25)}`);
    log(`  … and in the city's statistics: ${fmt(projectedS)} s (${fmt(events / projectedS, 0)} events/s; rounds ${s(r.runs.map((x) => x.projectedSeconds))} s)   target: a day's backlog in < 60 s ${check(projectedS < 60)}`);
    const problems = r.runs.flatMap((x) => x.problems);
    if (problems.length > 0) log(`  logged by the servers meanwhile (${problems.length}): ${[...new Set(problems)].slice(0, 3).join(' | ')}`);
    return !(ratio >= 0.25 && projectedS < 60);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function view(log: (line: string) => void, o: CityViewOptions): Promise<boolean> {
  log(`  (ii) the city view: ${o.halls} linked halls live (each a few events a minute: one every ${fmt(o.everyMs / 1000, 0)} s on average), the city page in Chromium; ${o.samples} probe events from ${o.probes} of the halls, one every ${o.probeEveryMs} ms`);
  if (!existsSync(o.chromium)) {
    log(`  skipped: no Chromium at ${o.chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
    return false;
  }
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-f2-'));
  try {
    const r = await cityView(dir, o, log);
    const { lines, failed } = cityViewLines(r, o);
    for (const l of lines) log(l);
    return failed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

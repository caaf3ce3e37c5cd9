import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareCallLatency, hallCallLatency } from './call-latency';
import { HallCycles, RawInserts } from './durable-throughput';
import { fmt, median, summarize } from './stats';
import { compareHalls } from './many-halls';
import { ensureYear, yearBench } from './year-history';
import { clusterSection } from './cluster';
import { citySection } from './city';

// npm run bench: each figure of ours is printed beside the raw substrate measured in the same run.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const LOAD = { counters: 231, displays: 20, mobiles: 2000, calls: Number(process.env.BENCH_CALLS ?? 400), intervalMs: 25 };

/**
 * BENCH_ONLY=a,c runs only those sections; BENCH_SKIP=c skips the year (its first run makes a year's database).
 * BENCH_CLUSTER_ONLY (cycles, halls, failover; comma-separated) runs only section (e), and only those parts of it.
 * Section (f), township halls linked to a city: BENCH_CITY_ONLY (backlog, view) picks its parts (bench/city/index.ts).
 */
const only = process.env.BENCH_CLUSTER_ONLY ? ['e'] : process.env.BENCH_ONLY?.split(',');
const skip = process.env.BENCH_SKIP?.split(',') ?? [];
const wanted = (section: string) => (!only || only.includes(section)) && !skip.includes(section);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-'));
  let failed = false;
  try {
    if (wanted('a')) failed = (await throughput()) || failed;
    if (wanted('b')) failed = (await latency(dir)) || failed;
    if (wanted('c')) failed = (await year(dir)) || failed;
    if (wanted('d')) failed = (await manyHalls()) || failed;
    if (wanted('e')) failed = (await clusterSection((line) => console.log(line))) || failed;
    if (wanted('f')) failed = (await citySection((line) => console.log(line))) || failed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

async function throughput(): Promise<boolean> {
  let failed = false;
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-a-'));
  try {
    console.log(`(a) durable issue → call → finish cycles, WAL + synchronous=FULL, median of ${ROUNDS} interleaved 1 s rounds`);
    // Interleaved rounds: this disk's fsync speed drifts, so each figure is measured beside the raw one.
    const rawRun = new RawInserts(dir);
    const halls = { 231: await HallCycles.open(dir, 231), 12: await HallCycles.open(dir, 12), 1: await HallCycles.open(dir, 1) };
    const rounds: Record<string, number[]> = { raw: [], 231: [], 12: [], 1: [] };
    for (let i = 0; i < ROUNDS; i++) {
      rounds.raw!.push(rawRun.run(1));
      for (const [n, h] of Object.entries(halls)) rounds[n]!.push(await h.run(1));
    }
    rawRun.close();
    for (const h of Object.values(halls)) h.close();
    const raw = median(rounds.raw!);
    console.log(`  raw better-sqlite3 insert loop (one row per transaction):   ${fmt(raw, 0).padStart(6)} /s`);
    for (const n of ['231', '12', '1']) {
      const cycles = median(rounds[n]!);
      const ratio = cycles / raw;
      // A cycle is three acknowledged steps, each its own durable commit when it runs alone.
      const perStep = (cycles * 3) / raw;
      const target = n === '231' ? `   target ≥ 0.50 ${ratio >= 0.5 ? 'PASS' : 'FAIL'}` : '';
      console.log(`  hall cycles, ${n.padStart(3)} window${n === '1' ? ' ' : 's'} working at once:              ${fmt(cycles, 0).padStart(6)} /s   ratio ${fmt(ratio)}  (per durable step ${fmt(perStep)})${target}`);
      if (n === '231') failed ||= ratio < 0.5;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return failed;
}

async function latency(dir: string): Promise<boolean> {
  let failed = false;
  {
    console.log(`(b) call-next → hall display latency, ${LOAD.counters} counters, ${LOAD.displays} displays, ${LOAD.mobiles} phones, ${LOAD.calls} calls every ${LOAD.intervalMs} ms`);
    const bare = summarize(await bareCallLatency(LOAD));
    const ours = await hallCallLatency(dir, LOAD);
    const hall = summarize(ours.samples);
    const r = hall.p99 / bare.p99;
    console.log(`  bare socket.io emit → receive:  p50 ${fmt(bare.p50)} ms  p99 ${fmt(bare.p99)} ms  (${bare.n} receipts)`);
    console.log(`  hall call-next → display:       p50 ${fmt(hall.p50)} ms  p99 ${fmt(hall.p99)} ms  (${hall.n} receipts)  server RSS ${fmt(ours.rssMb, 0)} MB, event-loop delay p99 ${fmt(ours.loopDelayP99)} ms, max ${fmt(ours.loopDelayMax)} ms`);
    console.log(`  p99 ratio ${fmt(r)} (target ≤ 3.00) ${r <= 3 ? 'PASS' : 'FAIL'}`);
    failed ||= r > 3;
  }
  return failed;
}

const check = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

async function year(dir: string): Promise<boolean> {
  console.log('(c) a year of a 231-window hall: the supervisor\'s questions, and calls while they are asked');
  const files = await ensureYear((line) => console.log(line));
  const gb = (files.bytes + files.readBytes) / 1e9;
  console.log(`  ${files.tickets} tickets, ${files.events} events: hall database ${(files.bytes / 1e9).toFixed(2)} GB + statistics read model ${(files.readBytes / 1e9).toFixed(2)} GB = ${gb.toFixed(2)} GB, ${Math.round((files.bytes + files.readBytes) / files.events)} bytes per event   target < 2 GB ${check(gb < 2)}`);
  const r = await yearBench(dir, files, (line) => console.log(line));
  const growth = r.rssMaxMb - r.rssStartMb;
  console.log(`  server RSS ${r.rssStartMb} MB before the questions, at most ${r.rssMaxMb} MB while they ran: growth ${growth} MB   target < 100 MB ${check(growth < 100)}`);
  console.log(`  event-loop delay max while they ran: ${fmt(r.queryLoopMaxMs)} ms   target < 50 ms ${check(r.queryLoopMaxMs < 50)}`);
  const ratio = r.calls.loaded.p99 / r.calls.idle.p99;
  console.log(`  call p99 under load / idle: ${fmt(ratio)}   target ≤ 2 ${check(ratio <= 2)}`);
  console.log(`  event-loop delay max during the calls (idle and loaded): ${fmt(r.calls.loopMaxMs)} ms   target < 50 ms ${check(r.calls.loopMaxMs < 50)}`);
  const queriesOk = r.queries.every((q) => q.ms < q.target);
  return !(gb < 2 && queriesOk && growth < 100 && r.queryLoopMaxMs < 50 && ratio <= 2 && r.calls.loopMaxMs < 50);
}

async function manyHalls(): Promise<boolean> {
  console.log('(d) 30 halls in one server against one hall, the same total rate: call-next acknowledgement as the consoles see it');
  return compareHalls((line) => console.log(line));
}

void main();

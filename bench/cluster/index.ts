import { openPgDatabase } from '../../src-main/storage/postgres';
import { freshPgDatabase, pgAvailable, PG_SERVER_URL } from '../../tests/support/pg';
import { fmt, median, summarize } from '../stats';
import { failovers } from './failover';
import type { SpreadOptions, SpreadResult } from './halls-spread';
import { spreadRun } from './halls-spread';
import { PgHallCycles, RawPgInserts } from './pg-cycles';

/**
 * Section (e): PostgreSQL and several servers. TEST_PG_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres);
 * each part runs in a fresh database of its own, dropped afterwards. BENCH_CLUSTER_ONLY=cycles,halls,failover
 * picks parts; BENCH_ROUNDS (7) rounds of the cycles; BENCH_CLUSTER_HALLS (30), BENCH_RATE (10),
 * BENCH_CYCLES (300), BENCH_BACKLOG (80), BENCH_PHONES (60), BENCH_CLUSTER_SATURATE_S (10) for the 1 vs 3
 * comparison (BENCH_CLUSTER_SERVERS=1,3 the cluster sizes); BENCH_CLUSTER_KILLS (10).
 * Returns true when a target is missed.
 */
export async function clusterSection(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  log('(e) PostgreSQL and several hall servers');
  if (!(await pgAvailable())) {
    log(`  skipped: PostgreSQL is not reachable at ${new URL(PG_SERVER_URL).host} (set TEST_PG_URL, or start it)`);
    return false;
  }
  const parts = env.BENCH_CLUSTER_ONLY?.split(',');
  const want = (p: string) => !parts || parts.includes(p);
  let failed = false;
  if (want('cycles')) failed = (await cycles(log, Number(env.BENCH_ROUNDS ?? 7))) || failed;
  if (want('halls'))
    failed =
      (await halls(log, {
        halls: Number(env.BENCH_CLUSTER_HALLS ?? 30),
        rate: Number(env.BENCH_RATE ?? 10),
        cycles: Number(env.BENCH_CYCLES ?? 300),
        backlog: Number(env.BENCH_BACKLOG ?? 80),
        phones: Number(env.BENCH_PHONES ?? 60),
        saturateSeconds: Number(env.BENCH_CLUSTER_SATURATE_S ?? 10),
      })) || failed;
  if (want('failover')) failed = (await failover(log, Number(env.BENCH_CLUSTER_KILLS ?? 10))) || failed;
  return failed;
}

const check = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

async function cycles(log: (line: string) => void, rounds: number): Promise<boolean> {
  log(`  durable issue → call → finish cycles through HallService + PgHallStore (fenced commits), median of ${rounds} interleaved 1 s rounds`);
  const fresh = await freshPgDatabase();
  const db = await openPgDatabase(fresh.url, { applicationName: 'hall-bench' });
  try {
    const settings = await db.pool.query<{ name: string; setting: string }>(`SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'wal_sync_method', 'commit_delay')`);
    const raw = await RawPgInserts.open(db);
    const poolSize = db.pool.options.max ?? 10;
    const halls = { 231: await PgHallCycles.open(db, 231), 12: await PgHallCycles.open(db, 12), 1: await PgHallCycles.open(db, 1) };
    const r: Record<string, number[]> = { raw1: [], rawPool: [], 231: [], 12: [], 1: [] };
    for (let i = 0; i < rounds; i++) {
      r.raw1!.push(await raw.run(1, 1));
      r.rawPool!.push(await raw.run(1, poolSize));
      for (const [n, h] of Object.entries(halls)) r[n]!.push(await h.run(1));
    }
    const raw1 = median(r.raw1!);
    const rawPool = median(r.rawPool!);
    log(`  PostgreSQL ${settings.rows.map((s) => `${s.name}=${s.setting}`).join(', ')}; pool of ${poolSize} connections`);
    log(`  raw pg single-row INSERT commits, one at a time:            ${fmt(raw1, 0).padStart(6)} /s`);
    log(`  raw pg single-row INSERT commits, ${String(poolSize).padStart(2)} at once on the pool:  ${fmt(rawPool, 0).padStart(6)} /s   (the substrate's best: the ratios below are against it)`);
    let failed = false;
    for (const n of ['231', '12', '1']) {
      const c = median(r[n]!);
      const ratio = c / rawPool;
      const target = n === '231' ? `   target ≥ 0.50 ${check(ratio >= 0.5)}` : '';
      log(`  hall cycles, ${n.padStart(3)} window${n === '1' ? ' ' : 's'} working at once:             ${fmt(c, 0).padStart(6)} /s   ratio ${fmt(ratio)}  (per durable step ${fmt((c * 3) / rawPool)}; against one-at-a-time ${fmt(c / raw1)})${target}`);
      if (n === '231') failed = ratio < 0.5;
    }
    return failed;
  } finally {
    await db.close();
    await fresh.drop();
  }
}

function spreadLines(s: SpreadResult): string[] {
  const c = summarize(s.r.call);
  const sc = summarize(s.r.screen);
  const i = summarize(s.r.issue);
  return [
    `  ${s.instances} server${s.instances === 1 ? ' ' : 's'} (${s.sockets} sockets; halls spread in ${fmt(s.spreadSeconds, 1)} s): ${s.r.call.length} timed calls`,
    `     call ack        p50 ${fmt(c.p50).padStart(6)} ms  p99 ${fmt(c.p99).padStart(6)} ms  max ${fmt(c.max).padStart(7)} ms   issue ack p50 ${fmt(i.p50)} ms  p99 ${fmt(i.p99)} ms`,
    `     call → screen   p50 ${fmt(sc.p50).padStart(6)} ms  p99 ${fmt(sc.p99).padStart(6)} ms  max ${fmt(sc.max).padStart(7)} ms   (${s.r.call.filter((ms) => ms > 500).length} call acks over 0.5 s)`,
    `     closed loop (every window cycling back to back): ${fmt(s.r.commandsPerSecond, 0)} acknowledged commands/s;  servers' CPU ${fmt(s.serverCpuMsPerCycle)} ms per cycle;  machine ${fmt(s.machineBusyShare * 100, 0)} % busy`,
    ...(s.r.failures.length + s.r.saturateFailures.length > 0 ? [`     FAILED: ${[...s.r.failures, ...s.r.saturateFailures].slice(0, 3).join('; ')} (${s.r.failures.length} + ${s.r.saturateFailures.length})`] : []),
  ];
}

async function halls(log: (line: string) => void, o: SpreadOptions): Promise<boolean> {
  log(`  ${o.halls} demo halls on 1 server, then on 3 (same database), section (d)'s load: ${o.rate} cycles/s in total (staggered), ${o.cycles} cycles, ${o.backlog} waiting and ${o.phones} phones per hall; then ${o.saturateSeconds} s closed loop`);
  log('  clients connect to the servers in turn (a load balancer without stickiness): with 3, two in three are relayed');
  const servers = (process.env.BENCH_CLUSTER_SERVERS ?? '1,3').split(',').map(Number);
  const runs = new Map<number, SpreadResult>();
  for (const n of servers) {
    const r = await spreadRun(n, o);
    runs.set(n, r);
    for (const l of spreadLines(r)) log(l);
  }
  const one = runs.get(1);
  const three = runs.get(3);
  const failures = [...runs.values()].reduce((a, r) => a + r.r.failures.length + r.r.saturateFailures.length, 0);
  if (!one || !three) return failures > 0;
  const p99 = (s: SpreadResult) => summarize(s.r.call).p99;
  const sp99 = (s: SpreadResult) => summarize(s.r.screen).p99;
  log(`  3 servers ÷ 1: commands/s ×${fmt(three.r.commandsPerSecond / one.r.commandsPerSecond)}  call ack p99 ×${fmt(p99(three) / p99(one))}  call → screen p99 ×${fmt(sp99(three) / sp99(one))}   (no target: one box, see README)`);
  return failures > 0;
}

async function failover(log: (line: string) => void, kills: number): Promise<boolean> {
  log(`  failover: 3 servers, 3 halls; ${kills} times kill -9 the owner of a hall, a kiosk on a surviving server retries one issue (same requestId, 1 s timeout) until accepted; defaults (lease ${process.env.HALL_LEASE_MS ?? 3000} ms, round ${process.env.HALL_LEASE_ROUND_MS ?? 500} ms)`);
  const samples = await failovers(kills, log);
  const ms = summarize(samples.map((s) => s.ms));
  const take = summarize(samples.map((s) => s.takeoverMs));
  log(`  kill → accepted command: p50 ${fmt(ms.p50 / 1000)} s  max ${fmt(ms.max / 1000)} s   (kill → new lease: p50 ${fmt(take.p50 / 1000)} s  max ${fmt(take.max / 1000)} s)   target ≤ 5 s ${check(ms.max <= 5000)}`);
  return !(ms.max <= 5000);
}

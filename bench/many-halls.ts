import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Outcome } from '../src-main/app/hall-service';
import { HallService } from '../src-main/app/hall-service';
import { hashPassword } from '../src-main/app/passwords';
import type { HallConfig } from '../src-main/contracts';
import { hallConfigSchema } from '../src-main/contracts';
import { createLogger } from '../src-main/hall/logger';
import { startHallServer } from '../src-main/hall/server';
import { benchHallConfig } from './bench-config';
import type { ClientHall, ClientPlan, ClientResult, HallClients } from './many-halls-clients';
import { closeClients, connectPhones, drive, setUp } from './many-halls-clients';
import { fmt, median, summarize } from './stats';

const PASSWORD = 'bench-password';

export interface ManyHallsOptions {
  /** Halls carried by the one server process. */
  halls: number;
  /** issue → call → finish cycles per second over all halls together, spread evenly over them. */
  rate?: number;
  /** Cycles in the run (warm-up included). */
  cycles?: number;
  /** Cycles at the start not timed. */
  warmup?: number;
  /** Tickets waiting in every hall before the run. */
  backlog?: number;
  /** Phones per hall watching a waiting ticket. */
  phones?: number;
  /** When cycles start: evenly spaced (default), all halls in step, or Poisson (see ClientPlan). */
  arrivals?: ClientPlan['arrivals'];
  /** Cycles starting together under aligned arrivals; one per hall unless given. */
  burst?: number;
  /** Hall screens per hall. */
  displays?: number;
  /** Where the SQLite file goes (a fresh temporary directory if not given). */
  dir?: string;
  /**
   * Run the clients in the server's own process (as a vitest would). Their work then lands on the server's
   * event loop and inflates both the latencies and the loop delay: only to show that distortion.
   */
  inProcess?: boolean;
  /** Passed to startHallServer: the periodic tick (day rollover, supervision); 15 s as in production. */
  tickMs?: number;
  /** Write a CPU profile of the server process covering the timed run only (open in Chrome DevTools). */
  profileFile?: string;
}

export interface ManyHallsResult {
  halls: number;
  windows: number;
  sockets: number;
  /** Call-next acknowledgement latency, ms, as the console saw it. */
  call: number[];
  /** The same calls inside the server: from the handler handing CallNext to the hall's service to its outcome. */
  serverCall: number[];
  issue: number[];
  finish: number[];
  /** The server's event-loop delay during the timed run, ms. */
  loopDelay: { p50: number; p99: number; max: number; mean: number };
  /** The server process's garbage-collection pauses during the timed run, ms. */
  gc: { count: number; total: number; max: number };
  /** CPU time of the server process (all threads: SQLite, GC) per cycle, ms; and its event-loop utilisation (0–1). */
  cpuMsPerCycle: number;
  loopUtilisation: number;
  /**
   * Share of the machine's CPU time (all cores) used by processes other than this server and its clients
   * during the run (Linux /proc/stat; NaN elsewhere): on a shared machine, a round with much of it is
   * a disturbed round.
   */
  othersCpuShare: number;
  failures: string[];
  seconds: number;
}

/** Windows of hall i: 12 to 40, 26 for the first hall (the single-hall baseline is a mid-sized hall). */
export function windowsOfHall(i: number): number {
  return 12 + ((i * 7 + 14) % 29);
}

function hallConfigs(n: number, displays: number, passwordHash: string, minWindows = 0): HallConfig[] {
  return Array.from({ length: n }, (_, i) => {
    const input = benchHallConfig(Math.max(minWindows, windowsOfHall(i)), displays, passwordHash);
    return hallConfigSchema.parse({ ...input, id: `bench-hall-${String(i + 1).padStart(2, '0')}`, name: `基准大厅${i + 1}`, nameEn: `Bench hall ${i + 1}` });
  });
}

function message<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string; error?: string }) => {
      if (m.type === type) {
        cleanup();
        resolve(m as T);
      } else if (m.type === 'error') {
        cleanup();
        reject(new Error(`clients: ${m.error}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`client process exited (${code})`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function startProfile(): Promise<{ stop(): Promise<object> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      session.disconnect();
      return profile;
    },
  };
}

/** CPU time of the whole machine so far (all cores), busy and in all, ms; null where /proc/stat is missing. */
function machineCpu(): { busyMs: number; totalMs: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    const tick = 10; // USER_HZ = 100 on Linux
    return { busyMs: (total - idle) * tick, totalMs: total * tick };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, ms; 0 where /proc is missing. */
function processCpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Times every CallNext inside HallService.execute (this process's halls) until the returned function is called. */
function timeServerCalls(into: number[]): () => void {
  const proto = HallService.prototype;
  const original = proto.execute;
  proto.execute = function <T>(this: HallService, ...args: Parameters<HallService['execute']>): Promise<Outcome<T>> {
    const t0 = performance.now();
    const outcome = original.apply(this, args) as Promise<Outcome<T>>;
    if (args[0].type === 'CallNext') void outcome.then(() => into.push(performance.now() - t0));
    return outcome;
  };
  return () => {
    proto.execute = original;
  };
}

interface Clients {
  /** Connects everything (phones last); resolves with the number of sockets. */
  setUp(plan: ClientPlan, phonesPerHall: number): Promise<number>;
  drive(): Promise<ClientResult>;
  /** The client processes (none when they run in this one). */
  pids(): number[];
  close(): void;
}

function child(flag: string): { child: ChildProcess; close(): void } {
  // Only the client script: a profile taken of this process must not be written by the clients too.
  const c = fork(join(import.meta.dirname, 'many-halls-clients.ts'), [flag], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // In a hall the consoles and phones are other machines; here they share two cores with the server, so
  // they yield to it (as the year bench's load does) rather than preempt the loop being measured.
  setPriority(c.pid!, 10);
  const kill = () => c.kill('SIGKILL');
  process.once('exit', kill);
  return {
    child: c,
    close() {
      process.off('exit', kill);
      if (c.connected) c.disconnect();
      c.kill('SIGTERM');
    },
  };
}

/** Consoles, kiosks and screens in one child process (it drives and times the cycles), phones in another. */
function childClients(): Clients {
  const driver = child('--many-halls-clients');
  const phones = child('--many-halls-phones');
  return {
    async setUp(plan, phonesPerHall) {
      const ready = message<{ sockets: number; tokens: Array<{ id: string; tokens: string[] }> }>(driver.child, 'ready');
      driver.child.send({ type: 'setup', plan });
      const { sockets, tokens } = await ready;
      const phonesReady = message<{ sockets: number }>(phones.child, 'phones-ready');
      phones.child.send({ type: 'phones', url: plan.url, halls: tokens, perHall: phonesPerHall });
      return sockets + (await phonesReady).sockets;
    },
    async drive() {
      const result = message<{ result: ClientResult }>(driver.child, 'result');
      driver.child.send({ type: 'go' });
      return (await result).result;
    },
    pids: () => [driver.child.pid!, phones.child.pid!],
    close() {
      driver.close();
      phones.close();
    },
  };
}

function inProcessClients(): Clients {
  let plan: ClientPlan | null = null;
  let halls: HallClients[] = [];
  return {
    async setUp(p, phonesPerHall) {
      plan = p;
      halls = await setUp(p);
      return connectPhones(
        p.url,
        halls.map((h) => ({ id: h.hall.id, tokens: h.tokens })),
        phonesPerHall,
      );
    },
    drive: () => drive(plan!, halls),
    pids: () => [],
    close: closeClients,
  };
}

/**
 * Starts a real hall server with `halls` halls in this process, puts their consoles, kiosks and screens in
 * a child process (and their phones in another), and drives issue → call → finish cycles at a fixed total
 * rate spread evenly over the halls. Returns the call acknowledgement latencies (as consoles saw them and
 * inside the server) and this process's event-loop delay, GC pauses and CPU time during the run.
 */
export async function manyHallsLatency(opts: ManyHallsOptions): Promise<ManyHallsResult> {
  const rate = opts.rate ?? 10;
  const cycles = opts.cycles ?? 300;
  const warmup = opts.warmup ?? Math.min(50, Math.floor(cycles / 10));
  const displays = opts.displays ?? 1;
  const ownDir = opts.dir ? null : mkdtempSync(join(tmpdir(), 'many-halls-'));
  const dir = opts.dir ?? ownDir!;
  // A burst of k cycles in one hall needs k windows free at once.
  const configs = hallConfigs(opts.halls, displays, await hashPassword(PASSWORD), opts.burst ?? 0);
  const server = await startHallServer({
    configs,
    dbFile: join(dir, `many-halls-${opts.halls}-${Date.now()}.sqlite`),
    port: 0,
    host: '127.0.0.1',
    log: createLogger(process.env.LOG_LEVEL ?? 'error'),
    tickMs: opts.tickMs,
  });
  const halls: ClientHall[] = configs.map((c) => ({ id: c.id, windows: c.windows.length, windowCategories: c.windows.map((w) => w.categories[0]!), displays }));
  const plan: ClientPlan = {
    url: server.url,
    password: PASSWORD,
    halls,
    rate,
    cycles,
    warmup,
    backlog: opts.backlog ?? 20,
    arrivals: opts.arrivals ?? 'staggered',
    burst: opts.burst,
  };
  const clients = opts.inProcess ? inProcessClients() : childClients();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  try {
    const sockets = await clients.setUp(plan, opts.phones ?? 0);
    // Let the set-up's work (logins, snapshots, first summaries) drain before timing.
    await new Promise((r) => setTimeout(r, 1000));
    const profiler = opts.profileFile ? await startProfile() : null;
    const serverCall: number[] = [];
    const untime = timeServerCalls(serverCall);
    const gc = { count: 0, total: 0, max: 0 };
    const gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        gc.count++;
        gc.total += e.duration;
        gc.max = Math.max(gc.max, e.duration);
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    delay.enable();
    const machine0 = machineCpu();
    const clients0 = clients.pids().reduce((a, pid) => a + processCpuMs(pid), 0);
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const r = await clients.drive();
    const seconds = (performance.now() - t0) / 1000;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    untime();
    const cpu = process.cpuUsage(cpu0);
    const machine1 = machineCpu();
    const clientsMs = clients.pids().reduce((a, pid) => a + processCpuMs(pid), 0) - clients0;
    delay.disable();
    gcObserver.disconnect();
    if (profiler) writeFileSync(opts.profileFile!, JSON.stringify(await profiler.stop()));
    const ms = (ns: number) => ns / 1e6;
    return {
      halls: opts.halls,
      windows: halls.reduce((a, h) => a + h.windows, 0),
      sockets,
      call: r.call,
      serverCall: serverCall.slice(warmup),
      issue: r.issue,
      finish: r.finish,
      loopDelay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), mean: ms(delay.mean) },
      gc,
      cpuMsPerCycle: (cpu.user + cpu.system) / 1000 / cycles,
      loopUtilisation: elu,
      othersCpuShare: machine0 && machine1 ? (machine1.busyMs - machine0.busyMs - (cpu.user + cpu.system) / 1000 - clientsMs) / (machine1.totalMs - machine0.totalMs) : Number.NaN,
      failures: r.failures,
      seconds,
    };
  } finally {
    clients.close();
    await server.close();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  }
}

function line(r: ManyHallsResult): string {
  const c = summarize(r.call);
  const sc = summarize(r.serverCall);
  const i = summarize(r.issue);
  const f = summarize(r.finish);
  const d = r.loopDelay;
  return [
    `  ${String(r.halls).padStart(2)} hall${r.halls === 1 ? ' ' : 's'} (${r.windows} windows, ${r.sockets} sockets, ${r.call.length} calls in ${fmt(r.seconds, 1)} s)`,
    `     call ack   p50 ${fmt(c.p50).padStart(6)} ms  p99 ${fmt(c.p99).padStart(6)} ms  max ${fmt(c.max).padStart(7)} ms   (inside the server: p50 ${fmt(sc.p50)} ms  p99 ${fmt(sc.p99)} ms)`,
    `     issue ack  p50 ${fmt(i.p50).padStart(6)} ms  p99 ${fmt(i.p99).padStart(6)} ms   finish ack p50 ${fmt(f.p50)} ms  p99 ${fmt(f.p99)} ms`,
    `     server event-loop delay  p50 ${fmt(d.p50)} ms  p99 ${fmt(d.p99)} ms  max ${fmt(d.max)} ms;  loop busy ${fmt(r.loopUtilisation * 100, 1)} %;  CPU ${fmt(r.cpuMsPerCycle)} ms per cycle`,
    `     GC ${r.gc.count} pauses, ${fmt(r.gc.total, 0)} ms in all, longest ${fmt(r.gc.max)} ms;  other processes used ${fmt(r.othersCpuShare * 100, 0)} % of the machine's CPU`,
    ...(r.failures.length > 0 ? [`     ${r.failures.length} cycles failed: ${r.failures.slice(0, 3).join('; ')}`] : []),
  ].join('\n');
}

/**
 * One hall, then N halls, in interleaved rounds (this machine's disk and CPU drift: each N-hall figure is
 * taken beside a one-hall one), with their ratio; true when the target (p99 within 1.5×) is missed.
 * Environment: BENCH_HALLS (30), BENCH_RATE cycles/s in total (10), BENCH_CYCLES per run (300),
 * BENCH_HALL_ROUNDS (3), BENCH_BACKLOG waiting per hall (80), BENCH_PHONES per hall (60),
 * BENCH_ARRIVALS staggered | aligned | random, BENCH_BURST (aligned: cycles starting together in the one hall),
 * BENCH_TICK_MS, BENCH_IN_PROCESS=1, BENCH_HALLS_ONLY=1|many, BENCH_PROFILE=<path prefix> (CPU profile of
 * the server during each timed run), BENCH_MAX_OTHERS (0.25: a run during which other processes used more of
 * the machine's CPU is repeated, twice at most).
 */
export async function compareHalls(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const halls = Number(env.BENCH_HALLS ?? 30);
  const rounds = Number(env.BENCH_HALL_ROUNDS ?? 3);
  const base: Omit<ManyHallsOptions, 'halls'> = {
    rate: Number(env.BENCH_RATE ?? 10),
    cycles: Number(env.BENCH_CYCLES ?? 300),
    backlog: Number(env.BENCH_BACKLOG ?? 80),
    phones: Number(env.BENCH_PHONES ?? 60),
    arrivals: (env.BENCH_ARRIVALS ?? 'staggered') as ClientPlan['arrivals'],
    inProcess: env.BENCH_IN_PROCESS === '1',
    ...(env.BENCH_TICK_MS ? { tickMs: Number(env.BENCH_TICK_MS) } : {}),
  };
  const only = env.BENCH_HALLS_ONLY;
  const maxOthers = Number(env.BENCH_MAX_OTHERS ?? 0.25);
  const undisturbed = async (run: () => Promise<ManyHallsResult>): Promise<ManyHallsResult> => {
    for (let attempt = 1; ; attempt++) {
      const r = await run();
      if (!(r.othersCpuShare > maxOthers) || attempt === 3) return r;
      log(`  (a ${r.halls}-hall run discarded: other processes used ${fmt(r.othersCpuShare * 100, 0)} % of the machine's CPU; running it again)`);
    }
  };
  const burst = env.BENCH_BURST ? Number(env.BENCH_BURST) : undefined;
  log(
    `  ${base.rate} issue → call → finish cycles/s in total (${base.arrivals}), ${base.cycles} cycles per run, ` +
      `${base.backlog} waiting and ${base.phones} phones per hall, ${rounds} interleaved rounds${base.inProcess ? ', clients in the server process' : ''}`,
  );
  const ones: ManyHallsResult[] = [];
  const manys: ManyHallsResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    const suffix = rounds > 1 ? `-r${round}` : '';
    log(`  round ${round}`);
    if (only !== 'many') {
      ones.push(await undisturbed(() => manyHallsLatency({ ...base, halls: 1, burst, profileFile: env.BENCH_PROFILE && `${env.BENCH_PROFILE}-1${suffix}.cpuprofile` })));
      log(line(ones.at(-1)!));
    }
    if (only !== '1') {
      manys.push(await undisturbed(() => manyHallsLatency({ ...base, halls, profileFile: env.BENCH_PROFILE && `${env.BENCH_PROFILE}-${halls}${suffix}.cpuprofile` })));
      log(line(manys.at(-1)!));
    }
  }
  const pooled = (rs: ManyHallsResult[]) => summarize(rs.flatMap((r) => r.call));
  const med = (rs: ManyHallsResult[], f: (r: ManyHallsResult) => number) => median(rs.map(f));
  const p99s = (rs: ManyHallsResult[]) => rs.map((r) => fmt(summarize(r.call).p99, 1)).join(' / ');
  log('  summary (call ack: pooled over the rounds; median of the rounds\' p99)');
  for (const [label, rs] of [['   1 hall ', ones], [`${String(halls).padStart(4)} halls`, manys]] as const) {
    if (rs.length === 0) continue;
    const p = pooled(rs);
    log(
      `  ${label}  p50 ${fmt(p.p50)} ms  p99 ${fmt(p.p99)} ms  max ${fmt(p.max)} ms  (round p99s ${p99s(rs)}; median ${fmt(med(rs, (r) => summarize(r.call).p99))} ms)` +
        `  loop delay p99 ${fmt(med(rs, (r) => r.loopDelay.p99))} ms, max ${fmt(Math.max(...rs.map((r) => r.loopDelay.max)))} ms  CPU ${fmt(med(rs, (r) => r.cpuMsPerCycle))} ms/cycle`,
    );
  }
  if (ones.length === 0 || manys.length === 0) return false;
  const p50 = pooled(manys).p50 / pooled(ones).p50;
  const p99 = pooled(manys).p99 / pooled(ones).p99;
  const medianP99 = med(manys, (r) => summarize(r.call).p99) / med(ones, (r) => summarize(r.call).p99);
  const loopMax = Math.max(...[...ones, ...manys].map((r) => r.loopDelay.max));
  const failures = [...ones, ...manys].reduce((a, r) => a + r.failures.length, 0);
  log(`  ${halls} halls ÷ 1 hall: call ack p50 ×${fmt(p50)}  p99 ×${fmt(p99)} (median of rounds ×${fmt(medianP99)})   target p99 ≤ ×1.50 ${p99 <= 1.5 ? 'PASS' : 'FAIL'}`);
  log(`  event-loop delay max in these runs: ${fmt(loopMax)} ms   target < 50 ms ${loopMax < 50 ? 'PASS' : 'FAIL'}${failures > 0 ? `;  ${failures} cycles FAILED` : ''}`);
  return p99 > 1.5 || loopMax >= 50 || failures > 0;
}

// `tsx bench/many-halls.ts` runs this section alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void compareHalls((l) => console.log(l)).then((failed) => process.exit(failed ? 1 : 0));
}

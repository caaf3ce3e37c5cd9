import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { freshPgDatabase } from '../../tests/support/pg';
import { sql, TestCluster } from '../../tests/cluster/support/cluster';
import type { ClusterClientPlan, ClusterClientResult } from './cluster-clients';

// Section (e), second part: 30 copies of the demo hall on one server, then on three servers sharing one
// PostgreSQL database, with section (d)'s load; clients connect to the servers in turn.

export interface SpreadOptions {
  halls: number;
  rate: number;
  cycles: number;
  backlog: number;
  phones: number;
  saturateSeconds: number;
}

export interface SpreadResult {
  instances: number;
  sockets: number;
  /** Seconds from the servers being up to the halls being spread evenly over them. */
  spreadSeconds: number;
  r: ClusterClientResult;
  /** CPU used by the server processes in all per acknowledged command of the closed-loop run… and in the open-loop run per cycle. */
  serverCpuMsPerCycle: number;
  machineBusyShare: number;
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

function clientProcess(flag: string): ChildProcess {
  const c = fork(join(import.meta.dirname, 'cluster-clients.ts'), [flag], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // As in section (d): the clients are other machines in a hall; here they yield to the servers.
  setPriority(c.pid!, 10);
  process.once('exit', () => c.kill('SIGKILL'));
  return c;
}

function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function machineCpu(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3]! - f[4]!, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

/** Waits until every hall has a live owner and each server holds its share (halls ÷ servers, rounded up or down), twice in a row. */
async function waitForSpread(database: string, instances: number, halls: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let stable = 0;
  for (;;) {
    const rows = await sql<{ owner: string | null; live: boolean }>(database, `SELECT owner, expires_at > now() AS live FROM hall_leases`);
    const counts = new Map<string, number>();
    for (const r of rows) if (r.live && r.owner) counts.set(r.owner, (counts.get(r.owner) ?? 0) + 1);
    const held = [...counts.values()];
    const even = rows.length === halls && held.reduce((a, b) => a + b, 0) === halls && counts.size === instances && held.every((n) => n >= Math.floor(halls / instances) && n <= Math.ceil(halls / instances));
    stable = even ? stable + 1 : 0;
    if (stable >= 3) return;
    if (Date.now() > until) throw new Error(`halls not spread over ${instances} servers within ${timeoutMs} ms: ${JSON.stringify([...counts])}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function spreadRun(instances: number, o: SpreadOptions): Promise<SpreadResult> {
  const db = await freshPgDatabase();
  const hallIds = Array.from({ length: o.halls }, (_, i) => `bench-hall-${String(i + 1).padStart(2, '0')}`);
  // BENCH_CLUSTER_NODE_OPTIONS: e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers (written when they stop).
  const nodeOptions = process.env.BENCH_CLUSTER_NODE_OPTIONS;
  const cluster = new TestCluster({ database: db.url, size: instances, halls: hallIds, ...(nodeOptions ? { env: { NODE_OPTIONS: nodeOptions } } : {}) });
  const clients: ChildProcess[] = [];
  try {
    await cluster.start();
    const t0 = Date.now();
    await waitForSpread(db.url, instances, o.halls);
    const spreadSeconds = (Date.now() - t0) / 1000;
    const demo = parseYaml(readFileSync(cluster.configFiles[0]!, 'utf8')) as { windows: Array<{ categories: string[] }> };
    const urls = cluster.nodes.map((n) => n!.url);
    // BENCH_CLUSTER_DIRECT=1: every client connects to its hall's owner (no relay), to see what the relay costs.
    const ownerUrls = process.env.BENCH_CLUSTER_DIRECT === '1' ? Object.fromEntries((await sql<{ hall_id: string; url: string }>(db.url, `SELECT l.hall_id, i.url FROM hall_leases l JOIN cluster_instances i ON i.id = l.owner`)).map((r) => [r.hall_id, r.url])) : undefined;
    const plan: ClusterClientPlan = {
      urls,
      ownerUrls,
      halls: hallIds,
      windows: demo.windows.length,
      windowCategories: demo.windows.map((w) => w.categories[0]!),
      password: 'demo1234',
      kioskKey: 'demo-kiosk-1',
      display: { id: 'hall-screen', key: 'demo-display' },
      rate: o.rate,
      cycles: o.cycles,
      warmup: Math.min(50, Math.floor(o.cycles / 10)),
      backlog: o.backlog,
      saturateSeconds: o.saturateSeconds,
    };
    const driver = clientProcess('--cluster-clients');
    const phones = clientProcess('--cluster-phones');
    clients.push(driver, phones);
    const ready = message<{ sockets: number; tokens: Array<{ id: string; tokens: string[] }> }>(driver, 'ready');
    driver.send({ type: 'setup', plan });
    const { sockets, tokens } = await ready;
    const phonesReady = message<{ sockets: number }>(phones, 'phones-ready');
    phones.send({ type: 'phones', urls, ownerUrls, halls: tokens, perHall: o.phones });
    const phoneSockets = (await phonesReady).sockets;
    // Let the set-up's work (logins, snapshots) drain before timing.
    await new Promise((r) => setTimeout(r, 2000));
    const pids = cluster.nodes.map((n) => n!.proc.child.pid!);
    const cpu0 = pids.reduce((a, p) => a + processCpuMs(p), 0);
    const m0 = machineCpu();
    const result = message<{ result: ClusterClientResult }>(driver, 'result');
    driver.send({ type: 'go' });
    const r = (await result).result;
    const m1 = machineCpu();
    if (process.env.BENCH_CLUSTER_LOGS) for (const n of cluster.nodes) console.log(`--- ${n!.id}\n${n!.proc.output().split('\n').slice(-15).join('\n')}`);
    const cpu = pids.reduce((a, p) => a + processCpuMs(p), 0) - cpu0;
    return {
      instances,
      sockets: sockets + phoneSockets,
      spreadSeconds,
      r,
      serverCpuMsPerCycle: cpu / (o.cycles + (r.commandsPerSecond * o.saturateSeconds) / 3),
      machineBusyShare: (m1.busy - m0.busy) / (m1.total - m0.total),
    };
  } finally {
    for (const c of clients) {
      if (c.connected) c.disconnect();
      c.kill('SIGKILL');
    }
    await cluster.stop();
    await db.drop();
  }
}

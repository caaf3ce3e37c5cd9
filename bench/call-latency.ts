import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { hashPassword } from '../src-main/app/passwords';
import { benchHallConfig } from './bench-config';
import { startChild } from './child';


export interface LatencyLoad {
  counters: number;
  displays: number;
  mobiles: number;
  calls: number;
  /** Milliseconds between calls from successive counters (open loop: calls overlap). */
  intervalMs: number;
}


function open(url: string, auth: object): Promise<Socket> {
  const s = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => make(i + k)))));
  return out;
}

type Ack = { ok: boolean; data?: { ticket?: { number: string }; token?: string }; code?: string };

/**
 * Drives `calls` call-next presses against the real hall server in a child process and measures, for
 * every display, the time from the press to the display receiving the call.
 */
export async function hallCallLatency(dir: string, load: LatencyLoad): Promise<{ samples: number[]; rssMb: number; loopDelayP99: number; loopDelayMax: number }> {
  const hash = await hashPassword('bench-password');
  const configFile = join(dir, 'bench-hall.json');
  writeFileSync(configFile, JSON.stringify(benchHallConfig(load.counters, load.displays, hash)));
  const { child, url } = await startChild(['src-main/hall/main.ts', '--config', configFile, '--data', join(dir, 'latency.sqlite'), '--port', '0', '--host', '127.0.0.1'], /Hall server ready at (\S+)/);
  const sockets: Socket[] = [];
  const children: ChildProcess[] = [child];
  try {
    const hallId = 'bench-hall';
    const kiosk = await open(url, { hallId, deviceId: 'kiosk-1', deviceKey: 'bench-kiosk-key' });
    sockets.push(kiosk);
    const categories = ['A', 'B', 'C', 'D', 'E'];
    const tickets = await inBatches(load.mobiles + load.calls + 100, 200, async (i) => {
      const ack = (await kiosk.timeout(30_000).emitWithAck('ticket:issue', { requestId: `bench-issue-${i}`, categoryId: categories[i % 5] })) as Ack;
      if (!ack.ok) throw new Error(`issue failed: ${ack.code}`);
      return ack.data!.token!;
    });
    const displays = await inBatches(load.displays, 20, (i) => open(url, { hallId, deviceId: `screen-${i + 1}`, deviceKey: `bench-screen-${i + 1}` }));
    sockets.push(...displays);
    const tokensFile = join(dir, 'tokens.json');
    writeFileSync(tokensFile, JSON.stringify(tickets.slice(0, load.mobiles)));
    const farm = await startChild(['bench/phone-farm.ts', url, String(load.mobiles), tokensFile, hallId], /phones ready (\d+)/);
    children.push(farm.child);
    const counters = await inBatches(load.counters, 20, async (i) => {
      const res = await fetch(`${url}/api/halls/${hallId}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `s${i + 1}`, password: 'bench-password' }) });
      const body = (await res.json()) as { data: { token: string } };
      const s = await open(url, { hallId, token: body.data.token });
      const ack = (await s.timeout(30_000).emitWithAck('window:open', { requestId: `bench-open-${i}`, windowId: i + 1 })) as Ack;
      if (!ack.ok) throw new Error(`open failed: ${ack.code}`);
      return s;
    });
    sockets.push(...counters);

    await fetch(`${url}/health`); // resets the server's event-loop delay histogram
    // Each call's finish is not timed, but it is awaited before the sockets close: an answer still on its
    // way when they do would reject with "socket has been disconnected".
    const finishes: Array<Promise<unknown>> = [];
    const samples = await driveCalls(load, displays, 'ticket:called', (s, i) =>
      s.timeout(30_000).emitWithAck('queue:callNext', { requestId: `bench-call-${i}` }).then(async (a: Ack) => {
        if (!a.ok) throw new Error(`call failed: ${a.code}`);
        const number = a.data!.ticket!.number;
        finishes.push(s.timeout(30_000).emitWithAck('ticket:finish', { requestId: `bench-finish-${i}`, matterId: `${number.charAt(0)}01` }).catch(() => undefined));
        return number;
      }),
      counters,
    );
    await Promise.all(finishes);
    const health = (await (await fetch(`${url}/health`)).json()) as { memory?: { rssMb: number }; eventLoopDelayMs?: { p99: number; max: number } };
    return { samples, rssMb: health.memory?.rssMb ?? Number.NaN, loopDelayP99: health.eventLoopDelayMs?.p99 ?? Number.NaN, loopDelayMax: health.eventLoopDelayMs?.max ?? Number.NaN };
  } finally {
    for (const s of sockets) s.disconnect();
    for (const c of children) c.kill('SIGTERM');
  }
}

/** The same load against bare socket.io: the floor any realtime server on this machine stands on. */
export async function bareCallLatency(load: LatencyLoad): Promise<number[]> {
  const { child, url } = await startChild(['bench/bare-socketio-server.ts'], /Bare socket.io ready at (\S+)/);
  const sockets: Socket[] = [];
  const children: ChildProcess[] = [child];
  try {
    const displays = await inBatches(load.displays, 20, () => open(url, { role: 'display' }));
    const farm = await startChild(['bench/phone-farm.ts', url, String(load.mobiles)], /phones ready (\d+)/);
    children.push(farm.child);
    const counters = await inBatches(load.counters, 20, () => open(url, { role: 'counter' }));
    sockets.push(...displays, ...counters);
    return await driveCalls(load, displays, 'called', (s, i) => s.timeout(30_000).emitWithAck('call', { number: `X${i}` }).then(() => `X${i}`), counters);
  } finally {
    for (const s of sockets) s.disconnect();
    for (const c of children) c.kill('SIGTERM');
  }
}

/** Open-loop calls from successive counters; latency = press → each display's receipt of that number. */
async function driveCalls(
  load: LatencyLoad,
  displays: Socket[],
  event: string,
  press: (counter: Socket, i: number) => Promise<string>,
  counters: Socket[],
): Promise<number[]> {
  const pressedAt = new Map<string, number>();
  const pending = new Map<string, { t0: number; left: number }>();
  const early = new Map<string, number[]>();
  const samples: number[] = [];
  const warmup = Math.min(20, Math.floor(load.calls / 10));
  let settled = 0;
  const failures: string[] = [];
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));

  for (const d of displays) {
    d.on(event, (call: { number: string }) => {
      const t = performance.now();
      const p = pending.get(call.number);
      if (!p) {
        // The display can hear the call before the press's ack told us the number.
        early.set(call.number, [...(early.get(call.number) ?? []), t]);
        return;
      }
      record(call.number, p, t);
    });
  }
  function record(number: string, p: { t0: number; left: number }, t: number) {
    if ((pressedAt.get(number) ?? 0) >= 0) samples.push(t - p.t0);
    p.left--;
    if (p.left === 0) {
      pending.delete(number);
      if (++settled === load.calls) resolveAll();
    }
  }

  for (let i = 0; i < load.calls; i++) {
    const counter = counters[i % counters.length]!;
    const t0 = performance.now();
    void press(counter, i).then(
      (number) => {
      const p = { t0, left: displays.length };
      pressedAt.set(number, i < warmup ? -1 : 0);
      pending.set(number, p);
      for (const t of early.get(number) ?? []) record(number, p, t);
      early.delete(number);
      },
      (err: unknown) => failures.push(String(err)),
    );
    await new Promise((r) => setTimeout(r, load.intervalMs));
  }
  await Promise.race([
    all,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`calls did not all arrive within 60 s; ${failures.length} failed: ${failures.slice(0, 3).join('; ')}`)), 60_000)),
  ]);
  return samples;
}

import { io as connect, type Socket } from 'socket.io-client';

// The clients of many halls, started by bench/many-halls.ts in two processes of their own: consoles, kiosks
// and hall screens in one (it drives the cycles and times them, where a console would see them), phones in
// another (`--many-halls-phones`). Receiving every broadcast then takes no time from the event loop of the
// server being measured, and a thousand phones' updates do not slow down the process that times the calls.

export interface ClientHall {
  id: string;
  windows: number;
  /** The category each window serves, by window id - 1 (its ticket goes to that queue). */
  windowCategories: string[];
  displays: number;
}

export interface ClientPlan {
  url: string;
  password: string;
  halls: ClientHall[];
  /** issue → call → finish cycles per second, over all halls together. */
  rate: number;
  cycles: number;
  /** Cycles at the start whose latencies are not kept (connections and JIT warming up). */
  warmup: number;
  /** Tickets issued in every hall before the run, so calls pick from a real queue. */
  backlog: number;
  /**
   * When cycles start. staggered: evenly spaced, hall after hall (cycle k at k / rate); aligned: every hall
   * on its own timer at rate / N, all in step (N cycles at once, as independent per-hall timers started
   * together do); random: Poisson arrivals at the total rate (independent windows pressing at will).
   */
  arrivals: 'staggered' | 'aligned' | 'random';
  /** Cycles that start together under aligned arrivals (default: one per hall). */
  burst?: number | undefined;
}

export interface ClientResult {
  call: number[];
  issue: number[];
  finish: number[];
  failures: string[];
  received: number;
}

type Ack = { ok: boolean; data?: { ticket?: { number: string }; token?: string }; code?: string };

const ACK_MS = 30_000;
const sockets: Socket[] = [];
let received = 0;

function open(url: string, auth: object): Promise<Socket> {
  const s = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: new URL(url).origin } });
  sockets.push(s);
  s.onAny(() => received++);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function ask(s: Socket, event: string, payload: object): Promise<Ack> {
  const ack = (await s.timeout(ACK_MS).emitWithAck(event, payload)) as Ack;
  if (!ack.ok) throw new Error(`${event} refused: ${ack.code}`);
  return ack;
}

async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => make(i + k)))));
  return out;
}

export interface HallClients {
  hall: ClientHall;
  kiosk: Socket;
  consoles: Socket[];
  /** Live-page tokens of the backlog's tickets, for the phones. */
  tokens: string[];
}

let requests = 0;
const rid = (what: string) => `mh-${what}-${++requests}`;

export async function setUp(plan: ClientPlan): Promise<HallClients[]> {
  const out: HallClients[] = [];
  for (const hall of plan.halls) {
    const kiosk = await open(plan.url, { hallId: hall.id, deviceId: 'kiosk-1', deviceKey: 'bench-kiosk-key' });
    await inBatches(hall.displays, 10, (i) => open(plan.url, { hallId: hall.id, deviceId: `screen-${i + 1}`, deviceKey: `bench-screen-${i + 1}` }));
    const consoles = await inBatches(hall.windows, 8, async (i) => {
      const res = await fetch(`${plan.url}/api/halls/${hall.id}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `s${i + 1}`, password: plan.password }),
      });
      const body = (await res.json()) as { ok: boolean; data?: { token: string }; code?: string };
      if (!body.ok || !body.data) throw new Error(`login to ${hall.id} as s${i + 1} failed: ${body.code}`);
      const s = await open(plan.url, { hallId: hall.id, token: body.data.token });
      await ask(s, 'window:open', { requestId: rid('open'), windowId: i + 1 });
      return s;
    });
    const tokens = await inBatches(plan.backlog, 20, async (i) => {
      const ack = await ask(kiosk, 'ticket:issue', { requestId: rid('backlog'), categoryId: hall.windowCategories[i % hall.windowCategories.length] });
      return ack.data!.token!;
    });
    out.push({ hall, kiosk, consoles, tokens });
  }
  return out;
}

/** Phones: `perHall` in every hall, each watching one of its waiting tickets' live page. */
export async function connectPhones(url: string, halls: Array<{ id: string; tokens: string[] }>, perHall: number): Promise<number> {
  for (const hall of halls) {
    await inBatches(Math.min(perHall, hall.tokens.length), 20, async (i) => {
      const phone = await open(url, { hallId: hall.id, role: 'mobile' });
      await ask(phone, 'ticket:watch', { token: hall.tokens[i] });
    });
  }
  return sockets.length;
}

/**
 * Open loop: cycle k starts at k / rate seconds, in hall k mod N, at the next window of that hall. A window
 * runs its cycles one after the other (a console cannot call while it serves), so a slow cycle delays
 * only its own window's next one, and is still timed from its planned start.
 */
export async function drive(plan: ClientPlan, halls: HallClients[]): Promise<ClientResult> {
  const result: ClientResult = { call: [], issue: [], finish: [], failures: [], received: 0 };
  const windowChain = new Map<Socket, Promise<void>>();
  const nextWindow = new Map<string, number>();
  const start = performance.now() + 100;
  const done: Array<Promise<void>> = [];
  const startOf = schedule(plan);

  for (let k = 0; k < plan.cycles; k++) {
    const h = halls[k % halls.length]!;
    const w = nextWindow.get(h.hall.id) ?? 0;
    nextWindow.set(h.hall.id, (w + 1) % h.consoles.length);
    const console = h.consoles[w]!;
    const keep = k >= plan.warmup;
    const cycle = async () => {
      const t0 = performance.now();
      await ask(h.kiosk, 'ticket:issue', { requestId: rid('issue'), categoryId: h.hall.windowCategories[w] });
      const t1 = performance.now();
      const called = await ask(console, 'queue:callNext', { requestId: rid('call') });
      const t2 = performance.now();
      await ask(console, 'ticket:finish', { requestId: rid('finish'), matterId: `${called.data!.ticket!.number.charAt(0)}01` });
      const t3 = performance.now();
      if (keep) {
        result.issue.push(t1 - t0);
        result.call.push(t2 - t1);
        result.finish.push(t3 - t2);
      }
    };
    const wait = start + startOf(k) - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const run = (windowChain.get(console) ?? Promise.resolve()).then(cycle).catch((err: unknown) => {
      result.failures.push(String(err));
    });
    windowChain.set(console, run);
    done.push(run);
  }
  await Promise.all(done);
  result.received = received;
  return result;
}

/** Planned start of each cycle, ms after the run's start. */
function schedule(plan: ClientPlan): (k: number) => number {
  const n = plan.burst ?? plan.halls.length;
  if (plan.arrivals === 'aligned') return (k) => (Math.floor(k / n) * n * 1000) / plan.rate;
  if (plan.arrivals === 'random') {
    // A fixed seed: every run (and both sides of a comparison) gets the same arrival times.
    let seed = 0x2545f491;
    const random = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    const at: number[] = [];
    for (let k = 0, t = 0; k < plan.cycles; k++, t += (-Math.log(1 - random()) * 1000) / plan.rate) at.push(t);
    return (k) => at[k]!;
  }
  return (k) => (k * 1000) / plan.rate;
}

type Message =
  | { type: 'setup'; plan: ClientPlan }
  | { type: 'go' }
  | { type: 'phones'; url: string; halls: Array<{ id: string; tokens: string[] }>; perHall: number };

let plan: ClientPlan | null = null;
let halls: HallClients[] = [];

/** Closes every client socket (in-process runs). */
export function closeClients(): void {
  for (const s of sockets.splice(0)) s.disconnect();
}

const isChild = (process.argv.includes('--many-halls-clients') || process.argv.includes('--many-halls-phones')) && process.send !== undefined;

if (isChild) process.on('message', (m: Message) => {
  if (m.type === 'setup') {
    plan = m.plan;
    setUp(plan).then(
      (h) => {
        halls = h;
        process.send!({ type: 'ready', sockets: sockets.length, tokens: h.map((x) => ({ id: x.hall.id, tokens: x.tokens })) });
      },
      (err: unknown) => process.send!({ type: 'error', error: String(err) }),
    );
  } else if (m.type === 'phones') {
    connectPhones(m.url, m.halls, m.perHall).then(
      (n) => process.send!({ type: 'phones-ready', sockets: n }),
      (err: unknown) => process.send!({ type: 'error', error: String(err) }),
    );
  } else if (m.type === 'go') {
    drive(plan!, halls).then(
      (r) => process.send!({ type: 'result', result: r }),
      (err: unknown) => process.send!({ type: 'error', error: String(err) }),
    );
  }
});
if (isChild) process.on('disconnect', () => {
  for (const s of sockets) s.disconnect();
  process.exit(0);
});

import { io as connect, type Socket } from 'socket.io-client';

// The clients of 30 demo halls spread over the servers of a cluster, in processes of their own (as in
// bench/many-halls-clients.ts): consoles, kiosks and hall screens in one (`--cluster-clients`: it drives
// and times the cycles), phones in another (`--cluster-phones`). Every new connection and login goes to the
// next server in turn, as a load balancer without stickiness would send them: with three servers, two
// clients in three reach their hall through a relay.

export interface ClusterClientPlan {
  /** The servers, in turn. */
  urls: string[];
  /** Instead: every client of a hall connects to the server running it (no relay), by hall id. */
  ownerUrls?: Record<string, string> | undefined;
  halls: string[];
  /** Staff accounts staff01…, window i + 1 for account i. */
  windows: number;
  /** Each window's first category (its issued ticket goes to that queue). */
  windowCategories: string[];
  password: string;
  kioskKey: string;
  display: { id: string; key: string };
  /** issue → call → finish cycles per second over all halls together (the timed, open-loop run). */
  rate: number;
  cycles: number;
  warmup: number;
  /** Tickets waiting in every hall before the run. */
  backlog: number;
  /** The closed-loop run: every window cycles back to back for this long, s. */
  saturateSeconds: number;
}

export interface ClusterClientResult {
  /** Call-next acknowledgement as the console saw it, ms (section (d)'s definition). */
  call: number[];
  /** From the callNext being sent to the hall screen receiving that ticket:called, ms. */
  screen: number[];
  issue: number[];
  finish: number[];
  failures: string[];
  /** Acknowledged commands per second in the closed-loop run. */
  commandsPerSecond: number;
  saturateFailures: string[];
}

type Ack = { ok: boolean; data?: { ticket?: { number: string }; token?: string }; code?: string };

const ACK_MS = 30_000;
const sockets: Socket[] = [];
let turn = 0;
let direct: Record<string, string> | undefined;
const nextUrl = (urls: string[], hallId?: string) => (hallId && direct?.[hallId]) || urls[turn++ % urls.length]!;

function open(url: string, auth: object): Promise<Socket> {
  const s = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: new URL(url).origin } });
  sockets.push(s);
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

interface HallClients {
  id: string;
  kiosk: Socket;
  consoles: Socket[];
  tokens: string[];
}

let requests = 0;
const rid = (what: string) => `cl-${process.pid}-${what}-${++requests}`;
/** When each hall's screen received each called number: `${hall}|${number}` → performance.now(). */
const onScreen = new Map<string, number>();

async function setUp(plan: ClusterClientPlan): Promise<HallClients[]> {
  return inBatches(plan.halls.length, 3, async (h) => {
    const id = plan.halls[h]!;
    const kiosk = await open(nextUrl(plan.urls, id), { hallId: id, deviceId: 'kiosk-1', deviceKey: plan.kioskKey });
    const screen = await open(nextUrl(plan.urls, id), { hallId: id, deviceId: plan.display.id, deviceKey: plan.display.key });
    screen.on('ticket:called', (call: { number: string }) => onScreen.set(`${id}|${call.number}`, performance.now()));
    const consoles = await inBatches(plan.windows, 4, async (i) => {
      const res = await fetch(`${nextUrl(plan.urls, id)}/api/halls/${id}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `staff${String(i + 1).padStart(2, '0')}`, password: plan.password }),
      });
      const body = (await res.json()) as { ok: boolean; data?: { token: string }; code?: string };
      if (!body.ok || !body.data) throw new Error(`login to ${id} as staff${i + 1} failed: ${body.code}`);
      const s = await open(nextUrl(plan.urls, id), { hallId: id, token: body.data.token });
      await ask(s, 'window:open', { requestId: rid('open'), windowId: i + 1 });
      return s;
    });
    const tokens = await inBatches(plan.backlog, 20, async (i) => {
      const ack = await ask(kiosk, 'ticket:issue', { requestId: rid('backlog'), categoryId: plan.windowCategories[i % plan.windowCategories.length] });
      return ack.data!.token!;
    });
    return { id, kiosk, consoles, tokens };
  });
}

async function connectPhones(urls: string[], halls: Array<{ id: string; tokens: string[] }>, perHall: number): Promise<number> {
  for (const hall of halls) {
    await inBatches(Math.min(perHall, hall.tokens.length), 20, async (i) => {
      const phone = await open(nextUrl(urls, hall.id), { hallId: hall.id, role: 'mobile' });
      await ask(phone, 'ticket:watch', { token: hall.tokens[i] });
    });
  }
  return sockets.length;
}

/** One cycle at window w of hall h; pushes its timings when `keep`. */
async function cycle(plan: ClusterClientPlan, h: HallClients, w: number, keep: ClusterClientResult | null): Promise<void> {
  const console = h.consoles[w]!;
  const t0 = performance.now();
  await ask(h.kiosk, 'ticket:issue', { requestId: rid('issue'), categoryId: plan.windowCategories[w] });
  const t1 = performance.now();
  const called = await ask(console, 'queue:callNext', { requestId: rid('call') });
  const t2 = performance.now();
  const number = called.data!.ticket!.number;
  await ask(console, 'ticket:finish', { requestId: rid('finish'), matterId: `${number.charAt(0)}01` });
  const t3 = performance.now();
  if (keep) {
    keep.issue.push(t1 - t0);
    keep.call.push(t2 - t1);
    keep.finish.push(t3 - t2);
    screenWaits.push({ key: `${h.id}|${number}`, sent: t1 });
  }
}

const screenWaits: Array<{ key: string; sent: number }> = [];

/** Open loop at plan.rate (section (d)'s staggered arrivals), then the closed-loop run. */
async function drive(plan: ClusterClientPlan, halls: HallClients[]): Promise<ClusterClientResult> {
  const result: ClusterClientResult = { call: [], screen: [], issue: [], finish: [], failures: [], commandsPerSecond: 0, saturateFailures: [] };
  const windowChain = new Map<Socket, Promise<void>>();
  const nextWindow = new Map<string, number>();
  const start = performance.now() + 100;
  const done: Array<Promise<void>> = [];
  for (let k = 0; k < plan.cycles; k++) {
    const h = halls[k % halls.length]!;
    const w = nextWindow.get(h.id) ?? 0;
    nextWindow.set(h.id, (w + 1) % h.consoles.length);
    const console = h.consoles[w]!;
    const keep = k >= plan.warmup ? result : null;
    const wait = start + (k * 1000) / plan.rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const run = (windowChain.get(console) ?? Promise.resolve()).then(() => cycle(plan, h, w, keep)).catch((err: unknown) => {
      result.failures.push(String(err));
    });
    windowChain.set(console, run);
    done.push(run);
  }
  await Promise.all(done);
  await new Promise((r) => setTimeout(r, 500));
  for (const { key, sent } of screenWaits) {
    const at = onScreen.get(key);
    if (at === undefined) result.failures.push(`the hall screen never showed ${key}`);
    else result.screen.push(at - sent);
  }
  if (plan.saturateSeconds > 0) {
    await new Promise((r) => setTimeout(r, 1000));
    const end = performance.now() + plan.saturateSeconds * 1000;
    let commands = 0;
    const t0 = performance.now();
    await Promise.all(
      halls.flatMap((h) =>
        h.consoles.map(async (_, w) => {
          while (performance.now() < end) {
            try {
              await cycle(plan, h, w, null);
              commands += 3;
            } catch (err) {
              result.saturateFailures.push(String(err));
              return;
            }
          }
        }),
      ),
    );
    result.commandsPerSecond = commands / ((performance.now() - t0) / 1000);
  }
  return result;
}

type Message =
  | { type: 'setup'; plan: ClusterClientPlan }
  | { type: 'go' }
  | { type: 'phones'; urls: string[]; ownerUrls?: Record<string, string> | undefined; halls: Array<{ id: string; tokens: string[] }>; perHall: number };

let plan: ClusterClientPlan | null = null;
let halls: HallClients[] = [];

const isChild = (process.argv.includes('--cluster-clients') || process.argv.includes('--cluster-phones')) && process.send !== undefined;

if (isChild) {
  process.on('message', (m: Message) => {
    const fail = (err: unknown) => process.send!({ type: 'error', error: String(err) });
    if (m.type === 'setup') {
      plan = m.plan;
      direct = plan.ownerUrls;
      setUp(plan).then((h) => {
        halls = h;
        process.send!({ type: 'ready', sockets: sockets.length, tokens: h.map((x) => ({ id: x.id, tokens: x.tokens })) });
      }, fail);
    } else if (m.type === 'phones') {
      direct = m.ownerUrls;
      connectPhones(m.urls, m.halls, m.perHall).then((n) => process.send!({ type: 'phones-ready', sockets: n }), fail);
    } else if (m.type === 'go') {
      drive(plan!, halls).then((r) => process.send!({ type: 'result', result: r }), fail);
    }
  });
  process.on('disconnect', () => {
    for (const s of sockets) s.disconnect();
    process.exit(0);
  });
}

import { io, type Socket } from 'socket.io-client';
import type { Ack, CallResult, IssuedTicketView, RatingLevel } from '../../../src-main/contracts';

// "An hour of hall day" at a township hall, in real time but fast: a kiosk issues numbers in waves over
// several categories, staff at a few windows call, recall, mark no-shows, transfer, pause, serve and
// finish, and the window screens rate some services (low ratings with a reason). Everything goes through
// the hall server's sockets as the kiosk, counters and screens send it. The script counts what it did.

export interface WindowPlan {
  windowId: number;
  staff: string;
}

export interface HourPlan {
  tickets: number;
  /** Categories the kiosk issues in turn (each served by some window of the plan). */
  categories: string[];
  windows: WindowPlan[];
  /** Numbers issued per wave, and the pause between waves (ms): waits are then some seconds long. */
  wave: number;
  waveEveryMs: number;
  /** Every n-th call of the hall is recalled once and then marked a no-show. */
  noShowEvery: number;
  /** Every n-th finished service is rated at its window's screen. */
  rateEvery: number;
  /** Every n-th call (not a no-show) is transferred to category `transferTo` instead of finished. */
  transferEvery?: number;
  transferTo?: string;
  /** Each window pauses once, after its n-th service, for a moment. */
  pauseAfter?: number;
  /** The script gives up (throws) after this long: a category nobody serves would otherwise wait forever. */
  deadlineMs?: number;
}

export interface HourRecord {
  issued: number;
  calls: number;
  finished: number;
  noShows: number;
  transfers: number;
  rated: number;
  ratings: Record<RatingLevel, number>;
}

const LEVELS: RatingLevel[] = ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'satisfied', 'very-satisfied', 'very-dissatisfied'];

type Client = Socket;
const opened = new Set<Client>();

let counter = 0;
export const rid = () => `city-${process.pid}-${Date.now().toString(36)}-${(++counter).toString(36)}`;

export function connect(url: string, auth: object): Promise<Client> {
  const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: url } });
  opened.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

export function closeClients(): void {
  for (const s of opened) s.disconnect();
  opened.clear();
}

export async function ask<T>(socket: Client, event: string, payload: unknown, timeoutMs = 10_000): Promise<Ack<T>> {
  return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
}

export async function must<T>(socket: Client, event: string, payload: unknown): Promise<T> {
  const ack = await ask<T>(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} refused: ${ack.code} ${ack.messageEn}`);
  return ack.data;
}

export async function staffLogin(url: string, hallId: string, username: string, password = 'demo1234'): Promise<string> {
  const res = await fetch(`${url}/api/halls/${hallId}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as Ack<{ token: string }>;
  if (!body.ok) throw new Error(`login ${username} at ${hallId}: ${body.code}`);
  return body.data.token;
}

export async function runHallHour(url: string, hallId: string, plan: HourPlan): Promise<HourRecord> {
  const record: HourRecord = { issued: 0, calls: 0, finished: 0, noShows: 0, transfers: 0, rated: 0, ratings: { 'very-satisfied': 0, satisfied: 0, basic: 0, dissatisfied: 0, 'very-dissatisfied': 0 } };
  const kiosk = await connect(url, { hallId, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
  await must(kiosk, 'kiosk:status', { printer: 'ok', reader: 'ok' });
  const windows = await Promise.all(
    plan.windows.map(async (w) => ({
      plan: w,
      staff: await connect(url, { hallId, token: await staffLogin(url, hallId, w.staff) }),
      screen: await connect(url, { hallId, deviceId: `window-screen-${w.windowId}`, deviceKey: `demo-window-${w.windowId}` }),
    })),
  );
  for (const w of windows) await must(w.staff, 'window:open', { requestId: rid(), windowId: w.plan.windowId });

  let issuing = true;
  let closed = 0;
  const deadline = Date.now() + (plan.deadlineMs ?? 120_000);
  const issue = async () => {
    for (let i = 0; i < plan.tickets; ) {
      for (let k = 0; k < plan.wave && i < plan.tickets; k++, i++) {
        const categoryId = plan.categories[i % plan.categories.length]!;
        await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId });
        record.issued++;
      }
      await sleep(plan.waveEveryMs);
    }
    issuing = false;
  };

  const work = async (w: (typeof windows)[number]) => {
    let served = 0;
    let paused = false;
    for (;;) {
      const ack = await ask<CallResult>(w.staff, 'queue:callNext', { requestId: rid() });
      if (!ack.ok) {
        if (ack.code !== 'NO_WAITING_TICKET') throw new Error(`queue:callNext at window ${w.plan.windowId}: ${ack.code} ${ack.messageEn}`);
        if (!issuing && closed === record.issued) return;
        if (Date.now() > deadline) throw new Error(`${hallId}: the hour did not end in time: ${record.issued} issued, ${closed} finished or missed (${JSON.stringify(record)})`);
        await sleep(40);
        continue;
      }
      const n = ++record.calls;
      const ticket = ack.data.ticket;
      if (n % plan.noShowEvery === 0) {
        await must(w.staff, 'ticket:recall', { requestId: rid() });
        await must(w.staff, 'ticket:noShow', { requestId: rid() });
        record.noShows++;
        closed++;
        continue;
      }
      await must(w.staff, 'ticket:start', { requestId: rid() });
      if (plan.transferEvery && plan.transferTo && n % plan.transferEvery === 0 && ticket.categoryId !== plan.transferTo) {
        await must(w.staff, 'ticket:transfer', { requestId: rid(), to: { categoryId: plan.transferTo } });
        record.transfers++;
        continue;
      }
      await sleep(5);
      await must(w.staff, 'ticket:finish', { requestId: rid(), matterId: `${ticket.categoryId}01` });
      record.finished++;
      closed++;
      served++;
      if (record.finished % plan.rateEvery === 0) {
        const level = LEVELS[(record.finished / plan.rateEvery) % LEVELS.length]!;
        const low = level === 'dissatisfied' || level === 'very-dissatisfied';
        await must(w.screen, 'ticket:rate', { requestId: rid(), ticketId: ticket.id, level, reasons: low ? ['等候时间长'] : [] });
        record.rated++;
        record.ratings[level]++;
      }
      if (plan.pauseAfter && !paused && served >= plan.pauseAfter) {
        paused = true;
        await must(w.staff, 'window:pause', { requestId: rid(), reason: '休息' });
        await sleep(100);
        await must(w.staff, 'window:resume', { requestId: rid() });
      }
    }
  };

  await Promise.all([issue(), ...windows.map(work)]);
  for (const w of windows) await must(w.staff, 'window:close', { requestId: rid() });
  kiosk.disconnect();
  for (const w of windows) {
    w.staff.disconnect();
    w.screen.disconnect();
  }
  return record;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import type { Clock } from '../../src-main/app/ports';
import type { WireEvent } from '../../src-main/contracts';
import { HttpTransport, LinkClient } from '../../src-main/edge/link-client';
import { writeKeyFile } from '../../src-main/hall/id-hash-key';
import { summarize } from '../stats';
import { cityHallConfig, cityLogin, startServer, stopChild, writeCityConfig } from './city-files';
import { eventsOf, makeTemplate, profileOf } from './sim-events';
import type { SimPlan } from './sim-halls';

// (f)(ii) The city's live view with 300 linked halls: one city server (--city with 300 members and their
// keys), 300 simulated township uplinks (signed hello, status and events, by the edge's own LinkClient)
// from two child processes, each hall sending a few events a minute; then the city page in Chromium.
//
//   time to first paint: a signed-in supervisor opens /city/ (session in sessionStorage, as after a login);
//   from navigation start to the animation frame in which every hall's row is in the table.
//   update latency: probe halls (10 of the 300, driven from this process) each send a TicketIssued in turn;
//   from just before the signed POST leaves to the animation frame after the hall's waiting cell in the
//   table shows the new count (a MutationObserver in the page notes it). Both clocks are this machine's.

const ROOT = join(import.meta.dirname, '../..');
const ROWS = 'tr[data-testid="hall-row"]';

export interface CityViewOptions {
  halls: number;
  probes: number;
  /** Probe events sent (one every probeEveryMs, round robin over the probe halls). */
  samples: number;
  probeEveryMs: number;
  /** Mean time between two events of one background hall. */
  everyMs: number;
  chromium: string;
}

export interface CityViewResult {
  rows: number;
  firstPaintMs: number;
  latencies: number[];
  missed: number;
  backgroundSent: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startSim(planFile: string): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/city/sim-halls.ts', planFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const parts = out.split('\n');
      out = parts.pop()!;
      lines.push(...parts);
      if (parts.some((l) => l.startsWith('sim ready'))) resolve({ child, lines });
    });
    child.once('exit', (code) => reject(new Error(`simulated halls exited ${code}: ${lines.join('\n')}`)));
  });
}

export async function cityView(dir: string, o: CityViewOptions, log: (line: string) => void): Promise<CityViewResult> {
  if (!existsSync(join(ROOT, 'dist/renderer/city/index.html'))) {
    log('  building the pages (dist/renderer has no city page)');
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
  const idKey = join(dir, 'id-hash.key');
  writeKeyFile(idKey, 'bench-only-id-hash-key-0123456789abcdef');
  const halls = Array.from({ length: o.halls }, (_, i) => {
    const id = `township-${String(i + 1).padStart(3, '0')}`;
    const key = randomBytes(30).toString('base64url');
    const keyFile = join(dir, `${id}.link.key`);
    writeFileSync(keyFile, key, { mode: 0o600 });
    return { id, name: `${i + 1}号乡镇便民服务中心`, key, keyFile };
  });
  const cityFile = writeCityConfig(dir, halls.map((h) => ({ id: h.id, name: h.name, keyFile: h.keyFile })));
  const city = await startServer(['src-main/hall/main.ts', '--port', '0', '--host', '127.0.0.1', '--data', join(dir, 'city.sqlite'), '--config', cityHallConfig(dir, idKey), '--city', cityFile], /Hall server ready at (http:\/\/\S+)/);
  const sims: ChildProcess[] = [];
  let browser: Browser | null = null;
  try {
    // Background halls from two processes; the probe halls from this one.
    const probes = halls.slice(-o.probes);
    const background = halls.slice(0, halls.length - o.probes);
    const startAt = Date.now() - 3 * 3_600_000;
    const half = Math.ceil(background.length / 2);
    const simLines: string[][] = [];
    for (const [i, part] of [background.slice(0, half), background.slice(half)].entries()) {
      const plan: SimPlan = { cityUrl: city.url, halls: part.map(({ id, name, key }) => ({ id, name, key })), kind: 'busy', everyMs: o.everyMs, startAt, templateEvents: 200 };
      const file = join(dir, `sim-${i}.json`);
      writeFileSync(file, JSON.stringify(plan));
      const sim = await startSim(file);
      sims.push(sim.child);
      simLines.push(sim.lines);
    }
    const template = await makeTemplate('issues', Math.ceil(o.samples / o.probes) + 2, startAt);
    const transport = new HttpTransport(city.url);
    const clock: Clock = { now: () => Date.now() };
    const signal = new AbortController().signal;
    const probeHalls = probes.map((h) => ({ ...h, client: new LinkClient(transport, h.id, h.key, clock), events: eventsOf(template, h.id), next: 1 }));
    const path = (id: string, what: string) => `/api/halls/${id}/uplink/${what}`;
    const send = async (p: (typeof probeHalls)[number]) => {
      const e: WireEvent = p.events[p.next - 1]!;
      const a = (await p.client.call('POST', path(p.id, 'events'), { fromSeq: p.next, events: [e] }, signal)).body as { lastSeq: number };
      p.next = a.lastSeq + 1;
    };
    for (const p of probeHalls) {
      await p.client.call('POST', path(p.id, 'hello'), { profile: profileOf(p.id, p.name), software: 'city-bench' }, signal);
      await send(p); // the day's opening: the row shows 0 waiting
    }

    const { body } = await cityLogin(city.url);
    const { chromium } = await import('@playwright/test');
    browser = await chromium.launch({ executablePath: o.chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const expected = o.halls + 1; // and the city's own hall
    // In the page (a string: this project's Node code has no DOM types): note the frame in which every row is
    // there, and each change of a probe hall's waiting cell with the time of the frame that shows it.
    const init = `
      sessionStorage.setItem('hall.city.session', ${JSON.stringify(JSON.stringify(body))});
      window.__rowsAt = null;
      window.__seen = [];
      const rows = ${JSON.stringify(ROWS)};
      const probeIds = ${JSON.stringify(probes.map((p) => p.id))};
      const last = new Map();
      const observe = () => {
        if (window.__rowsAt === null && document.querySelectorAll(rows).length >= ${expected}) requestAnimationFrame(() => { if (window.__rowsAt === null) window.__rowsAt = performance.now(); });
        for (const id of probeIds) {
          const text = document.querySelector(rows + '[data-hall="' + id + '"] [data-testid="hall-waiting"]')?.textContent?.trim();
          if (text === undefined || last.get(id) === text) continue;
          last.set(id, text);
          requestAnimationFrame(() => window.__seen.push({ hall: id, waiting: text, at: performance.timeOrigin + performance.now() }));
        }
      };
      new MutationObserver(observe).observe(document, { childList: true, subtree: true, characterData: true });
    `;
    await page.addInitScript({ content: init });
    await page.goto(`${city.url}/city/`);
    await page.waitForFunction(() => (globalThis as unknown as { __rowsAt: number | null }).__rowsAt !== null, null, { timeout: 60_000 });
    const firstPaintMs = await page.evaluate(() => (globalThis as unknown as { __rowsAt: number }).__rowsAt);
    const rows = await page.locator(ROWS).count();

    // Probes: one TicketIssued every probeEveryMs, round robin; the row should then show `seq - 1` waiting.
    const sent: Array<{ hall: string; waiting: string; at: number }> = [];
    await sleep(1000);
    for (let i = 0; i < o.samples; i++) {
      const p = probeHalls[i % probeHalls.length]!;
      const waiting = String(p.next - 1);
      const at = Date.now();
      sent.push({ hall: p.id, waiting, at });
      await send(p);
      await sleep(Math.max(0, o.probeEveryMs - (Date.now() - at)));
    }
    await sleep(3000);
    const seen = await page.evaluate(() => (globalThis as unknown as { __seen: Array<{ hall: string; waiting: string; at: number }> }).__seen);
    const latencies: number[] = [];
    let missed = 0;
    for (const s of sent) {
      const shown = seen.find((x) => x.hall === s.hall && x.waiting === s.waiting && x.at >= s.at);
      if (shown) latencies.push(shown.at - s.at);
      else missed++;
    }
    transport.close();
    const backgroundSent = simLines.map((l) => l.filter((x) => x.startsWith('sent')).at(-1) ?? 'sent ?').join(', ');
    return { rows, firstPaintMs, latencies, missed, backgroundSent };
  } finally {
    await browser?.close();
    for (const s of sims) await stopChild(s);
    await stopChild(city.child);
  }
}

export function cityViewLines(r: CityViewResult, o: CityViewOptions): { lines: string[]; failed: boolean } {
  const lat = summarize(r.latencies);
  const paintOk = r.rows >= o.halls && r.firstPaintMs < 2000;
  const latOk = r.missed === 0 && lat.p99 < 1500;
  return {
    lines: [
      `  time to first paint of all ${r.rows} rows (navigation → frame with every row): ${r.firstPaintMs.toFixed(0)} ms   target < 2000 ms ${paintOk ? 'PASS' : 'FAIL'}`,
      `  update latency, probe event sent → row shows it: p50 ${lat.p50.toFixed(0)} ms  p99 ${lat.p99.toFixed(0)} ms  max ${lat.max.toFixed(0)} ms  (${lat.n} samples, ${r.missed} not shown)   target p99 < 1500 ms ${latOk ? 'PASS' : 'FAIL'}`,
      `  background halls meanwhile: ${r.backgroundSent}`,
    ],
    failed: !(paintOk && latOk),
  };
}

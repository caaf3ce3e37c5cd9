import { expect, type Page } from '@playwright/test';
import { test } from './support/csp-guard';
import { checkpoint } from './support/a11y';
import type { Socket } from 'socket.io-client';
import type { CallResult, IssuedTicketView } from '../../src-main/contracts';
import { HallClients } from './support/clients';
import { startE2eHall, type E2eHall } from './support/hall-server';

// The hall screen against the real server: a kiosk issues, a counter calls (both over socket.io, as the pages
// do), and the screen shows the number within a second and announces it with the recorded clips. Then the
// server is stopped and started again, and the screen must come back by itself.

const SENTENCE_A001_AT_3 = ['qing', 'A', '0', '0', '1', 'hao', 'dao', '3', 'hao', 'chuangkou', 'banli'];

interface LogEntry {
  seq: number;
  number: string;
  windowId: number;
  recall: boolean;
  clips: string[];
  status: string;
  via: string | null;
  error: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

let hall: E2eHall;
let page: Page;
const voiceResponses: Array<{ url: string; status: number }> = [];
const pageErrors: string[] = [];
const clients = new HallClients(() => hall.url, 'demo-county', 'e2e-hd');
const { rid } = clients;
const connect = (auth: object) => clients.connect(auth);
const must = <T,>(s: Socket, event: string, payload: object) => clients.must<T>(s, event, payload);
const staffAt = (username: string, windowId: number) => clients.staffAt(username, windowId);
const kiosk = () => connect({ hallId: hall.hallId, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
const issue = (k: Socket, categoryId: string) => must<IssuedTicketView>(k, 'ticket:issue', { requestId: rid(), categoryId });
const announcerLog = () => page.evaluate(() => (window as unknown as { __announcer: { log: LogEntry[] } }).__announcer.log);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  hall = await startE2eHall();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/voice/')) voiceResponses.push({ url: r.url(), status: r.status() });
  });
  page.on('requestfailed', (r) => {
    if (r.url().includes('/voice/')) voiceResponses.push({ url: r.url(), status: 0 });
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${hall.url}/hall-display/?hall=${hall.hallId}&device=hall-screen&key=demo-display`);
});

test.afterAll(async () => {
  clients.closeAll();
  await page?.close();
  await hall?.stop();
});

test('shows the hall, then a call within a second, and announces exactly the sentence twice after a chime', async () => {
  await expect(page.getByTestId('hall-name')).toHaveText('示范县政务服务中心');
  await expect(page.getByTestId('connection-banner')).toBeHidden();
  await expect(page.getByTestId('current-call')).toContainText('暂无叫号');
  // The device key leaves the address bar once stored.
  expect(page.url()).not.toContain('key=');
  await expect(page.getByTestId('hall-clock')).toContainText(/\d{2}:\d{2}:\d{2}/);

  const k = await kiosk();
  const ticket = await issue(k, 'A');
  expect(ticket.ticket.number).toBe('A001');
  await expect(page.locator('[data-category="A"] [data-testid="queue-waiting"]')).toHaveText('1');

  const staff = await staffAt('staff03', 3);
  const called = await must<CallResult>(staff, 'queue:callNext', { requestId: rid() });
  const calledAt = Date.now();
  expect(called.ticket.number).toBe('A001');
  await expect(page.getByTestId('current-number')).toHaveText('A001', { timeout: 1000 });
  expect(Date.now() - calledAt).toBeLessThan(1000);
  await expect(page.getByTestId('current-window')).toHaveText('3号窗口');
  await expect(page.locator('[data-category="A"] [data-testid="queue-waiting"]')).toHaveText('0');

  await expect.poll(async () => (await announcerLog()).length).toBe(1);
  const [entry] = await announcerLog();
  expect(entry).toMatchObject({ number: 'A001', windowId: 3, recall: false });
  expect(entry!.clips).toEqual(['chime', ...SENTENCE_A001_AT_3, ...SENTENCE_A001_AT_3]);

  // Really played through Web Audio (chime + two sentences take about 12 s), with every clip fetched.
  await expect.poll(async () => (await announcerLog())[0]?.status, { timeout: 25_000 }).toBe('played');
  expect((await announcerLog())[0]!.via).toBe('clips');
  // Kiosk Chromium allows autoplay: no "click to enable" overlay.
  await expect(page.getByTestId('enable-audio')).toBeHidden();
  const fetched = new Set(voiceResponses.map((r) => new URL(r.url).pathname));
  for (const file of ['manifest.json', 'chime.wav', 'qing.wav', 'letter-a.wav', 'digit-0.wav', 'digit-1.wav', 'digit-3.wav', 'hao.wav', 'dao.wav', 'chuangkou.wav', 'banli.wav']) {
    expect(fetched, file).toContain(`/voice/${file}`);
  }
  expect(voiceResponses.filter((r) => r.status !== 200)).toEqual([]);

  // A recall is announced again, under a new sequence number.
  await must(staff, 'ticket:recall', { requestId: rid() });
  await expect.poll(async () => (await announcerLog()).length).toBe(2);
  const recall = (await announcerLog())[1]!;
  expect(recall).toMatchObject({ number: 'A001', recall: true });
  expect(recall.seq).toBeGreaterThan(entry!.seq);
  expect(recall.clips).toEqual(entry!.clips);
  await expect(page.getByTestId('current-call')).toContainText('重呼');
});

test('without its device link the screen says how to open it; a wrong key is named in the banner', async ({ browser }) => {
  const bare = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await bare.goto(`${hall.url}/hall-display/`);
  await expect(bare.getByTestId('missing-device')).toContainText('本屏幕尚未绑定设备');
  await expect(bare.getByTestId('missing-device')).toContainText('/hall-display/?hall=');
  await bare.goto(`${hall.url}/hall-display/?hall=${hall.hallId}&device=hall-screen&key=wrong-key`);
  await expect(bare.getByTestId('connection-banner')).toContainText('无法连接');
  await bare.close();
});

test('after the server restarts the screen recovers by itself, keeps the calls from before and shows new ones', async () => {
  await hall.stop('SIGTERM');
  await expect(page.getByTestId('connection-banner')).toBeVisible({ timeout: 5000 });
  await expect(page.getByTestId('connection-banner')).toContainText('连接已断开');
  // What was on screen stays there while offline.
  await expect(page.getByTestId('current-number')).toHaveText('A001');

  await hall.restart();
  await expect(page.getByTestId('connection-banner')).toBeHidden({ timeout: 10_000 });
  await expect(page.getByTestId('current-number')).toHaveText('A001');

  const k = await kiosk();
  expect((await issue(k, 'A')).ticket.number).toBe('A002');
  const staff2 = await staffAt('staff02', 2);
  const called = await must<CallResult>(staff2, 'queue:callNext', { requestId: rid() });
  expect(called.ticket.number).toBe('A002');
  await expect(page.getByTestId('current-number')).toHaveText('A002', { timeout: 1000 });
  await expect(page.getByTestId('current-window')).toHaveText('2号窗口');
  await expect(page.getByTestId('previous-call').first()).toContainText('A001');
  await expect.poll(async () => (await announcerLog()).map((e) => e.number)).toEqual(['A001', 'A001', 'A002']);
  const a002 = (await announcerLog())[2]!;
  expect(a002.clips.slice(0, 13)).toEqual(['chime', 'qing', 'A', '0', '0', '2', 'hao', 'dao', '2', 'hao', 'chuangkou', 'banli', 'qing']);
});

test('screenshot of a busy hall at 1920×1080: nothing overflows', async () => {
  const k = await kiosk();
  for (const [category, count] of [['A', 6], ['B', 4], ['C', 9], ['D', 3], ['E', 5]] as const) {
    for (let i = 0; i < count; i++) await issue(k, category);
  }
  const staffWindows: Array<[string, number]> = [['staff01', 1], ['staff04', 4], ['staff06', 6], ['staff07', 7], ['staff11', 11], ['staff12', 12], ['staff08', 8]];
  for (const [username, windowId] of staffWindows) {
    const s = await staffAt(username, windowId);
    await must(s, 'queue:callNext', { requestId: rid() });
  }
  const last = await staffAt('staff05', 5);
  const final = await must<CallResult>(last, 'queue:callNext', { requestId: rid() });
  await expect(page.getByTestId('current-number')).toHaveText(final.ticket.number);
  await expect(page.getByTestId('history-call')).not.toHaveCount(0);
  // D is served by windows 9 and 10, both closed: no estimate.
  await expect(page.locator('[data-category="D"] [data-testid="queue-estimate"]')).toContainText('暂无窗口办理');
  // A steady frame: the highlight settled and the notice shown from its start instead of mid-scroll.
  // A constructed style sheet (CSSOM), not a <style> tag: the page's CSP allows no inline style.
  await page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, '*, *::before, *::after { animation: none !important; } [data-testid="notice"] .text { padding-left: 1.5rem !important; }');
  await checkpoint(page, 'hall-display');
  const overflow = await page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight) out.push('page scrolls');
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="queue-card"], [data-testid="current-call"], [data-testid="previous-call"], [data-testid="call-history"]')) {
      if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) out.push(`${el.dataset.testid} ${el.dataset.category ?? ''} overflows`);
      const r = el.getBoundingClientRect();
      if (r.bottom > innerHeight || r.right > innerWidth) out.push(`${el.dataset.testid} leaves the screen`);
    }
    return out;
  });
  expect(overflow).toEqual([]);
  const numberSize = await page.getByTestId('current-number').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(numberSize).toBeGreaterThanOrEqual(120);
  expect(pageErrors).toEqual([]);

});

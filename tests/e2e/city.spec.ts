import { expect, type Browser, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Clock } from '../../src-main/app/ports';
import type { CitySettings } from '../../src-main/city/city-settings';
import type { HallConfig, IssuedTicketView } from '../../src-main/contracts';
import { catalogueSchema, cityConfigSchema, hallConfigSchema } from '../../src-main/contracts';
import { nextDay, zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { createLogger } from '../../src-main/hall/logger';
import type { RunningHallServer } from '../../src-main/hall/server';
import { startHallServer } from '../../src-main/hall/server';
import { TcpProxy } from '../city/support/tcp-proxy';
import { HallClients } from './support/clients';
import { test } from './support/csp-guard';
import { checkpoint } from './support/a11y';

// The city page against a real city platform and a real township hall, both hall servers in this process:
// the city runs the demo county hall itself and links a township hall (a copy of the demo hall) through a
// TCP proxy the test can cut; a village member never connects. Both servers share one clock that runs in
// real time and that the test can move on, so waits cross their thresholds in a moment while the link's
// signed requests (checked against the city's clock) stay in time.

const ROOT = join(import.meta.dirname, '../..');
const MINUTE = 60_000;
const COUNTY = 'demo-county';
const TOWNSHIP = 'demo-township';
const VILLAGE = 'demo-village';
const SUPERVISOR = { username: 'shijian', password: 'city-watch-pass' };

/** Real time plus an offset the test moves on. */
class MovableClock implements Clock {
  private offset: number;
  constructor(start: number) {
    this.offset = start - Date.now();
  }
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

// The test moves the clock 80 minutes on and must not cross the halls' midnight (the day would close).
function startAwayFromMidnight(now: number, minutes: number): number {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  const midnight = zonedEpoch(nextDay(today), 0, 'Asia/Shanghai');
  return midnight - now < minutes * MINUTE ? midnight + 5 * MINUTE : now;
}

const clock = new MovableClock(startAwayFromMidnight(Date.now(), 120));
let city: RunningHallServer;
let township: RunningHallServer;
let proxy: TcpProxy;
let dir: string;
let page: Page;
const county = new HallClients(() => city.url, COUNTY, 'e2e-city-county');
const town = new HallClients(() => township.url, TOWNSHIP, 'e2e-city-town');

const row = (hallId: string) => page.locator(`[data-testid="hall-row"][data-hall="${hallId}"]`);

async function signIn(p: Page, username: string, password: string): Promise<void> {
  await p.goto(`${city.url}/city/`);
  await p.evaluate(() => sessionStorage.clear());
  await p.reload();
  await p.getByTestId('login-username').fill(username);
  await p.getByTestId('login-password').fill(password);
  await p.getByTestId('login-submit').click();
}

/** Both halls look at their alerts now (the supervision tick would, within seconds). */
async function checkAlerts(): Promise<void> {
  await city.halls.get(COUNTY)!.alerts.check();
  await township.halls.get(TOWNSHIP)!.alerts.check();
}

/**
 * Every visible piece of text on the page against the background it is drawn on: at least 4.5:1 (3:1 for
 * large text, 24 px or 18.66 px bold). Returns what falls short.
 */
async function contrastProblems(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const parse = (c: string): [number, number, number, number] => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : [0, 0, 0, 0];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): [number, number, number] => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0.5) return [c[0], c[1], c[2]];
      }
      return [255, 255, 255];
    };
    const problems: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
      const fg = parse(style.color);
      const bg = background(el);
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const opacity = Number(style.opacity);
      if (ratio < (large ? 3 : 4.5) || opacity < 1) problems.push(`${ratio.toFixed(2)}:1 "${n.textContent.trim().slice(0, 30)}" (${style.color} on rgb(${bg.join(',')}))`);
    }
    return problems;
  });
}

function cityHallConfig(): HallConfig {
  return hallConfigSchema.parse(parseYaml(readFileSync(join(ROOT, 'resources/halls/demo.yaml'), 'utf8')));
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  dir = mkdtempSync(join(tmpdir(), 'hall-e2e-city-'));
  mkdirSync(join(dir, 'city'));
  mkdirSync(join(dir, 'township'));
  const countyConfig = cityHallConfig();
  const townshipConfig = hallConfigSchema.parse({ ...parseYaml(readFileSync(join(ROOT, 'resources/halls/demo.yaml'), 'utf8')), id: TOWNSHIP, name: '示范镇便民服务中心', nameEn: 'Demo Township Service Centre' });
  const townshipKey = randomBytes(30).toString('base64url');
  const villageKey = randomBytes(30).toString('base64url');
  // The city's catalogue: the demo hall's categories and rules, as version 1.
  const catalogue = catalogueSchema.parse({
    categories: countyConfig.categories.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, defaultServiceMinutes: c.defaultServiceMinutes, dailyCap: c.dailyCap, matters: c.matters })),
    closedDates: countyConfig.closedDates,
    specialDays: countyConfig.booking.specialDays,
    lowRatingReasons: countyConfig.evaluation.lowReasons,
    supervision: countyConfig.supervision,
  });
  const settings: CitySettings = {
    config: cityConfigSchema.parse({
      id: 'demo-city',
      name: '示范市政务服务管理局',
      nameEn: 'Demo City Government Services',
      timeZone: 'Asia/Shanghai',
      // Silent for 3 s is 失联 here (ten minutes in a real city).
      offlineAlertMinutes: 0.05,
      members: [
        { id: COUNTY, level: 'county' },
        { id: TOWNSHIP, name: '示范镇便民服务中心', nameEn: 'Demo Township Service Centre', level: 'township', keyEnv: 'E2E_TOWNSHIP_KEY' },
        { id: VILLAGE, name: '示范村便民服务站', nameEn: 'Demo Village Service Point', level: 'village', keyEnv: 'E2E_VILLAGE_KEY' },
      ],
      accounts: [{ username: SUPERVISOR.username, displayName: '市监察员', role: 'supervisor', password: SUPERVISOR.password }],
    }),
    keys: new Map([
      [TOWNSHIP, townshipKey],
      [VILLAGE, villageKey],
    ]),
    initialCatalogue: catalogue,
  };
  const log = createLogger('warn');
  city = await startHallServer({ configs: [countyConfig], dbFile: join(dir, 'city/hall.sqlite'), port: 0, host: '127.0.0.1', clock, staticDir: join(ROOT, 'dist/renderer'), log, city: settings });
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: city.port });
  township = await startHallServer({
    configs: [townshipConfig],
    dbFile: join(dir, 'township/hall.sqlite'),
    port: 0,
    host: '127.0.0.1',
    clock,
    staticDir: null,
    log,
    uplink: { cityUrl: proxy.url, halls: [{ id: TOWNSHIP, key: townshipKey }] },
  });
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
});

test.afterAll(async () => {
  county.closeAll();
  town.closeAll();
  await page?.close();
  await township?.close();
  await proxy?.close();
  await city?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a wrong password is refused; the city supervisor sees every member hall with its link state', async () => {
  await signIn(page, SUPERVISOR.username, 'wrong-password');
  await expect(page.getByTestId('login-error')).toContainText('INVALID_LOGIN');
  await expect(page.getByLabel('用户名')).toBeVisible();
  await expect(page.getByLabel('密码')).toBeVisible();
  await page.getByTestId('login-password').fill(SUPERVISOR.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('overview')).toBeVisible();
  await expect(page.getByTestId('city-name')).toHaveText('示范市政务服务管理局');
  await expect(page.getByTestId('me')).toContainText('市监察员');
  await expect(page.getByTestId('hall-row')).toHaveCount(3);
  await expect(row(COUNTY).getByTestId('link-badge')).toHaveText('本地');
  await expect(row(COUNTY).getByTestId('hall-name')).toHaveText('示范县政务服务中心');
  await expect(row(COUNTY).getByTestId('hall-catalogue')).toHaveText('本地配置');
  await expect(row(VILLAGE).getByTestId('link-badge')).toHaveText('从未连接');
  await expect(row(VILLAGE)).toHaveClass(/down/);
  // The township said hello through its uplink: online, its own name, the city's catalogue applied.
  await expect(row(TOWNSHIP).getByTestId('link-badge')).toHaveText('在线', { timeout: 20_000 });
  await expect(row(TOWNSHIP).getByTestId('hall-contact')).toContainText(/刚刚联系|分钟前联系/);
  await expect(row(TOWNSHIP).getByTestId('hall-catalogue'))
    .toHaveText('第 1 版', { timeout: 20_000 })
    .catch((err: unknown) => {
      // What the township's uplink and the city say, for whoever reads the failure.
      throw new Error(`${(err as Error).message}\nuplink: ${JSON.stringify(township.uplinks?.health())}\ncity: ${JSON.stringify(city.city?.health())}`);
    });
  await expect(page.getByTestId('count-online')).toHaveText('在线 2');
  await expect(page.getByTestId('count-never')).toHaveText('未接入 1');
});

test('numbers issued and waits at both halls come live; alerts of every hall in one list, red first; columns sort', async () => {
  // The county hall: six numbers, three windows at work, one done and rated.
  const kioskC = await county.kiosk();
  await county.must(kioskC, 'kiosk:status', { printer: 'ok', reader: 'ok' });
  for (const c of ['A', 'A', 'C', 'C', 'C', 'E', 'B', 'D']) await county.must<IssuedTicketView>(kioskC, 'ticket:issue', { requestId: county.rid(), categoryId: c });
  const c6 = await county.staffAt('staff06', 6);
  const c1 = await county.staffAt('staff01', 1);
  await county.must(c6, 'queue:callNext', { requestId: county.rid() });
  await county.must(c1, 'queue:callNext', { requestId: county.rid() });
  const done = await county.must<{ ticket: { id: string } }>(c6, 'ticket:finish', { requestId: county.rid(), matterId: 'C02' });
  const screen6 = await county.connect({ hallId: COUNTY, deviceId: 'window-screen-6', deviceKey: 'demo-window-6' });
  await county.must(screen6, 'ticket:rate', { requestId: county.rid(), ticketId: done.ticket.id, level: 'very-satisfied' });
  await expect(row(COUNTY).getByTestId('hall-waiting')).toHaveText('6');

  // 35 minutes on: the county's numbers wait past yellow. Then the township's morning starts.
  clock.advance(35 * MINUTE);
  await checkAlerts();
  const kioskT = await town.kiosk();
  for (const c of ['A', 'E', 'C', 'C', 'A']) await town.must<IssuedTicketView>(kioskT, 'ticket:issue', { requestId: town.rid(), categoryId: c });
  const t11 = await town.staffAt('staff11', 11);
  const t6 = await town.staffAt('staff06', 6);
  await town.must(t11, 'queue:callNext', { requestId: town.rid() });
  await town.must(t6, 'queue:callNext', { requestId: town.rid() });
  const townDone = await town.must<{ ticket: { id: string } }>(t6, 'ticket:finish', { requestId: town.rid(), matterId: 'C02' });
  const townScreen = await town.connect({ hallId: TOWNSHIP, deviceId: 'window-screen-6', deviceKey: 'demo-window-6' });
  await town.must(townScreen, 'ticket:rate', { requestId: town.rid(), ticketId: townDone.ticket.id, level: 'dissatisfied', reasons: ['等候时间长'] });
  await town.must(t6, 'queue:callNext', { requestId: town.rid() });
  await expect(row(TOWNSHIP).getByTestId('hall-waiting')).toHaveText('2', { timeout: 15_000 });

  // 30 more minutes: the county's numbers have waited 65 minutes (red), the township's 30 (yellow).
  clock.advance(30 * MINUTE);
  await checkAlerts();
  await expect(row(COUNTY).getByTestId('hall-alerts')).toContainText('红色', { timeout: 20_000 });
  await expect(row(TOWNSHIP).getByTestId('hall-alerts')).toContainText('黄色', { timeout: 20_000 });
  await expect(row(COUNTY).getByTestId('hall-longest')).toHaveText(/^6\d 分钟$/);
  // Ranked: red alerts first, then the longest wait; the village that never linked has none of either.
  await expect(page.getByTestId('hall-row').first()).toHaveAttribute('data-hall', COUNTY);
  await expect(page.getByTestId('hall-row').nth(1)).toHaveAttribute('data-hall', TOWNSHIP);
  const alerts = page.getByTestId('city-alert');
  await expect(alerts.first()).toHaveClass(/red/);
  await expect(alerts.last()).toHaveClass(/yellow/);
  await expect(page.locator('[data-testid="city-alert"][data-hall="demo-township"]').first()).toContainText('示范镇便民服务中心');
  await expect(page.getByTestId('alert-badge')).toBeVisible();

  // Sorting by keyboard: the waiting column, biggest first, then the other way; the default order comes back.
  await page.getByTestId('sort-waiting').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('th[aria-sort="descending"]')).toContainText('等候');
  await expect(page.getByTestId('hall-row').first()).toHaveAttribute('data-hall', COUNTY);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('hall-row').first()).toHaveAttribute('data-hall', VILLAGE);
  await page.getByTestId('sort-reset').click();
  await expect(page.getByTestId('hall-row').first()).toHaveAttribute('data-hall', COUNTY);

  expect(await contrastProblems(page)).toEqual([]);
  await page.mouse.move(0, 0);
  await checkpoint(page, 'city-overview');
});

test('the township’s uploads stop: its row turns 失联 with a red alert; when they resume it is back online', async () => {
  // The city pushes its overview when something changed and every 15 s (a silence is no change), and the
  // township's uplink retries with a backoff: this one takes longer than the others.
  test.setTimeout(120_000);
  proxy.cut();
  await expect(row(TOWNSHIP).getByTestId('link-badge')).toHaveText('失联', { timeout: 30_000 });
  await expect(row(TOWNSHIP)).toHaveClass(/down/);
  await expect(page.getByTestId('count-offline')).toHaveText('失联 1');
  const offline = page.locator('[data-testid="city-alert"][data-kind="offline"]');
  await expect(offline).toHaveCount(1);
  await expect(offline).toHaveClass(/red/);
  await expect(offline.getByTestId('alert-hall')).toHaveText('示范镇便民服务中心');
  // Twelve minutes of silence: the row says for how long.
  clock.advance(12 * MINUTE);
  await checkAlerts();
  await expect(row(TOWNSHIP).getByTestId('hall-contact')).toHaveText(/^已失联 1[23] 分钟$/, { timeout: 20_000 });
  // The silent hall ranks above the quiet village (both are down, the township has a red alert now).
  await expect(row(TOWNSHIP)).toHaveClass(/red/);
  expect(await contrastProblems(page)).toEqual([]);
  await page.mouse.move(0, 0);
  await checkpoint(page, 'city-offline-hall');

  // English, then back to Chinese.
  await page.getByTestId('language-toggle').click();
  await expect(row(TOWNSHIP).getByTestId('link-badge')).toHaveText('Off line');
  await expect(row(TOWNSHIP).getByTestId('hall-name')).toHaveText('Demo Township Service Centre');
  await expect(page.getByTestId('tab-overview')).toContainText('City overview');
  await page.getByTestId('language-toggle').click();
  await expect(page.getByTestId('tab-overview')).toContainText('城市总览');

  proxy.restore();
  await expect(row(TOWNSHIP).getByTestId('link-badge')).toHaveText('在线', { timeout: 45_000 });
  await expect(offline).toHaveCount(0);
  await expect(page.getByTestId('count-offline')).toHaveText('失联 0');
});

test('Enter on a hall’s row opens its floor, live; Esc goes back to the same row', async () => {
  await row(TOWNSHIP).focus();
  await page.keyboard.press('Enter');
  const floor = page.getByTestId('hall-floor');
  await expect(floor).toBeVisible();
  await expect(page.getByTestId('floor-hall-name')).toHaveText('示范镇便民服务中心');
  await expect(page.getByTestId('floor-link')).toHaveText('在线');
  await expect(page.locator('[data-testid="window-card"][data-window="11"] [data-testid="window-state"]')).toHaveText('已叫号');
  await expect(page.locator('[data-testid="window-card"][data-window="6"] [data-testid="window-number"]')).toHaveText('C002');
  await expect(page.getByTestId('floor-alert').first()).toBeVisible();
  // At the township, window 1 opens and calls the next number: the floor follows as the events arrive.
  await expect(page.locator('[data-testid="window-card"][data-window="1"] [data-testid="window-state"]')).toHaveText('未开放');
  const t1 = await town.staffAt('staff01', 1);
  await town.must(t1, 'queue:callNext', { requestId: town.rid() });
  await expect(page.locator('[data-testid="window-card"][data-window="1"] [data-testid="window-number"]')).toHaveText('A001', { timeout: 15_000 });
  expect(await contrastProblems(page)).toEqual([]);
  await page.mouse.move(0, 0);
  await checkpoint(page, 'city-drill-down');

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('overview')).toBeVisible();
  await expect(row(TOWNSHIP)).toBeFocused();

  // A click on the county's row, and the back button.
  await row(COUNTY).click();
  await expect(page.getByTestId('floor-hall-name')).toHaveText('示范县政务服务中心');
  await expect(page.locator('[data-testid="window-card"][data-window="1"] [data-testid="window-number"]')).toHaveText('A001');
  // In English: the hall's English window and category names.
  await page.getByTestId('language-toggle').click();
  await expect(page.getByTestId('floor-hall-name')).toHaveText('Demo County Government Service Centre');
  await expect(page.locator('[data-testid="window-card"][data-window="1"] [data-testid="window-name"]')).toHaveText('Enterprise 1');
  await expect(page.locator('[data-testid="floor-queues"] [data-category="A"]')).toContainText('A Enterprise services');
  await expect(page.getByTestId('hall-floor')).not.toContainText('企业服务');
  await page.mouse.move(0, 0);
  await checkpoint(page, 'city-drill-down-en');
  await page.getByTestId('language-toggle').click();
  await expect(page.locator('[data-testid="floor-queues"] [data-category="A"]')).toContainText('A 企业服务');
  await page.getByTestId('floor-back').click();
  await expect(page.getByTestId('overview')).toBeVisible();
});

test('statistics: the city’s halls ranked, by category, window and month', async () => {
  await page.getByTestId('tab-stats').click();
  await expect(page.getByTestId('statistics')).toBeVisible();
  const byHall = page.getByTestId('by-hall');
  await expect(byHall.getByTestId('figures-row')).toHaveCount(2, { timeout: 15_000 });
  // Ranked by satisfaction: the county (very satisfied) above the township (dissatisfied).
  await expect(byHall.getByTestId('figures-row').first()).toHaveAttribute('data-key', COUNTY);
  await expect(byHall.getByTestId('figures-row').first()).toContainText('100.0%');
  await expect(page.getByTestId('kpi-served')).toContainText(/[2-9]/);
  await expect(page.locator('[data-testid="by-window"] [data-key="demo-township/6"]')).toContainText('示范镇便民服务中心 · 社保医保一窗');
  await expect(page.locator('[data-testid="by-category"] [data-key="C"]')).toContainText('C 社保医保');
  await expect(page.getByTestId('by-month').getByTestId('figures-row')).toHaveCount(1);
  await page.getByTestId('rank-wait').click();
  await expect(page.getByTestId('rank-wait')).toHaveAttribute('aria-pressed', 'true');
  // The date fields are labelled.
  await expect(page.getByLabel('开始日期')).toBeVisible();
  await expect(page.getByLabel('结束日期')).toBeVisible();
  await page.getByTestId('rank-satisfaction').click();
  expect(await contrastProblems(page)).toEqual([]);
  await page.mouse.move(0, 0);
  await checkpoint(page, 'city-statistics', { fullPage: true });
  // In English: halls, categories and windows by their English names.
  await page.getByTestId('language-toggle').click();
  await expect(page.locator('[data-testid="by-window"] [data-key="demo-township/6"]')).toContainText('Demo Township Service Centre · Insurance 1');
  await expect(page.locator('[data-testid="by-category"] [data-key="C"]')).toContainText('C Social and medical insurance');
  await expect(page.locator('[data-testid="by-category"] [data-key="A"]')).toContainText('A Enterprise services');
  await expect(page.getByTestId('statistics')).not.toContainText('社保医保');
  await checkpoint(page, 'city-statistics-en', { fullPage: true });
  await page.getByTestId('language-toggle').click();
  await expect(page.locator('[data-testid="by-category"] [data-key="C"]')).toContainText('C 社保医保');
});

test('a session ended on the server sends the page back to the login, saying why', async () => {
  const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('hall.city.session') ?? '{}') as { token?: string }).token);
  expect(token).toBeTruthy();
  await fetch(`${city.url}/api/city/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  await expect(page.getByTestId('session-ended')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('login')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('hall.city.session'))).toBeNull();
});

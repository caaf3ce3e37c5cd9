import { expect, type Browser, type Page } from '@playwright/test';
import { test } from './support/csp-guard';
import { checkpoint } from './support/a11y';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Socket } from 'socket.io-client';
import type { HallSnapshot, IssuedTicketView } from '../../src-main/contracts';
import { hallConfigSchema } from '../../src-main/contracts';
import { createLogger } from '../../src-main/hall/logger';
import type { RunningHallServer } from '../../src-main/hall/server';
import { HallClients } from './support/clients';
import { startHallServer } from '../../src-main/hall/server';
import { ManualClock } from '../support/clock';
import { nextDay, zonedEpoch } from '../../src-main/domain/booking/zoned-time';

// The admin and supervision pages against the real hall server and the built pages. The server runs in
// this process with a hand-moved clock, so waits and pauses can run over their thresholds in seconds.

const ROOT = join(import.meta.dirname, '../..');
const MINUTE = 60_000;
const HALL = 'demo-county';

let server: RunningHallServer;
let dir: string;
let page: Page;
// The hall's clock starts at the real time (pages check their session's expiry with their own clock), but
// the test moves it 41 minutes on and must not cross the hall's midnight: close to midnight it starts just
// after it instead.
const clock = new ManualClock(startAwayFromMidnight(Date.now(), 50));

function startAwayFromMidnight(now: number, minutes: number): number {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  const midnight = zonedEpoch(nextDay(today), 0, 'Asia/Shanghai');
  return midnight - now < minutes * MINUTE ? midnight + 5 * MINUTE : now;
}
const clients = new HallClients(() => server.url, HALL, 'e2e-admin');
const { rid } = clients;
const connect = (auth: object) => clients.connect(auth);
const must = <T,>(s: Socket, event: string, payload: object) => clients.must<T>(s, event, payload);
const staffAt = (username: string, windowId: number) => clients.staffAt(username, windowId);

async function signIn(p: Page, username: string, password: string): Promise<void> {
  await p.goto(`${server.url}/admin/?hall=${HALL}`);
  // A fresh login each time: the page keeps its session in sessionStorage.
  await p.evaluate(() => sessionStorage.clear());
  await p.reload();
  await p.getByTestId('login-username').fill(username);
  await p.getByTestId('login-password').fill(password);
  await p.getByTestId('login-submit').click();
}

const serverDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  dir = mkdtempSync(join(tmpdir(), 'hall-e2e-admin-'));
  const config = hallConfigSchema.parse(parseYaml(readFileSync(join(ROOT, 'resources/halls/demo.yaml'), 'utf8')));
  server = await startHallServer({ configs: [config], dbFile: join(dir, 'hall.sqlite'), port: 0, host: '127.0.0.1', clock, staticDir: join(ROOT, 'dist/renderer'), log: createLogger('warn') });
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
});

test.afterAll(async () => {
  clients.closeAll();
  await page?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('staff cannot use the admin pages; a supervisor sees supervision, statistics and the audit log but not the configuration', async () => {
  await signIn(page, 'staff01', 'demo1234');
  await expect(page.getByTestId('login-error')).toContainText('不是管理员或监察员账号');
  await signIn(page, 'jiandu', 'demo-super');
  await expect(page.getByTestId('floor')).toBeVisible();
  await expect(page.getByTestId('me')).toContainText('监察员');
  await expect(page.getByTestId('tab-stats')).toBeVisible();
  await expect(page.getByTestId('tab-audit')).toBeVisible();
  await expect(page.getByTestId('tab-config')).toHaveCount(0);
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login')).toBeVisible();
});

test('a change saved in the admin page reaches the hall screen and a signed-in console without a restart; a bad one is refused naming the field', async ({ browser }) => {
  const screen = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await screen.goto(`${server.url}/hall-display/?hall=${HALL}&device=hall-screen&key=demo-display`);
  await expect(screen.getByTestId('hall-name')).toHaveText('示范县政务服务中心');
  const console3 = await staffAt('staff03', 3);

  await signIn(page, 'admin', 'demo-admin');
  await page.getByTestId('tab-config').click();
  await expect(page.getByTestId('config-version')).toContainText('配置第 1 版');
  await page.getByTestId('f-notice').fill('今日14:00起不动产业务暂停受理，请改日办理。');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save-ok')).toBeVisible();
  await expect(screen.getByText('今日14:00起不动产业务暂停受理')).toBeVisible({ timeout: 3000 });

  await page.getByTestId('section-windows').click();
  const renamed = new Promise<HallSnapshot>((resolve) => console3.on('hall:snapshot', (s: HallSnapshot) => s.windows.some((w) => w.name === '企业综合窗') && resolve(s)));
  await page.getByTestId('window-row-3').getByTestId('window-name-input').fill('企业综合窗');
  await page.getByTestId('window-row-3').getByTestId('window-categories-input').fill('A, B, E');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save-ok')).toBeVisible();
  const seen = await renamed;
  expect(seen.windows.find((w) => w.id === 3)).toMatchObject({ name: '企业综合窗', categories: ['A', 'B', 'E'], status: 'open', staffId: 'staff03' });
  await expect(page.getByTestId('config-version')).toContainText('配置第 3 版');
  await page.evaluate(() => window.scrollTo(0, 0));
  await checkpoint(page, 'admin-config-windows');

  // A mistake: the window's categories name one that does not exist.
  await page.getByTestId('window-row-5').getByTestId('window-categories-input').fill('B, Q');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save-error')).toContainText('windows[4].categories[1]');
  await expect(page.getByTestId('window-row-5').getByTestId('field-error')).toHaveText('unknown category "Q"');
  await page.getByTestId('section-supervision').click();
  await page.getByTestId('s-waitRedMinutes').fill('20');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('field-error')).toHaveText('must be more than waitYellowMinutes (30)');
  await expect(page.getByTestId('config-version')).toContainText('配置第 3 版');
  await checkpoint(page, 'admin-config-invalid');
  await page.getByTestId('s-waitRedMinutes').fill('60');

  // A new kiosk: its key is shown once.
  await page.getByTestId('section-devices').click();
  await page.getByTestId('dev-id').fill('kiosk-3');
  await page.getByTestId('dev-name').fill('二楼自助取号机');
  await page.getByTestId('dev-create').click();
  await expect(page.getByTestId('new-key-value')).toHaveText(/^[A-Za-z0-9_-]{32}$/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await checkpoint(page, 'admin-config-devices');
  // Every other section, as an admin finds it: every field named, nothing axe objects to.
  for (const section of ['hall', 'hours', 'categories', 'queue', 'evaluation', 'announcement', 'booking', 'accounts', 'transfer']) {
    await page.getByTestId(`section-${section}`).click();
    await checkpoint(page, `admin-config-${section}`);
  }
  // A category's matters table, opened.
  await page.getByTestId('section-categories').click();
  await page.getByTestId('category-0').getByRole('button').first().click();
  await checkpoint(page, 'admin-config-matters');
  // The same editor in English.
  await page.getByTestId('language-toggle').click();
  await page.getByTestId('section-windows').click();
  await checkpoint(page, 'admin-config-windows-en');
  await page.getByTestId('language-toggle').click();
  // The hall screen stays open: closing it would be a screen gone off line, an alert the next test does not expect.
});

test('the floor view shows every window and alerts as they happen; a supervisor acknowledges one with a note', async () => {
  const kiosk = await connect({ hallId: HALL, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
  await must(kiosk, 'kiosk:status', { printer: 'ok', reader: 'ok' });
  // The hall screen reports that it is heard.
  const hallScreen = await connect({ hallId: HALL, deviceId: 'hall-screen', deviceKey: 'demo-display' });
  await must(hallScreen, 'display:status', { audio: 'on' });
  const issue = (categoryId: string) => must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), categoryId });
  const staff: Record<number, Socket> = {};
  for (const [user, w] of [['staff01', 1], ['staff06', 6], ['staff07', 7], ['staff11', 11], ['staff09', 9]] as const) staff[w] = await staffAt(user, w);
  for (const c of ['A', 'A', 'C', 'C', 'C', 'E', 'D', 'B', 'B']) await issue(c);
  // Morning work: some served and rated, one no-show.
  for (const w of [1, 6, 11]) await must(staff[w]!, 'queue:callNext', { requestId: rid() });
  clock.advance(6 * MINUTE);
  const screen6 = await connect({ hallId: HALL, deviceId: 'window-screen-6', deviceKey: 'demo-window-6' });
  const finished = await must<{ ticket: { id: string } }>(staff[6]!, 'ticket:finish', { requestId: rid(), matterId: 'C02' });
  await must(screen6, 'ticket:rate', { requestId: rid(), ticketId: finished.ticket.id, level: 'very-satisfied' });
  await must(staff[6]!, 'queue:callNext', { requestId: rid() });
  await must(staff[6]!, 'ticket:noShow', { requestId: rid() });
  await must(staff[6]!, 'queue:callNext', { requestId: rid() });
  const screen11 = await connect({ hallId: HALL, deviceId: 'window-screen-11', deviceKey: 'demo-window-11' });
  const e = await must<{ ticket: { id: string } }>(staff[11]!, 'ticket:finish', { requestId: rid(), matterId: 'E01' });
  await must(screen11, 'ticket:rate', { requestId: rid(), ticketId: e.ticket.id, level: 'dissatisfied', reasons: ['等候时间长'] });
  await must(staff[1]!, 'ticket:start', { requestId: rid() });
  await must(staff[7]!, 'window:pause', { requestId: rid(), reason: '会议' });
  await must(staff[9]!, 'window:pause', { requestId: rid(), reason: '系统故障' });

  await signIn(page, 'jiandu', 'demo-super');
  await expect(page.getByTestId('floor')).toBeVisible();
  await expect(page.getByTestId('no-alerts')).toBeVisible();
  await expect(page.getByTestId('device-sound')).toContainText('语音播报：正常');

  // 35 minutes on: the four waiting numbers have waited past yellow, window 1's service and both pauses run over.
  clock.advance(35 * MINUTE);
  await server.halls.get(HALL)!.alerts.check();
  await must(kiosk, 'kiosk:status', { printer: 'paper-out', reader: 'ok', detail: '打印机缺纸' });
  await expect(page.locator('[data-testid="alert"][data-kind="device"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="alert"][data-kind="wait"]')).toHaveCount(4);
  await expect(page.locator('[data-testid="alert"][data-kind="pause"]')).toHaveCount(2);
  await expect(page.locator('[data-testid="alert"][data-kind="service"]')).toHaveCount(1);
  await expect(page.getByTestId('alert-badge')).toHaveText('8');
  // Alerts came live; the minutes in service follow the server's clock, which a fresh snapshot brings.
  await page.reload();
  await expect(page.locator('[data-window="1"] [data-testid="window-minutes"]')).toHaveText(/^(3[5-9]|4\d) 分钟$/);
  await expect(page.locator('[data-window="7"]')).toHaveClass(/alert-yellow/);
  await expect(page.locator('[data-category="B"] [data-testid="queue-longest"]')).toHaveText('41 分钟');

  await page.locator('[data-testid="alert"][data-kind="device"]').getByTestId('alert-ack').click();
  await checkpoint(page, 'admin-alert-ack-dialog');
  await page.getByTestId('ack-note').fill('已通知大厅引导员更换打印纸');
  await page.getByTestId('ack-submit').click();
  await expect(page.locator('[data-testid="alert"][data-kind="device"]').getByTestId('alert-acked')).toContainText('jiandu 已确认：已通知大厅引导员更换打印纸');

  // Window 9 comes back and calls D001: its wait alert clears at once and waits to be acknowledged.
  await must(staff[9]!, 'window:resume', { requestId: rid() });
  await must(staff[9]!, 'queue:callNext', { requestId: rid() });
  const d001 = page.locator('[data-testid="alert"][data-kind="wait"].cleared');
  await expect(d001).toHaveCount(1);
  await expect(d001.getByTestId('alert-message')).toContainText('D001');
  await expect(page.getByTestId('alert-badge')).toHaveText('6');
  await expect(page.locator('[data-category="D"] [data-testid="queue-longest"]')).toHaveText('0 分钟');
  await checkpoint(page, 'admin-floor');
  // In English: the config's English names, the default pause reasons translated (in the alerts too).
  await page.getByTestId('language-toggle').click();
  await expect(page.locator('[data-window="1"] [data-testid="window-name"]')).toHaveText('Enterprise 1');
  await expect(page.locator('[data-window="7"]')).toContainText('Meeting');
  await expect(page.locator('[data-category="A"]')).toContainText('A Enterprise services');
  await expect(page.locator('[data-testid="alert"][data-kind="pause"]').first().getByTestId('alert-message')).toContainText('(Meeting)');
  await expect(page.getByTestId('floor')).not.toContainText('企业服务');
  await checkpoint(page, 'admin-floor-en');
  await page.getByTestId('language-toggle').click();
  await expect(page.locator('[data-window="1"] [data-testid="window-name"]')).toHaveText('企业服务一窗');
  // The paper is refilled: acknowledged and cleared, the alert leaves the list.
  await must(kiosk, 'kiosk:status', { printer: 'ok', reader: 'ok' });
  await expect(page.locator('[data-testid="alert"][data-kind="device"]')).toHaveCount(0);

  // The server says it is overloaded (as its load monitor does): the floor view warns, and stops when it is over.
  const load = { overloaded: true, reasons: ['event-loop', 'projector'], loopDelayP99Ms: 180, loopDelayMaxMs: 240, projectorLagEvents: 9000, rebuilding: false, queuedQueries: 1 } as const;
  server.io.to(`h:${HALL}:admins`).emit('server:load', { ...load, reasons: [...load.reasons] });
  await expect(page.getByTestId('server-overloaded')).toContainText('服务器负载过高');
  await expect(page.getByTestId('server-overloaded')).toContainText('统计数据更新滞后');
  await checkpoint(page, 'admin-floor-overloaded');
  server.io.to(`h:${HALL}:admins`).emit('server:load', { ...load, overloaded: false, reasons: [] });
  await expect(page.getByTestId('server-overloaded')).toHaveCount(0);
});

test('statistics for the day with charts, and the audit log filtered by number', async () => {
  await page.getByTestId('tab-stats').click();
  await page.getByTestId('stats-from').fill(serverDay());
  await page.getByTestId('stats-to').fill(serverDay());
  await page.getByTestId('stats-load').click();
  await expect(page.getByTestId('kpi-issued')).toContainText('9');
  await expect(page.getByTestId('kpi-satisfaction')).toContainText('50.0%');
  await expect(page.getByTestId('chart').locator('canvas')).toHaveCount(4);
  await expect(page.getByTestId('low-ratings')).toContainText('等候时间长');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-xlsx').click();
  expect((await download).suggestedFilename()).toMatch(/^demo-county-statistics-.*\.xlsx$/);
  await page.waitForTimeout(300); // charts finish drawing
  await checkpoint(page, 'admin-statistics');
  // In English: tables and charts name categories and windows in English, low-rating reasons translated.
  await page.getByTestId('language-toggle').click();
  await expect(page.getByTestId('low-ratings')).toContainText('Long wait');
  await expect(page.getByTestId('low-ratings')).toContainText('General 1');
  await expect(page.getByTestId('rank-11')).toContainText('General 1');
  await expect(page.getByTestId('low-ratings')).not.toContainText('等候时间长');
  await page.waitForTimeout(300); // charts redraw
  await checkpoint(page, 'admin-statistics-en', { fullPage: true });
  await page.getByTestId('language-toggle').click();
  await expect(page.getByTestId('low-ratings')).toContainText('等候时间长');

  await page.getByTestId('tab-audit').click();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await checkpoint(page, 'admin-audit');
  await page.getByTestId('audit-number').fill('c002');
  await page.getByTestId('audit-search').click();
  await expect(page.getByTestId('audit-total')).toHaveText('共 3 条');
  await expect(page.getByTestId('audit-row').nth(0)).toContainText('过号 C002');
  await page.getByTestId('audit-number').fill('');
  await page.getByTestId('audit-group').selectOption('admin');
  await page.getByTestId('audit-search').click();
  await expect(page.getByTestId('audit-row').first()).toContainText('确认告警');
  // In English the entries are sentences with the hall's English names: no event type names, no ids.
  await page.getByTestId('audit-group').selectOption('all');
  await page.getByTestId('audit-search').click();
  await page.getByTestId('language-toggle').click();
  const rows = page.getByTestId('audit-row');
  await expect(rows.filter({ hasText: 'Insurance 1 marked C002 as not present' })).toHaveCount(1);
  await checkpoint(page, 'admin-audit-en');
  const texts = await rows.allInnerTexts();
  expect(texts.join('\n')).not.toMatch(/Ticket[A-Z]|Window[A-Z]|Service[A-Z]|demo-county\//);
  await page.getByTestId('language-toggle').click();
});

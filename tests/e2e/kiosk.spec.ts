import { expect, type Page } from '@playwright/test';
import { test } from './support/csp-guard';
import { checkpoint } from './support/a11y';
import type { SimulatedDevices } from '../../hardware/simulators';
import type { CallResult } from '../../src-main/contracts';
import type { KioskService } from '../../src-main/kiosk/kiosk-service';
import { scanQr } from '../hardware/helpers/qr';
import type { TestSocket } from '../support/hall-fixture';
import { connectSocket, login, must, rid } from '../support/hall-fixture';
import type { E2eHall } from './support/hall-server';
import { LANDSCAPE, PORTRAIT, startKioskRig, type KioskRig } from './support/kiosk-page';

// The kiosk pages in Chromium, bridged to the real kiosk service (page.exposeBinding stands in for the
// Electron preload), the real hall server (child process) and the simulated reader and printer.

test.describe.configure({ mode: 'serial' });

let rig: KioskRig;
let hall: E2eHall;
let devices: SimulatedDevices;
let service: KioskService;
let page: Page;
const staffSockets: TestSocket[] = [];

async function staff(username: string): Promise<TestSocket> {
  const token = await login(hall.url, hall.hallId, username, 'demo1234');
  const socket = await connectSocket(hall.url, { hallId: hall.hallId, token });
  staffSockets.push(socket);
  return socket;
}

async function shot(p: Page, name: string): Promise<void> {
  await p.evaluate(() => document.fonts.ready);
  await checkpoint(p, name);
}

async function home(p: Page): Promise<void> {
  await rig.home(p);
}

test.beforeAll(async ({ browser }) => {
  rig = await startKioskRig();
  ({ hall, devices, service } = rig);
  page = await rig.kioskPage(browser, PORTRAIT);
});

test.afterAll(async () => {
  for (const s of staffSockets) s.disconnect();
  await page?.context().close();
  await rig?.stop();
});

test('elderly card: the ticket gets priority, the slip decodes right and the counter calls it first', async () => {
  await home(page);
  await expect(page.getByTestId('category-E')).toContainText('综合服务');
  await shot(page, 'kiosk-home');

  // Someone without a card takes a number first.
  await page.getByTestId('category-E').click();
  await expect(page.getByTestId('matter-E01')).toBeVisible();
  await shot(page, 'kiosk-matters');
  await page.getByTestId('matter-E03').click();
  await expect(page.getByTestId('card-state')).toContainText('等待放置身份证');
  await shot(page, 'kiosk-card');
  await page.getByTestId('skip-card').click();
  const normalNumber = (await page.getByTestId('ticket-number').textContent())!.trim();
  expect(normalNumber).toMatch(/^E\d{3}$/);
  await expect(page.getByTestId('ticket-priority')).toHaveCount(0);
  await page.getByTestId('done').click();

  // The 75-year-old places the card on the card screen: the number comes at once, with priority.
  await page.getByTestId('category-E').click();
  await page.getByTestId('matter-E01').click();
  await expect(page.getByTestId('card-state')).toContainText('等待放置身份证');
  devices.idcard.insert('elder-75');
  await expect(page.getByTestId('ticket-number')).toBeVisible({ timeout: 10_000 });
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();
  expect(number).not.toBe(normalNumber);
  await expect(page.getByTestId('ticket-priority')).toHaveText('老年人优先');
  await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'printed');
  await expect(page.getByTestId('take-card')).toBeVisible();
  await shot(page, 'kiosk-ticket');

  // The printed slip: number, category, priority and a QR with the live page that the screen also shows.
  const slip = devices.printer.lastTicket()!;
  const liveUrl = await page.getByTestId('qr').getAttribute('data-qr');
  expect(liveUrl).toMatch(new RegExp(`^${hall.url}/t/[A-Za-z0-9_-]{16,}\\?hall=demo-county$`));
  expect(slip.lines).toContain(number);
  expect(slip.lines.join('\n')).toContain('综合服务');
  expect(slip.lines.join('\n')).toContain('居民身份证办理');
  expect(slip.lines.join('\n')).toContain('【老年人优先】');
  expect(slip.qrData).toBe(liveUrl);
  expect(scanQr(slip.png)).toBe(liveUrl);
  expect(scanQr(await page.getByTestId('qr').screenshot())).toBe(liveUrl);

  // Window 11 serves E only: the priority number is called before the earlier normal one.
  const counter = await staff('staff11');
  await must(counter, 'window:open', { requestId: rid(), windowId: 11 });
  const first = await must<CallResult>(counter, 'queue:callNext', { requestId: rid() });
  expect(first.ticket.number).toBe(number);
  expect(first.ticket.priorityClass).toBe('elderly');
  expect(first.ticket.citizen).toEqual({ maskedName: '张*国', maskedId: '1****************8' });
  await must(counter, 'ticket:start', { requestId: rid() });
  await must(counter, 'ticket:finish', { requestId: rid() });
  expect((await must<CallResult>(counter, 'queue:callNext', { requestId: rid() })).ticket.number).toBe(normalNumber);

  await page.getByTestId('done').click();
  await expect(page.getByTestId('category-A')).toBeVisible();
});

test('a card already on the reader is used only when confirmed', async () => {
  await page.getByTestId('category-C').click();
  await page.getByTestId('matter-C02').click();
  await expect(page.getByTestId('card-state')).toContainText('已识别：张*国 · 75 岁');
  await expect(page.getByTestId('use-card')).toBeVisible();
  await shot(page, 'kiosk-card-recognised');
  await page.getByTestId('use-card').click();
  await expect(page.getByTestId('ticket-priority')).toHaveText('老年人优先');
  devices.idcard.remove();
  await expect(page.getByTestId('take-card')).toHaveCount(0);
  await page.getByTestId('done').click();
});

test('paper out: the number and QR stay on screen, staff are told, and a reprint works after refilling', async () => {
  const admin = await connectSocket(hall.url, { hallId: hall.hallId, token: await login(hall.url, hall.hallId, 'admin', 'demo-admin') });
  staffSockets.push(admin);
  const told = new Promise<{ printer: string; lastPrintFailure: { number: string } | null }>((resolve) =>
    admin.on('device:status', (s) => {
      if (s.lastPrintFailure) resolve(s);
    }),
  );
  devices.printer.setPaper('out');
  const printedBefore = devices.printer.tickets.length;
  await page.getByTestId('category-A').click();
  await page.getByTestId('matter-A01').click();
  await page.getByTestId('skip-card').click();
  await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('print-state')).toContainText('打印机缺纸');
  await expect(page.getByTestId('status-strip')).toContainText('打印机缺纸');
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();
  expect(number).toMatch(/^A\d{3}$/);
  const liveUrl = await page.getByTestId('qr').getAttribute('data-qr');
  expect(scanQr(await page.getByTestId('qr').screenshot())).toBe(liveUrl);
  expect(devices.printer.tickets.length).toBe(printedBefore);
  await shot(page, 'kiosk-ticket-print-failed');
  expect(await told).toMatchObject({ printer: 'paper-out', lastPrintFailure: { number } });

  devices.printer.setPaper('ok');
  await page.getByTestId('reprint').click();
  await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'printed');
  await expect(page.getByTestId('reprint')).toHaveCount(0);
  expect(devices.printer.lastTicket()!.lines).toContain(number);
  expect(devices.printer.lastTicket()!.qrData).toBe(liveUrl);
  await page.getByTestId('done').click();
});

test('a missed number is reactivated from the number pad', async () => {
  const taken = await service.takeTicket({ categoryId: 'D' });
  if (!taken.ok) throw new Error(taken.messageEn);
  const counter = await staff('staff09');
  await must(counter, 'window:open', { requestId: rid(), windowId: 9 });
  expect((await must<CallResult>(counter, 'queue:callNext', { requestId: rid() })).ticket.number).toBe(taken.data.number);
  await must(counter, 'ticket:noShow', { requestId: rid() });

  await page.getByTestId('open-reactivate').click();
  await page.getByTestId('pad-D').click();
  for (const digit of taken.data.number.slice(1)) await page.getByTestId(`pad-${digit}`).click();
  await expect(page.getByTestId('pad-submit')).toBeEnabled();
  await shot(page, 'kiosk-reactivate');
  await page.getByTestId('pad-submit').click();
  await expect(page.getByTestId('reactivated')).toContainText(`${taken.data.number} 已重新排队`);
  await shot(page, 'kiosk-reactivated');
  await page.getByTestId('done').click();

  // A number that was never missed is refused with the hall's words.
  await page.getByTestId('open-reactivate').click();
  for (const key of ['D', '9', '9', '9']) await page.getByTestId(`pad-${key}`).click();
  await page.getByTestId('pad-submit').click();
  await expect(page.getByTestId('problem')).toBeVisible();
  await page.getByTestId('home').click();
});

test('landscape and English', async ({ browser }) => {
  const wide = await rig.kioskPage(browser, LANDSCAPE);
  await home(wide);
  await shot(wide, 'kiosk-home-landscape');
  await wide.getByTestId('category-B').click();
  await wide.getByTestId('matter-B01').click();
  await wide.getByTestId('skip-card').click();
  await expect(wide.getByTestId('ticket-number')).toBeVisible();
  await shot(wide, 'kiosk-ticket-landscape');
  await wide.getByTestId('done').click();
  await wide.getByTestId('open-reactivate').click();
  for (const key of ['B', '0', '1']) await wide.getByTestId(`pad-${key}`).click();
  await shot(wide, 'kiosk-reactivate-landscape');
  await wide.getByTestId('home').click();
  await wide.getByTestId('language-toggle').click();
  await expect(wide.getByTestId('category-A')).toContainText('Enterprise services');
  await shot(wide, 'kiosk-home-en-landscape');
  await wide.context().close();
});

test('web kiosk (no preload): a tablet connects with its device key, issues a ticket and shows the QR', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const tablet = await context.newPage();
  await tablet.goto(`${hall.url}/kiosk/?hall=demo-county&device=kiosk-2&key=demo-kiosk-2`);
  await expect(tablet.getByTestId('category-B')).toBeVisible();
  // The key does not stay in the address bar.
  expect(tablet.url()).not.toContain('demo-kiosk-2');
  await tablet.getByTestId('category-B').click();
  await tablet.getByTestId('matter-B02').click();
  // No reader on a tablet: the matter press takes the number.
  await expect(tablet.getByTestId('ticket-number')).toBeVisible();
  const number = (await tablet.getByTestId('ticket-number').textContent())!.trim();
  expect(number).toMatch(/^B\d{3}$/);
  await expect(tablet.getByTestId('print-state')).toHaveAttribute('data-state', 'no-printer');
  const liveUrl = await tablet.getByTestId('qr').getAttribute('data-qr');
  expect(liveUrl).toMatch(/\/t\/[A-Za-z0-9_-]{16,}\?hall=demo-county$/);
  expect(scanQr(await tablet.getByTestId('qr').screenshot())).toBe(liveUrl);
  await shot(tablet, 'kiosk-web-ticket');

  // The number is real: the live page knows it.
  const live = await context.newPage();
  await live.goto(liveUrl!);
  await context.close();
});

test('hall unreachable: the kiosk says so and issues nothing', async () => {
  await home(page);
  const printed = devices.printer.tickets.length;
  await hall.stop();
  await expect(page.getByTestId('status-strip')).toHaveAttribute('data-tone', 'error', { timeout: 10_000 });
  await expect(page.getByTestId('status-strip')).toHaveText('无法连接大厅服务器，暂停取号');
  await page.getByTestId('category-A').click();
  await page.getByTestId('matter-A02').click();
  await page.getByTestId('skip-card').click();
  await expect(page.getByTestId('problem')).toContainText('无法连接大厅服务器');
  await expect(page.getByTestId('ticket-number')).toHaveCount(0);
  expect(devices.printer.tickets.length).toBe(printed);
  await shot(page, 'kiosk-hall-unreachable');
});

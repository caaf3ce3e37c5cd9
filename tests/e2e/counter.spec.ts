import { expect, type Browser, type Page } from '@playwright/test';
import { test } from './support/csp-guard';
import { checkpoint } from './support/a11y';
import type { Socket } from 'socket.io-client';
import type { Ack, IssuedTicketView } from '../../src-main/contracts';
import { HallClients } from './support/clients';
import { startE2eHall, type E2eHall } from './support/hall-server';

// The counter console against the real server: staff log in through the page, pick a window, and work it
// with the mouse and with the F-keys. Tickets come from a kiosk socket. Two consoles race for the next
// ticket; then the server is stopped, and the console must say so instead of pretending.

const CONSOLE = { width: 1366, height: 768 };

let hall: E2eHall;
let page: Page;
let kiosk: Socket;
const pageErrors: string[] = [];
const clients = new HallClients(() => hall.url, 'demo-county', 'e2e-counter');
const { rid } = clients;
const connect = (auth: object) => clients.connect(auth);

async function issue(payload: object): Promise<IssuedTicketView> {
  const ack = (await kiosk.timeout(5000).emitWithAck('ticket:issue', { requestId: rid(), ...payload })) as Ack<IssuedTicketView>;
  if (!ack.ok) throw new Error(`ticket:issue refused: ${ack.code} ${ack.messageEn}`);
  return ack.data;
}

/** A console page signed in as `username` at `windowId`, through the login form and the window picker. */
async function consoleAt(browser: Browser, username: string, windowId: number, shots = false): Promise<Page> {
  const p = await browser.newPage({ viewport: CONSOLE });
  p.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  await p.goto(`${hall.url}/counter/?hall=${hall.hallId}`);
  await p.getByTestId('login-username').fill(username);
  await p.getByTestId('login-password').fill('demo1234');
  if (shots) await checkpoint(p, 'counter-login');
  await p.getByTestId('login-submit').click();
  await expect(p.getByTestId('window-list')).toBeVisible();
  await expect(p.getByTestId(`open-window-${windowId}`)).toBeEnabled();
  if (shots) await checkpoint(p, 'counter-window-pick');
  await p.getByTestId(`open-window-${windowId}`).click();
  await expect(p.getByTestId('console-window')).toHaveText(`${windowId} 号窗口`);
  return p;
}

/** Nothing may stick out of the page: the console is used without scrolling. */
async function expectNoOverflow(p: Page): Promise<void> {
  const overflow = await p.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }));
  expect(overflow).toEqual({ x: 0, y: 0 });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  hall = await startE2eHall();
  kiosk = await connect({ hallId: hall.hallId, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
});

test.afterAll(async () => {
  clients.closeAll();
  await hall?.stop();
});

test('staff log in, pick window 6, and call with F1; the ticket shows what the kiosk knew', async ({ browser }) => {
  page = await consoleAt(browser, 'staff06', 6, true);
  await expect(page.getByTestId('staff-name')).toHaveText('杨帆');
  await expect(page.getByTestId('no-ticket')).toBeVisible();
  // With nobody called, the ticket actions say why they cannot apply.
  await expect(page.getByTestId('action-recall')).toBeDisabled();
  await expect(page.getByTestId('action-recall')).toContainText('当前没有号码');
  await expect(page.getByTestId('action-resume')).toHaveCount(0);

  await issue({ categoryId: 'C', matterId: 'C02', priorityClass: 'elderly', citizen: { maskedName: '张*华', maskedId: '110101********123X', idHash: 'a'.repeat(64) } });
  await issue({ categoryId: 'C' });
  await expect(page.getByTestId('queue-C')).toContainText('2 人等候');

  await page.keyboard.press('F1');
  await expect(page.getByTestId('current-number')).toHaveText('C001');
  await expect(page.getByTestId('notice')).toContainText('已呼叫 C001');
  await expect(page.getByTestId('ticket-matter')).toHaveText('社会保障卡申领');
  await expect(page.getByTestId('flag-priority')).toContainText('老年人');
  await expect(page.getByTestId('ticket-citizen')).toContainText('张*华');
  await expect(page.getByTestId('ticket-citizen')).toContainText('110101********123X');
  await expect(page.getByTestId('queue-C')).toContainText('1 人等候');
  await expect(page.getByTestId('action-callNext')).toBeDisabled();
  await expect(page.getByTestId('action-callNext')).toContainText('请先办结、过号或转移当前号码');
  await expect(page.getByTestId('action-recall')).toBeEnabled();
  await expectNoOverflow(page);
  await checkpoint(page, 'counter-console-called');

  // In English: the window, queue, matter and priority names are the config's English ones; the transfer
  // targets and the pause reasons too.
  await page.getByTestId('language-toggle').click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page.getByTestId('window-name')).toHaveText('Insurance 1');
  await expect(page.getByTestId('queue-C')).toContainText('Social and medical insurance');
  await expect(page.getByTestId('ticket-matter')).toHaveText('Social security card application');
  await expect(page.getByTestId('flag-priority')).toContainText('Senior citizen');
  await checkpoint(page, 'counter-console-en');
  await page.keyboard.press('F6');
  await expect(page.getByTestId('transfer-c:E')).toContainText('E General services');
  await expect(page.getByTestId('transfer-w:1')).toContainText('Window 1 Enterprise 1');
  await checkpoint(page, 'counter-transfer-dialog-en');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dialog')).toHaveCount(0);
  await page.getByTestId('language-toggle').click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page.getByTestId('ticket-matter')).toHaveText('社会保障卡申领');

  // F2 recalls; a disabled key (F1 now) says why instead of acting.
  await page.keyboard.press('F2');
  await expect(page.getByTestId('notice')).toContainText('已重呼 C001');
  await page.keyboard.press('F1');
  await expect(page.getByTestId('notice')).toContainText('叫号：请先办结、过号或转移当前号码');
  await expect(page.getByTestId('current-number')).toHaveText('C001');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expectNoOverflow(page);
  await page.setViewportSize(CONSOLE);
});

test('transfer dialog (F6) lists categories and windows; a refusal shows code and both languages', async () => {
  await page.keyboard.press('F6');
  const dialog = page.getByTestId('dialog');
  await expect(dialog).toContainText('转移 C001');
  await expect(page.getByTestId('transfer-c:C')).toBeDisabled();
  await expect(page.getByTestId('transfer-w:6')).toBeDisabled();
  await page.getByTestId('transfer-c:E').click();
  await checkpoint(page, 'counter-transfer-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // 特呼 a number that does not exist: the server's refusal is shown as it came.
  await page.keyboard.press('F5');
  await expect(page.getByTestId('dialog')).toContainText('办结 C001');
  await checkpoint(page, 'counter-finish-dialog');
  await expect(page.getByTestId('matter-C02')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice')).toContainText('C001 已办结');
  await expect(page.getByTestId('served-today')).toContainText('1');
  await page.keyboard.press('F7');
  await checkpoint(page, 'counter-call-number-dialog');
  await page.getByTestId('call-number-input').fill('c099');
  await page.keyboard.press('Enter');
  const refusal = page.getByTestId('notice').locator('[data-code]');
  await expect(refusal).toHaveAttribute('data-code', 'NO_SUCH_TICKET');
  await expect(refusal).toContainText('今天没有 C099 这个号码');
  await expect(refusal).toContainText('There is no ticket C099 today');

  // F8 pauses with a reason picked by its digit, and F8 again resumes.
  await page.keyboard.press('F8');
  await checkpoint(page, 'counter-pause-dialog');
  await page.keyboard.press('2');
  await expect(page.getByTestId('pause-reason-业务咨询')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('paused')).toContainText('业务咨询');
  // The default pause reasons are translated in English.
  await page.getByTestId('language-toggle').click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page.getByTestId('paused')).toContainText('Consultation');
  await page.getByTestId('language-toggle').click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page.getByTestId('paused')).toContainText('业务咨询');
  await expect(page.getByTestId('action-callNext')).toHaveAttribute('data-reason', 'paused');
  await expect(page.getByTestId('action-resume')).toBeEnabled();
  await page.keyboard.press('F8');
  await expect(page.getByTestId('notice')).toContainText('已恢复服务');
  await expect(page.getByTestId('action-callNext')).toBeEnabled();
  // The pause dialog in English.
  await page.getByTestId('language-toggle').click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('F8');
  await expect(page.getByTestId('pause-reason-休息')).toContainText('Break');
  await expect(page.getByTestId('pause-reason-系统故障')).toContainText('System fault');
  await checkpoint(page, 'counter-pause-dialog-en');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dialog')).toHaveCount(0);
  await page.getByTestId('language-toggle').click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
});

test('F9 asks before closing the window; dialogs keep the focus inside and give it back', async ({ browser }) => {
  const p = await consoleAt(browser, 'staff10', 10);
  const inDialog = () => p.evaluate(() => !!document.activeElement?.closest('[data-testid="dialog"]'));
  const focused = () => p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

  // From the 叫号 button: F9 opens the question with 取消 focused; nothing is closed yet.
  await p.getByTestId('action-callNext').focus();
  await p.keyboard.press('F9');
  await expect(p.getByTestId('close-confirm')).toContainText('10 号窗口');
  // 取消 starts focused, so the hint names F9 as the key that confirms and says Enter cancels.
  await expect(p.getByTestId('dialog-keys')).toHaveText('F9 确定 · Enter / Esc 取消');
  expect(await focused()).toBe('dialog-cancel');
  await checkpoint(p, 'counter-close-confirm');
  // Tab and Shift+Tab go round inside the dialog, never out to the page behind it.
  for (let i = 0; i < 5; i++) {
    await p.keyboard.press('Tab');
    expect(await inDialog()).toBe(true);
  }
  for (let i = 0; i < 5; i++) {
    await p.keyboard.press('Shift+Tab');
    expect(await inDialog()).toBe(true);
  }
  // Esc keeps the window open and the focus goes back to the button that had it.
  await p.keyboard.press('Escape');
  await expect(p.getByTestId('dialog')).toHaveCount(0);
  expect(await focused()).toBe('action-callNext');
  await expect(p.getByTestId('console-window')).toHaveText('10 号窗口');

  // The same for the other dialogs (F7 特呼, F8 暂停): focus kept inside, given back.
  for (const key of ['F7', 'F8']) {
    await p.getByTestId('action-callNext').focus();
    await p.keyboard.press(key);
    await expect(p.getByTestId('dialog')).toBeVisible();
    for (let i = 0; i < 6; i++) {
      await p.keyboard.press('Tab');
      expect(await inDialog(), `${key} after ${i + 1} Tab`).toBe(true);
    }
    await p.keyboard.press('Escape');
    expect(await focused()).toBe('action-callNext');
  }

  // F9, then F9 again: the window is closed and the console goes back to the window list.
  await p.keyboard.press('F9');
  await expect(p.getByTestId('close-confirm')).toBeVisible();
  await p.keyboard.press('F9');
  await expect(p.getByTestId('window-list')).toBeVisible();
  await p.close();
});

test('two consoles on two windows calling at the same moment get different tickets', async ({ browser }) => {
  const [p7, p8] = await Promise.all([consoleAt(browser, 'staff07', 7), consoleAt(browser, 'staff08', 8)]);
  await issue({ categoryId: 'C' });
  await expect(p7.getByTestId('queue-C')).toContainText('2 人等候');
  await expect(p8.getByTestId('queue-C')).toContainText('2 人等候');
  await Promise.all([p7.getByTestId('action-callNext').click(), p8.getByTestId('action-callNext').click()]);
  await expect(p7.getByTestId('current-number')).toHaveText(/^C00\d$/);
  await expect(p8.getByTestId('current-number')).toHaveText(/^C00\d$/);
  const called = [await p7.getByTestId('current-number').textContent(), await p8.getByTestId('current-number').textContent()];
  expect(new Set(called)).toEqual(new Set(['C002', 'C003']));
  await Promise.all([p7.close(), p8.close()]);
});

test('a session ended by the server (its token logged out elsewhere): the console says why, Chinese then English, and the login returns', async ({ browser }) => {
  const p9 = await consoleAt(browser, 'staff09', 9);
  const { token } = JSON.parse((await p9.evaluate(() => sessionStorage.getItem('hall.counter.session')))!) as { token: string };
  const res = await fetch(`${hall.url}/api/halls/${hall.hallId}/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const notice = p9.getByTestId('session-ended');
  await expect(notice).toBeVisible();
  await expect(notice.locator('span').nth(0)).toHaveText('该登录已退出，请重新登录');
  await expect(notice.locator('span').nth(1)).toHaveText('This session was logged out; log in again');
  await expect(p9.getByTestId('login-submit')).toBeVisible();
  await expect(p9.getByTestId('console-window')).toHaveCount(0);
  expect(await p9.evaluate(() => sessionStorage.getItem('hall.counter.session'))).toBeNull();
  await checkpoint(p9, 'counter-session-ended');
  await p9.close();
});

test('server gone: the banner shows, every action is disabled with 离线, and keys do nothing', async () => {
  await expect(page.getByTestId('action-callNext')).toBeEnabled();
  await hall.stop();
  await expect(page.getByTestId('connection-banner')).toBeVisible({ timeout: 15_000 });
  for (const a of ['callNext', 'recall', 'noShow', 'start', 'finish', 'transfer', 'callNumber', 'pause', 'close']) {
    await expect(page.getByTestId(`action-${a}`)).toBeDisabled();
    await expect(page.getByTestId(`action-${a}`)).toHaveAttribute('data-reason', 'offline');
    await expect(page.getByTestId(`action-${a}`)).toContainText('离线');
  }
  await page.keyboard.press('F1');
  await expect(page.getByTestId('notice')).toContainText('叫号：离线');

  // Back online by itself, from a fresh snapshot: still at window 6, nothing called.
  await hall.restart();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('action-callNext')).toBeEnabled();
  await expect(page.getByTestId('console-window')).toHaveText('6 号窗口');
  expect(pageErrors).toEqual([]);
});

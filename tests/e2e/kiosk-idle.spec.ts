import { expect, type Page } from '@playwright/test';
import { test } from './support/csp-guard';
import { checkpoint, measureTargets } from './support/a11y';
import { startKioskRig, type KioskRig } from './support/kiosk-page';

// The kiosk left alone, on Chromium's fake clock: after 55 s a large warning with a sound and a 继续办理
// button; at 75 s back to the first screen, in Chinese whatever the last citizen chose. On the smallest
// landscape screen we support, so the warning is checked where room is tightest.

const SMALL_LANDSCAPE = { width: 1366, height: 768 };

test.describe.configure({ mode: 'serial' });

let rig: KioskRig;
let page: Page;

test.beforeAll(async ({ browser }) => {
  rig = await startKioskRig();
  page = await rig.kioskPage(browser, SMALL_LANDSCAPE);
  await page.clock.install();
  await rig.home(page);
  // Time moves only when a test moves it: a slow axe run must not eat the 20 s the warning counts down.
  await pause();
});

test.afterAll(async () => {
  await page?.context().close();
  await rig?.stop();
});

/** Stops the page's clock half a second (page time) from now. */
const pause = async () => page.clock.pauseAt(await page.evaluate(() => Date.now() + 500));
const beeps = () => page.evaluate(() => (window as unknown as { __kioskBeeps?: number }).__kioskBeeps ?? 0);

test('a citizen who stops halfway is warned at 55 s, large and with a sound, and 继续办理 keeps the step', async () => {
  await page.getByTestId('category-B').click();
  await expect(page.getByTestId('matter-B01')).toBeVisible();
  await page.clock.fastForward(50_000);
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);
  const before = await beeps();

  await page.clock.fastForward(6_000);
  const warning = page.getByTestId('idle-warning');
  await expect(warning).toBeVisible();
  await expect(page.getByTestId('idle-countdown')).toContainText('秒后返回首页');
  const seconds = Number(await page.locator('.idle-seconds').innerText());
  expect(seconds).toBeGreaterThan(15);
  expect(seconds).toBeLessThanOrEqual(20);
  expect(await beeps()).toBe(before + 1);
  // Large: the seconds and the title read from a step back, the button is a big target, and it has the focus.
  const sizes = await page.evaluate(() => ({
    seconds: parseFloat(getComputedStyle(document.querySelector('.idle-seconds')!).fontSize),
    title: parseFloat(getComputedStyle(document.querySelector('#idle-title')!).fontSize),
    focused: document.activeElement?.getAttribute('data-testid') ?? null,
  }));
  expect(sizes.seconds).toBeGreaterThanOrEqual(48);
  expect(sizes.title).toBeGreaterThanOrEqual(36);
  expect(sizes.focused).toBe('idle-stay');
  const [stay] = await measureTargets(page, '.idle-warning');
  expect(stay!.height).toBeGreaterThanOrEqual(60);
  const box = (await warning.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(SMALL_LANDSCAPE.height);
  // axe waits on timers of its own: the clock runs meanwhile (a few of the 20 s), then stops again.
  await page.clock.resume();
  await checkpoint(page, 'kiosk-idle-warning');
  await pause();

  // A touch at the button's centre (locator.click's own hit test waits on the page's timers, which are stopped).
  const stayBox = (await page.getByTestId('idle-stay').boundingBox())!;
  await page.mouse.click(stayBox.x + stayBox.width / 2, stayBox.y + stayBox.height / 2);
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId('matter-B01')).toBeVisible();
});

test('nobody answers: at 75 s the kiosk is back at its first screen', async () => {
  await page.clock.fastForward(56_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await page.clock.fastForward(20_000);
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);
  await expect(page.getByTestId('category-A')).toBeVisible();
  await expect(page.getByTestId('matter-B01')).toHaveCount(0);
});

test('English is left for the next citizen only until the idle reset: then the kiosk speaks Chinese again', async () => {
  await page.getByTestId('language-toggle').click();
  await expect(page.getByTestId('category-A')).toContainText('Enterprise services');
  await page.clock.fastForward(56_000);
  await expect(page.getByTestId('idle-warning')).toContainText('Are you still there?');
  await page.clock.fastForward(20_000);
  await expect(page.getByTestId('category-A')).toContainText('企业服务');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  // In Chinese on the first screen nothing counts down: the kiosk waits for the next citizen.
  await page.clock.fastForward(120_000);
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);
});

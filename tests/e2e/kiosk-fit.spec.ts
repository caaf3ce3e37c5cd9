import { expect, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { test } from './support/csp-guard';
import { expectNoAxeViolations, measureTargets, measureTexts } from './support/a11y';
import type { CallResult } from '../../src-main/contracts';
import type { TestSocket } from '../support/hall-fixture';
import { connectSocket, login, must, rid } from '../support/hall-fixture';
import { DEMO_CONFIG } from './support/hall-server';
import { startKioskRig, type KioskRig } from './support/kiosk-page';

// Every kiosk step fits every common kiosk screen: nothing to scroll, no button or marked element cut off at
// an edge, buttons at least 60 px, text at least 24 px — in Chinese and in English. On 1366×768 (the
// smallest landscape screen) axe checks each step too. KIOSK_SHOTS=1 saves every step to /tmp/kiosk-shots/.

const VIEWPORTS = [
  { name: 'portrait-1080x1920', width: 1080, height: 1920 },
  { name: 'landscape-1920x1080', width: 1920, height: 1080 },
  { name: 'landscape-1366x768', width: 1366, height: 768 },
  { name: 'square-1280x1024', width: 1280, height: 1024 },
  { name: 'tablet-768x1024', width: 768, height: 1024 },
];
const AXE_VIEWPORT = 'landscape-1366x768';
const SHOTS = '/tmp/kiosk-shots';

// The demo hall, with remote numbers that need check-in (the check-in screen's mode tabs show) and room for
// the one test card to take a number on every screen size.
const CONFIG = readFileSync(DEMO_CONFIG, 'utf8')
  .replace(/remoteNeedsCheckIn: false/, 'remoteNeedsCheckIn: true')
  .replace(/perIdPerDay: \d+/, 'perIdPerDay: 100');

// Not serial: a screen that does not fit does not stop the other screens being checked (the hall-down test
// comes last and stops the hall).

let rig: KioskRig;
let counter: TestSocket;

test.beforeAll(async () => {
  rig = await startKioskRig({ configText: CONFIG });
  const token = await login(rig.hall.url, rig.hall.hallId, 'staff09', 'demo1234');
  counter = await connectSocket(rig.hall.url, { hallId: rig.hall.hallId, token });
  await must(counter, 'window:open', { requestId: rid(), windowId: 9 });
});

test.afterAll(async () => {
  counter?.disconnect();
  await rig?.stop();
});

interface Misfit {
  what: string;
  rect: { left: number; top: number; right: number; bottom: number };
}

/** The page as it is now fits its viewport: see the file's comment. */
async function expectFits(page: Page, viewport: string, state: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  // The card animation and transitions settle; layout is what is measured, not motion.
  await page.waitForTimeout(50);
  const where = `${viewport} ${state}`;
  if (process.env.KIOSK_SHOTS === '1') {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${viewport}-${state}.png` });
  }
  const fit = await page.evaluate(() => {
    const w = window.innerWidth;
    const h = window.innerHeight;
    const scroller = document.scrollingElement ?? document.documentElement;
    const out: Array<{ what: string; rect: { left: number; top: number; right: number; bottom: number } }> = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-testid], button'))) {
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const r = el.getBoundingClientRect();
      if (r.left < -0.5 || r.top < -0.5 || r.right > w + 0.5 || r.bottom > h + 0.5) {
        const what = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
        out.push({ what, rect: { left: Math.round(r.left), top: Math.round(r.top), right: Math.round(r.right), bottom: Math.round(r.bottom) } });
      }
    }
    // Nothing lies over anything else: a grid squeezed past its content spills onto its neighbours.
    const boxes = Array.from(document.querySelectorAll<HTMLElement>('[data-testid], button, .kiosk-header, .kiosk-footer, .status-strip, .screen > *, .ticket-card > *'))
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && getComputedStyle(el).position !== 'fixed')
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0);
    const overlaps: string[] = [];
    const name = (el: HTMLElement) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : `.${el.classList[0] ?? ''}`}`;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (x > 1 && y > 1) overlaps.push(`${name(a.el)} and ${name(b.el)} (${Math.round(x)}×${Math.round(y)})`);
      }
    }
    // …nor does a button's text run past its border (a few px of a glyph above its line box is no spill).
    for (const { el } of boxes) {
      if (el.tagName === 'BUTTON' && (el.scrollHeight > el.clientHeight + 4 || el.scrollWidth > el.clientWidth + 4)) overlaps.push(`${name(el)} overflows its box (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
    }
    return { w, h, scrollWidth: scroller.scrollWidth, scrollHeight: scroller.scrollHeight, outside: out, overlaps };
  });
  const outside = fit.outside.map((m: Misfit) => `${m.what} at ${m.rect.left},${m.rect.top}–${m.rect.right},${m.rect.bottom}`);
  expect.soft(outside, `${where}: elements outside the ${fit.w}×${fit.h} screen`).toEqual([]);
  expect.soft(fit.overlaps, `${where}: elements overlapping or spilling out of their box`).toEqual([]);
  expect.soft(fit.scrollHeight, `${where}: the page scrolls vertically`).toBeLessThanOrEqual(fit.h + 1);
  expect.soft(fit.scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(fit.w + 1);

  const small = (await measureTargets(page)).filter((t) => t.height < 60 || t.width < 60);
  expect.soft(small, `${where}: touch targets under 60 px`).toEqual([]);
  const tiny = (await measureTexts(page)).filter((t) => t.fontSizePx < 24).map((t) => `${t.text} (${t.fontSizePx}px)`);
  expect.soft(tiny, `${where}: text under 24 px`).toEqual([]);
  if (viewport === AXE_VIEWPORT) await expectNoAxeViolations(page, where).catch((e: unknown) => expect.soft(String(e)).toBe(""));
}

async function toEnglish(page: Page): Promise<void> {
  await page.getByTestId('language-toggle').click();
  await expect(page.getByTestId('category-A')).toContainText('Enterprise services');
}

async function backHome(page: Page): Promise<void> {
  await page.getByTestId('home').click();
  await expect(page.getByTestId('category-A')).toBeVisible();
}

/** home → every category's matters → the card step (waiting, and with a card already recognised) → tickets. */
async function walkIssuing(page: Page, vp: string, lang: 'zh' | 'en'): Promise<void> {
  const { devices } = rig;
  await expectFits(page, vp, `${lang}-home`);
  for (const c of ['A', 'B', 'C', 'D', 'E']) {
    await page.getByTestId(`category-${c}`).click();
    await expect(page.getByTestId(`matter-${c}01`)).toBeVisible();
    await expectFits(page, vp, `${lang}-matters-${c}`);
    await page.getByTestId('back').click();
    await expect(page.getByTestId('category-A')).toBeVisible();
  }

  // The card step, waiting for a card (the longest matter name), then 返回 really goes back to the matters.
  await page.getByTestId('category-B').click();
  await page.getByTestId('matter-B02').click();
  await expect(page.getByTestId('card-state')).toBeVisible();
  await expectFits(page, vp, `${lang}-card`);
  await page.getByTestId('back').click();
  await expect(page.getByTestId('matter-B01')).toBeVisible();
  await page.getByTestId('matter-other').click();
  await expect(page.getByTestId('skip-card')).toBeVisible();
  await expectFits(page, vp, `${lang}-card-other`);
  await backHome(page);

  // A card already on the reader: recognised, with priority, 使用此卡 above 跳过.
  const read = new Promise<void>((resolve) => {
    const off = rig.service.onEvent((e) => {
      if (e.type === 'card-in') {
        off();
        resolve();
      }
    });
  });
  devices.idcard.insert('elder-75');
  await read;
  // The card event is pushed into the page before this (page calls run in order): it is known on the first screen.
  await page.evaluate(() => 0);
  await page.getByTestId('category-C').click();
  await page.getByTestId('matter-C01').click();
  await expect(page.getByTestId('use-card')).toBeVisible({ timeout: 10_000 });
  await expectFits(page, vp, `${lang}-card-recognised`);
  await page.getByTestId('use-card').click();
  await expect(page.getByTestId('ticket-number')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('take-card')).toBeVisible();
  await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'printed');
  // The tallest ticket: priority badge and the red "take your card" line.
  await expectFits(page, vp, `${lang}-ticket-priority`);
  devices.idcard.remove();
  await expect(page.getByTestId('take-card')).toHaveCount(0);
  await page.getByTestId('done').click();
  await expect(page.getByTestId('category-A')).toBeVisible();

  // Out of paper: the strip on every screen, the number on screen with 重新打印 (which, refilled, prints).
  devices.printer.setPaper('out');
  try {
    await page.getByTestId('category-A').click();
    await page.getByTestId('matter-A06').click();
    await page.getByTestId('skip-card').click();
    await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'failed', { timeout: 10_000 });
    await expect(page.getByTestId('reprint')).toBeVisible();
    await expectFits(page, vp, `${lang}-ticket-print-failed`);
    await page.getByTestId('done').click();
    await expect(page.getByTestId('status-strip')).toBeVisible();
    await expectFits(page, vp, `${lang}-home-paper-out`);
    await page.getByTestId('category-A').click();
    await page.getByTestId('matter-A06').click();
    await expect(page.getByTestId('skip-card')).toBeVisible();
    await expectFits(page, vp, `${lang}-card-paper-out`);
    await page.getByTestId('skip-card').click();
    await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'failed', { timeout: 10_000 });
  } finally {
    devices.printer.setPaper('ok');
  }
  await page.getByTestId('reprint').click();
  await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'printed', { timeout: 10_000 });
  await page.getByTestId('done').click();
  await expect(page.getByTestId('status-strip')).toHaveCount(0, { timeout: 10_000 });
}

/** The reactivation pad (with a refusal shown), a real reactivation, and the check-in pads. */
async function walkPads(page: Page, vp: string, lang: 'zh' | 'en'): Promise<void> {
  await page.getByTestId('open-reactivate').click();
  for (const key of ['D', '9', '9']) await page.getByTestId(`pad-${key}`).click();
  await expectFits(page, vp, `${lang}-reactivate`);
  await page.getByTestId('pad-9').click();
  await page.getByTestId('pad-submit').click();
  await expect(page.getByTestId('problem')).toBeVisible();
  await expectFits(page, vp, `${lang}-reactivate-refused`);

  // A number missed at window 9, reactivated here; the counter then serves it so the queue is empty again.
  const taken = await rig.service.takeTicket({ categoryId: 'D', matterId: 'D04' });
  if (!taken.ok) throw new Error(taken.messageEn);
  expect((await must<CallResult>(counter, 'queue:callNext', { requestId: rid() })).ticket.number).toBe(taken.data.number);
  await must(counter, 'ticket:noShow', { requestId: rid() });
  await page.getByTestId('pad-clear').click();
  for (const key of taken.data.number) await page.getByTestId(`pad-${key}`).click();
  await page.getByTestId('pad-submit').click();
  await expect(page.getByTestId('reactivated')).toContainText(taken.data.number);
  await expectFits(page, vp, `${lang}-reactivated`);
  expect((await must<CallResult>(counter, 'queue:callNext', { requestId: rid() })).ticket.number).toBe(taken.data.number);
  await must(counter, 'ticket:start', { requestId: rid() });
  await must(counter, 'ticket:finish', { requestId: rid() });
  await page.getByTestId('done').click();

  await page.getByTestId('open-check-in').click();
  await expect(page.getByTestId('check-in')).toHaveAttribute('data-mode', 'code');
  for (const d of '12345') await page.getByTestId(`pad-${d}`).click();
  await expectFits(page, vp, `${lang}-check-in-code`);
  await page.getByTestId('pad-0').click();
  await page.getByTestId('check-in-submit').click();
  await expect(page.getByTestId('problem')).toBeVisible({ timeout: 10_000 });
  await expectFits(page, vp, `${lang}-check-in-refused`);
  await page.getByTestId('check-in-mode-number').click();
  await expect(page.getByTestId('check-in')).toHaveAttribute('data-mode', 'number');
  for (const key of ['A', '1']) await page.getByTestId(`pad-${key}`).click();
  await expectFits(page, vp, `${lang}-check-in-number`);
  await backHome(page);
}

for (const vp of VIEWPORTS) {
  test(`every step fits ${vp.name}`, async ({ browser }) => {
    test.setTimeout(240_000);
    const page = await rig.kioskPage(browser, { width: vp.width, height: vp.height });
    try {
      await rig.home(page);
      await walkIssuing(page, vp.name, 'zh');
      await walkPads(page, vp.name, 'zh');
      await toEnglish(page);
      await walkIssuing(page, vp.name, 'en');
      await walkPads(page, vp.name, 'en');
    } finally {
      await page.context().close();
    }
  });
}

test('hall unreachable fits every screen', async ({ browser }) => {
  test.setTimeout(120_000);
  const pages: Array<{ vp: (typeof VIEWPORTS)[number]; page: Page }> = [];
  try {
    for (const vp of VIEWPORTS) {
      const page = await rig.kioskPage(browser, { width: vp.width, height: vp.height });
      await rig.home(page);
      pages.push({ vp, page });
    }
    await rig.hall.stop();
    for (const { vp, page } of pages) {
      await expect(page.getByTestId('status-strip')).toHaveAttribute('data-tone', 'error', { timeout: 10_000 });
      await expectFits(page, vp.name, 'zh-home-hall-down');
      await page.getByTestId('category-A').click();
      await page.getByTestId('matter-A06').click();
      await page.getByTestId('skip-card').click();
      await expect(page.getByTestId('problem')).toBeVisible({ timeout: 10_000 });
      await expectFits(page, vp.name, 'zh-card-hall-down');
    }
  } finally {
    for (const { page } of pages) await page.context().close();
  }
});

import { expect, type Page } from '@playwright/test';
import { checkpoint, measureTargets, measureTexts } from './a11y';

// The phone pages' own rules, measured in every state the specs reach (MIIT 适老化: 大字版 text ≥ 24 px,
// targets ≥ 60 px; WCAG AA contrast; a 360 px wide screen).

/**
 * Every state the phone reaches is checked twice: as it is (axe; targets ≥ 44 px) and in 大字版 (axe; every
 * text ≥ 24 px, every target ≥ 60 × 60 px; nothing sideways at 360 px), then switched back.
 */
export async function checkPhoneState(p: Page, name: string): Promise<void> {
  await p.evaluate(() => document.fonts.ready);
  await checkpoint(p, name);
  await expectSizes(p, 44, 0);
  await p.getByTestId('elder-toggle').click();
  await expect(p.locator('html.elder')).toHaveCount(1);
  await checkpoint(p, `${name}-elder`);
  await expectSizes(p, 60, 24);
  await expectNoSidewaysScroll(p);
  await p.getByTestId('elder-toggle').click();
  await expect(p.locator('html.elder')).toHaveCount(0);
}

/** Measured, not assumed: the smallest target and text on the page, and every text's contrast. */
export async function expectSizes(p: Page, minTarget: number, minText: number): Promise<void> {
  const small = (await measureTargets(p, '.phone')).filter((t) => t.height < minTarget || t.width < minTarget);
  expect(small, `targets under ${minTarget} px`).toEqual([]);
  const texts = await measureTexts(p, '.phone');
  expect(texts.filter((t) => t.fontSizePx < minText).map((t) => `${t.text} ${t.fontSizePx}px`), `texts under ${minText} px`).toEqual([]);
  expect(texts.filter((t) => t.contrast < 4.5).map((t) => `${t.text} ${t.contrast.toFixed(2)}`), 'texts under 4.5:1').toEqual([]);
}

/** Nothing may stick out sideways on a phone. */
export async function expectNoSidewaysScroll(p: Page): Promise<void> {
  // A mobile browser widens its layout viewport to fit the content, so compare with the screen's width.
  const width = p.viewportSize()!.width;
  // Elements inside a sideways scroller (the day tabs) may extend past it: the scroller is what must fit.
  const widest = await p.evaluate(() => {
    const scrolls = (e: Element | null): boolean => !!e && e !== document.body && (['auto', 'scroll'].includes(getComputedStyle(e).overflowX) || scrolls(e.parentElement));
    const rights = Array.from(document.querySelectorAll('.phone *'))
      .filter((e) => !scrolls(e.parentElement))
      .map((e) => Math.ceil(e.getBoundingClientRect().right));
    return Math.max(0, ...rights);
  });
  expect(widest, `content reaches ${widest} px on a ${width} px screen`).toBeLessThanOrEqual(width);
}


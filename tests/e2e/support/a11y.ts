import axe from 'axe-core';
import type { ElementContext } from 'axe-core';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

// Accessibility checks the specs share: axe-core with the WCAG 2.2 AA rule set (a failing test names every
// violation and the elements it found), contrast and size measurements for the elders' rules, and
// screenshots that are written only when the screenshot script asks for them (a test run leaves docs alone).

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe on the page as it is now; returns the violations in words (empty when there are none). */
export async function axeFindings(page: Page, opts: { include?: string; exclude?: string[] } = {}): Promise<AxeFinding[]> {
  // axe-core's source is evaluated in the page itself (not a <script> tag), so the pages' CSP stays as shipped.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(
    async ({ tags, include, exclude }) => {
      const w = window as unknown as { axe: typeof axe };
      const context = { include: include ? [include] : [document.documentElement], exclude: exclude.map((e) => [e]) } as unknown as ElementContext;
      const result = await w.axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: v.nodes.slice(0, 8).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`),
      }));
    },
    { tags: WCAG_TAGS, include: opts.include ?? null, exclude: opts.exclude ?? [] },
  );
  return violations;
}

/** Fails the test with every violation listed when axe finds any on the page in its current state. */
export async function expectNoAxeViolations(page: Page, state: string, opts: { include?: string; exclude?: string[] } = {}): Promise<void> {
  const findings = await axeFindings(page, opts);
  const words = findings.map((f) => `- ${f.id} (${f.impact}): ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');
  expect(findings, `axe-core violations on ${state}:\n${words}`).toEqual([]);
}

/** WCAG contrast ratio of two CSS colours given as [r, g, b] (0–255). */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const lum = (c: readonly number[]) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface MeasuredText {
  text: string;
  fontSizePx: number;
  color: number[];
  background: number[];
  contrast: number;
}

/**
 * Every visible element under `root` that holds text of its own: its computed font size, colour and the
 * first opaque background behind it (walking up the tree), with the contrast between them.
 */
export async function measureTexts(page: Page, root = 'body'): Promise<MeasuredText[]> {
  const raw = await page.evaluate((rootSel) => {
    const parse = (c: string): number[] | null => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const parts = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
      if (parts.length === 4 && parts[3]! < 0.99) return parts[3]! === 0 ? null : parts;
      return parts.slice(0, 3);
    };
    const backgroundOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg && bg.length === 3) return bg;
      }
      return [255, 255, 255];
    };
    const out: Array<{ text: string; fontSizePx: number; color: number[]; background: number[] }> = [];
    const root = document.querySelector(rootSel);
    if (!root) return out;
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!own) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0) continue;
      if (el.closest('[aria-hidden="true"]')) continue;
      out.push({ text: own.slice(0, 40), fontSizePx: parseFloat(style.fontSize), color: parse(style.color)?.slice(0, 3) ?? [0, 0, 0], background: backgroundOf(el) });
    }
    return out;
  }, root);
  return raw.map((r) => ({ ...r, contrast: contrastRatio(r.color, r.background) }));
}

/** Sizes of every visible button, link, input, select and [role=button] under `root`. */
export async function measureTargets(page: Page, root = 'body'): Promise<Array<{ label: string; width: number; height: number }>> {
  return page.evaluate((rootSel) => {
    const root = document.querySelector(rootSel);
    if (!root) return [];
    const sel = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="radio"], [role="checkbox"], [role="tab"]';
    return Array.from(root.querySelectorAll<HTMLElement>(sel))
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => {
        // A check box inside its <label> is pressed by the whole label: that is its target.
        const target = (el.matches('input[type="checkbox"], input[type="radio"]') && el.closest('label')) || el;
        const r = target.getBoundingClientRect();
        const label = (el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('name') ?? el.tagName).trim().slice(0, 40);
        return { label, width: Math.round(r.width), height: Math.round(r.height) };
      });
  }, root);
}

const SHOTS = join(import.meta.dirname, '../../../docs/screenshots');

/**
 * Saves docs/screenshots/<name>.png when the screenshot script runs (`npm run screenshots`, SCREENSHOTS=1);
 * an ordinary test run takes none, so it never changes the committed set.
 */
export async function docShot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: opts.fullPage ?? false });
}

/**
 * A state worth showing: axe must find nothing (a failing test otherwise), then the screenshot is taken
 * when the screenshot script runs. With A11Y_SURVEY=<file>, findings are appended to that file instead of
 * failing, to list everything at once while fixing.
 */
export async function checkpoint(page: Page, name: string, opts: { fullPage?: boolean; exclude?: string[] } = {}): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const survey = process.env.A11Y_SURVEY;
  if (survey) {
    const findings = await axeFindings(page, { exclude: opts.exclude });
    const { appendFileSync } = await import('node:fs');
    if (findings.length) appendFileSync(survey, `## ${name}\n${findings.map((f) => `- ${f.id} (${f.impact}): ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n')}\n`);
  } else {
    await expectNoAxeViolations(page, name, { exclude: opts.exclude });
  }
  await docShot(page, name, { fullPage: opts.fullPage });
}

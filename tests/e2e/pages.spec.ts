import { expect } from '@playwright/test';
import { test } from './support/csp-guard';
import { docShot, expectNoAxeViolations } from './support/a11y';
import { startE2eHall, type E2eHall } from './support/hall-server';

// Every page the hall serves carries the app's icon (a tab, a phone's home screen, a kiosk's taskbar), and
// the landing page that lists them passes axe.

const PAGES = ['/', '/kiosk/', '/counter/', '/hall-display/', '/window-display/', '/mobile/', '/admin/', '/cases/', '/city/'];

let hall: E2eHall;

test.beforeAll(async () => {
  hall = await startE2eHall();
});

test.afterAll(async () => {
  await hall?.stop();
});

test('every page links the icons, and each icon is served', async ({ request }) => {
  for (const path of PAGES) {
    const html = await (await request.get(hall.url + path)).text();
    expect(html, path).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"');
    expect(html, path).toContain('<link rel="icon" href="/favicon.ico" sizes="any"');
    expect(html, path).toContain('<link rel="apple-touch-icon" href="/apple-touch-icon.png"');
  }
  const types: Record<string, string> = {
    '/favicon.svg': 'image/svg+xml',
    '/favicon.ico': 'image/x-icon',
    '/apple-touch-icon.png': 'image/png',
    '/icon-192.png': 'image/png',
    '/icon-512.png': 'image/png',
    '/manifest.webmanifest': 'application/manifest+json',
  };
  for (const [path, type] of Object.entries(types)) {
    const res = await request.get(hall.url + path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['content-type'], path).toContain(type);
  }
  const manifest = (await (await request.get(`${hall.url}/manifest.webmanifest`)).json()) as { icons: Array<{ src: string }>; start_url: string };
  expect(manifest.start_url).toBe('/mobile/');
  for (const icon of manifest.icons) expect((await request.get(hall.url + icon.src)).status(), icon.src).toBe(200);
  expect(await (await request.get(`${hall.url}/mobile/`)).text()).toContain('<link rel="manifest" href="/manifest.webmanifest"');
});

test('the landing page lists every page and passes axe', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(hall.url);
  await expect(page.getByRole('link')).toHaveCount(PAGES.length - 1);
  await expectNoAxeViolations(page, 'landing page');
  await docShot(page, 'landing');
  await page.close();
});

import { chromium, expect, type Browser, type Page } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { test } from './support/csp-guard';
import { checkpoint } from './support/a11y';
import type { AlertView, DeviceStatusView, HallSnapshot, IssuedTicketView } from '../../src-main/contracts';
import { HallClients } from './support/clients';
import { startE2eHall, type E2eHall } from './support/hall-server';

// A hall screen whose browser blocks sound (a screen not started by the launcher): the board stays fully
// visible with a small badge, the screen tells the hall, staff and supervision see it, and one tap turns
// the announcements on. Its own Chromium, started with the browser's default autoplay rule.

let hall: E2eHall;
let browser: Browser;
let page: Page;
const clients = new HallClients(() => hall.url, 'demo-county', 'e2e-sound');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  hall = await startE2eHall();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=document-user-activation-required'],
  });
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
});

test.afterAll(async () => {
  clients.closeAll();
  await browser?.close();
  await hall?.stop();
});

async function supervisor(): Promise<Socket> {
  const res = await fetch(`${hall.url}/api/halls/${hall.hallId}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'jiandu', password: 'demo-super' }),
  });
  return clients.connect({ hallId: hall.hallId, token: ((await res.json()) as { data: { token: string } }).data.token });
}

const screenAlert = (s: Socket) =>
  new Promise<AlertView>((resolve) => {
    s.on('alert:changed', (a: AlertView) => {
      if (a.kind === 'device' && a.subject === 'hall-screen' && a.clearedAt === null) resolve(a);
    });
  });

const screenStatus = (staff: Socket, audio: string) =>
  new Promise<DeviceStatusView>((resolve) => {
    const on = (s: DeviceStatusView) => {
      if (s.deviceId !== 'hall-screen' || s.audio !== audio) return;
      staff.off('device:status', on);
      resolve(s);
    };
    staff.on('device:status', on);
  });

test('blocked sound: the board stays visible with a small badge; staff and supervision are told', async () => {
  const staff = await clients.staffAt('staff03', 3);
  const blocked = screenStatus(staff, 'blocked');
  const alert = screenAlert(await supervisor());
  await page.goto(`${hall.url}/hall-display/?hall=${hall.hallId}&device=hall-screen&key=demo-display`);
  const badge = page.getByTestId('enable-audio');
  await expect(badge).toBeVisible({ timeout: 10_000 });
  await expect(badge).toContainText('语音');

  // Small, in a corner, and nothing dims the board: the element at the screen's centre is the board's own.
  const box = (await badge.boundingBox())!;
  expect(box.width * box.height).toBeLessThan(0.03 * 1920 * 1080);
  expect(box.x).toBeGreaterThan(1920 / 2);
  const centre = await page.evaluate(() => {
    const el = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
    let covered = false;
    for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).position === 'fixed') covered = true;
    return { inBoard: Boolean(el?.closest('[data-testid="hall-screen"]')), covered };
  });
  expect(centre).toEqual({ inBoard: true, covered: false });
  // Nothing on the page is translucent over the board (the old overlay dimmed it to 18 %).
  expect(await page.evaluate(() => Array.from(document.querySelectorAll('body *')).filter((e) => getComputedStyle(e).position === 'fixed' && e.getBoundingClientRect().width > innerWidth / 2).length)).toBe(0);
  await checkpoint(page, 'hall-display-sound-blocked');

  const status = await blocked;
  expect(status).toMatchObject({ deviceId: 'hall-screen', kind: 'display', online: true, audio: 'blocked' });
  // Staff connecting now find it in their snapshot; supervision raises it as a device fault.
  const late = await clients.staffAt('staff04', 4);
  const snapshot = await clients.must<HallSnapshot>(late, 'hall:snapshot', {});
  expect(snapshot.devices).toContainEqual(expect.objectContaining({ deviceId: 'hall-screen', audio: 'blocked' }));
  expect(await alert).toMatchObject({ level: 'red', message: expect.stringContaining('屏幕语音未启用') });
});

test('one tap turns the sound on: the badge goes, the hall hears "on", the next call is announced', async () => {
  const staff = await clients.staffAt('staff01', 1);
  const on = screenStatus(staff, 'on');
  await page.getByTestId('enable-audio').click();
  await expect(page.getByTestId('enable-audio')).toBeHidden();
  expect(await on).toMatchObject({ deviceId: 'hall-screen', audio: 'on' });

  const kiosk = await clients.connect({ hallId: hall.hallId, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
  const ticket = await clients.must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: clients.rid(), categoryId: 'A' });
  await clients.must(staff, 'queue:callNext', { requestId: clients.rid() });
  await expect
    .poll(async () => page.evaluate((n) => (window as unknown as { __announcer: { log: Array<{ number: string; status: string }> } }).__announcer.log.find((e) => e.number === n)?.status, ticket.ticket.number), { timeout: 20_000 })
    .toBe('played');
});

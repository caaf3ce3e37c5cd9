import { expect, type Page } from '@playwright/test';
import { test } from './support/csp-guard';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import type { Ack, IssuedTicketView } from '../../src-main/contracts';
import { startE2eHall, type E2eHall } from './support/hall-server';

// One call seen by everyone at once, through the real pages: staff press 叫号 on the console; the hall
// screen shows it within a second and queues exactly the clips of "请 E001 号 到 11 号窗口 办理"; the
// window screen shows it; 办结; the citizen rates on the window screen and the server stores it.

let hall: E2eHall;
let kiosk: Socket;
const pages: Record<'console' | 'hallScreen' | 'windowScreen', Page> = {} as never;
const errors: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  hall = await startE2eHall();
  kiosk = io(hall.url, { auth: { hallId: hall.hallId, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    kiosk.once('connect', () => resolve());
    kiosk.once('connect_error', reject);
  });
  pages.hallScreen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  pages.windowScreen = await browser.newPage({ viewport: { width: 1280, height: 400 } });
  pages.console = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  for (const p of Object.values(pages)) p.on('pageerror', (e) => errors.push(e.message));
  await pages.hallScreen.goto(`${hall.url}/hall-display/?hall=${hall.hallId}&device=hall-screen&key=demo-display`);
  await pages.windowScreen.goto(`${hall.url}/window-display/?hall=${hall.hallId}&device=window-screen-11&key=demo-window-11`);
  await pages.console.goto(`${hall.url}/counter/?hall=${hall.hallId}`);
});

test.afterAll(async () => {
  kiosk?.close();
  await hall?.stop();
});

test('a call from the console reaches the hall screen, its announcer, the window screen; the rating is stored', async () => {
  const c = pages.console;
  await c.getByTestId('login-username').fill('staff11');
  await c.getByTestId('login-password').fill('demo1234');
  await c.getByTestId('login-submit').click();
  await c.getByTestId('open-window-11').click();
  await expect(pages.windowScreen.getByTestId('screen-status')).toHaveText('空闲');

  const ack = (await kiosk.timeout(5000).emitWithAck('ticket:issue', { requestId: `flow-${Date.now()}`, categoryId: 'E', matterId: 'E01' })) as Ack<IssuedTicketView>;
  expect(ack).toMatchObject({ ok: true, data: { ticket: { number: 'E001' } } });

  await c.getByTestId('action-callNext').click();
  const pressedAt = Date.now();
  await expect(pages.hallScreen.getByTestId('current-number')).toHaveText('E001', { timeout: 1000 });
  expect(Date.now() - pressedAt).toBeLessThan(1000);
  await expect(pages.hallScreen.getByTestId('current-window')).toHaveText('11号窗口');
  await expect(pages.windowScreen.getByTestId('screen-number')).toHaveText('E001', { timeout: 1000 });

  const sentence = ['qing', 'E', '0', '0', '1', 'hao', 'dao', 'shi', '1', 'hao', 'chuangkou', 'banli'];
  await expect
    .poll(() => pages.hallScreen.evaluate(() => (window as unknown as { __announcer: { log: Array<{ number: string; clips: string[] }> } }).__announcer.log))
    .toEqual([expect.objectContaining({ number: 'E001', clips: ['chime', ...sentence, ...sentence] })]);

  await c.getByTestId('action-finish').click();
  await c.getByTestId('dialog-confirm').click();
  await expect(pages.windowScreen.getByTestId('evaluator')).toHaveAttribute('data-ticket', 'E001');
  await pages.windowScreen.getByTestId('rate-very-satisfied').click();
  await expect(pages.windowScreen.getByTestId('evaluator-thanks')).toBeVisible();

  const db = new Database(hall.dataFile, { readonly: true });
  try {
    expect(db.prepare(`SELECT state, matter_handled, rating_level, rated_window_id, rated_staff_id FROM tickets WHERE number = 'E001'`).get()).toEqual({
      state: 'finished',
      matter_handled: 'E01',
      rating_level: 'very-satisfied',
      rated_window_id: 11,
      rated_staff_id: 'staff11',
    });
  } finally {
    db.close();
  }
  expect(errors).toEqual([]);
});

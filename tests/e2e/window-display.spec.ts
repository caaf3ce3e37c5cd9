import { expect, type Page } from '@playwright/test';
import { test } from './support/csp-guard';
import { checkpoint } from './support/a11y';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import type { Ack, IssuedTicketView } from '../../src-main/contracts';
import { startE2eHall, type E2eHall } from './support/hall-server';

// Window 6's screen next to its console, both pages against the real server: the screen follows the
// window, and after 办结 it becomes the evaluator; the citizen's 满意 is stored against ticket, window
// and staff member in the hall's SQLite file.

const SCREEN = { width: 1280, height: 400 };

let hall: E2eHall;
let screen: Page;
let desk: Page;
let kiosk: Socket;
const pageErrors: string[] = [];
let n = 0;
const rid = () => `e2e-ws-${Date.now().toString(36)}-${++n}`;

async function issue(categoryId: string, matterId?: string): Promise<IssuedTicketView> {
  const ack = (await kiosk.timeout(5000).emitWithAck('ticket:issue', { requestId: rid(), categoryId, matterId })) as Ack<IssuedTicketView>;
  if (!ack.ok) throw new Error(`ticket:issue refused: ${ack.code} ${ack.messageEn}`);
  return ack.data;
}

interface RatingRow {
  number: string;
  state: string;
  matter_handled: string;
  rating_level: string | null;
  rating_reasons: string | null;
  rated_window_id: number | null;
  rated_staff_id: string | null;
  rated_at: number | null;
}

/** Reads the ticket as the server stored it (read-only, beside the running server). */
function storedTicket(number: string): RatingRow | undefined {
  const db = new Database(hall.dataFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT * FROM tickets WHERE hall_id = ? AND number = ?`).get(hall.hallId, number) as RatingRow | undefined;
  } finally {
    db.close();
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  hall = await startE2eHall();
  kiosk = io(hall.url, { auth: { hallId: hall.hallId, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' }, transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    kiosk.once('connect', () => resolve());
    kiosk.once('connect_error', reject);
  });
  screen = await browser.newPage({ viewport: SCREEN });
  desk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  for (const p of [screen, desk]) p.on('pageerror', (e) => pageErrors.push(e.message));
});

test.afterAll(async () => {
  kiosk?.close();
  await hall?.stop();
});

test('the window screen follows its window: 未开放, then 空闲 with the staff name', async () => {
  await screen.goto(`${hall.url}/window-display/?hall=${hall.hallId}&device=window-screen-6&key=demo-window-6`);
  await expect(screen.getByTestId('window-screen')).toHaveAttribute('data-state', 'closed');
  await expect(screen.getByTestId('screen-status')).toHaveText('本窗口未开放');
  await expect(screen.getByTestId('window-number')).toContainText('6');
  // The key left the address bar once it was stored.
  expect(new URL(screen.url()).searchParams.get('key')).toBeNull();

  await desk.goto(`${hall.url}/counter/?hall=${hall.hallId}`);
  await desk.getByTestId('login-username').fill('staff06');
  await desk.getByTestId('login-password').fill('demo1234');
  await desk.getByTestId('login-submit').click();
  await desk.getByTestId('open-window-6').click();
  await expect(desk.getByTestId('console-window')).toHaveText('6 号窗口');

  await expect(screen.getByTestId('window-screen')).toHaveAttribute('data-state', 'idle');
  await expect(screen.getByTestId('screen-status')).toHaveText('空闲');
  await expect(screen.getByTestId('staff-name')).toHaveText('工作人员：杨帆');
  await checkpoint(screen, 'window-display-idle');
});

test('a call at the console shows on the screen; 办结 with a chosen matter turns it into the evaluator', async () => {
  const issued = await issue('C', 'C02');
  expect(issued.ticket.number).toBe('C001');
  await desk.getByTestId('action-callNext').click();
  await expect(desk.getByTestId('current-number')).toHaveText('C001');
  await expect(screen.getByTestId('screen-number')).toHaveText('C001', { timeout: 1000 });
  await expect(screen.getByTestId('window-screen')).toHaveAttribute('data-state', 'called');
  await checkpoint(screen, 'window-display-called');

  await desk.getByTestId('action-start').click();
  await expect(screen.getByTestId('window-screen')).toHaveAttribute('data-state', 'serving');

  // Staff record a different matter than the kiosk's choice.
  await desk.getByTestId('action-finish').click();
  await desk.getByTestId('matter-C03').click();
  await desk.getByTestId('dialog-confirm').click();
  await expect(desk.getByTestId('notice')).toContainText('C001 已办结');

  const evaluator = screen.getByTestId('evaluator');
  await expect(evaluator).toBeVisible();
  await expect(evaluator).toHaveAttribute('data-ticket', 'C001');
  await expect(evaluator).toContainText('杨帆');
  const seconds = Number(await screen.getByTestId('evaluator-countdown').getAttribute('data-seconds'));
  expect(seconds).toBeGreaterThan(590);
  expect(seconds).toBeLessThanOrEqual(600);
  // Touch targets: every level button at least 60 px each way.
  for (const level of ['very-satisfied', 'satisfied', 'basic', 'dissatisfied', 'very-dissatisfied']) {
    const box = await screen.getByTestId(`rate-${level}`).boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(60);
    expect(box!.height).toBeGreaterThanOrEqual(60);
  }
  await checkpoint(screen, 'window-display-evaluator');

  // A low level asks for reasons; 返回 goes back without sending anything.
  await screen.getByTestId('rate-dissatisfied').click();
  await screen.getByTestId('reason-等候时间长').click();
  await expect(screen.getByTestId('reason-等候时间长')).toHaveAttribute('aria-pressed', 'true');
  const reasonBox = await screen.getByTestId('reason-等候时间长').boundingBox();
  expect(reasonBox!.height).toBeGreaterThanOrEqual(60);
  await checkpoint(screen, 'window-display-evaluator-reasons');
  await screen.getByTestId('evaluator-back').click();
  expect(storedTicket('C001')?.rating_level).toBeNull();
});

test('the citizen taps 满意: thanks, the server stores it against ticket, window and staff, the screen returns', async () => {
  await screen.getByTestId('rate-satisfied').click();
  await expect(screen.getByTestId('evaluator-thanks')).toBeVisible();
  await checkpoint(screen, 'window-display-thanks');
  await expect(desk.getByTestId('last-rating')).toContainText('满意');

  const row = storedTicket('C001');
  expect(row).toMatchObject({ state: 'finished', matter_handled: 'C03', rating_level: 'satisfied', rated_window_id: 6, rated_staff_id: 'staff06' });
  expect(JSON.parse(row!.rating_reasons!)).toEqual([]);
  expect(row!.rated_at).toBeGreaterThan(0);

  await expect(screen.getByTestId('window-screen')).toHaveAttribute('data-state', 'idle', { timeout: 8000 });
  expect(pageErrors).toEqual([]);
});

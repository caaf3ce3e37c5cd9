import { expect, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { Ack, IssuedTicketView } from '../../src-main/contracts';
import { TestCluster, waitForOwner } from '../cluster/support/cluster';
import type { FreshPgDatabase } from '../support/pg';
import { freshPgDatabase } from '../support/pg';
import { test } from './support/csp-guard';

// Two hall servers on PostgreSQL, in Chromium: the console is on the server that does not run the hall
// (everything it does is relayed), the hall screen on the one that does. Then the owner is killed with
// kill -9: the console finds the hall again by itself on the surviving server, and calls go on.

const HALL = 'demo-county';
let db: FreshPgDatabase;
let cluster: TestCluster;
let kiosk: Socket;
let owner = 0;
const errors: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  db = await freshPgDatabase();
  cluster = await new TestCluster({ database: db.url, size: 2 }).start();
  owner = cluster.indexOf((await waitForOwner(db.url, HALL)).owner!);
});

test.afterAll(async () => {
  kiosk?.close();
  await cluster?.stop();
  await db?.drop();
});

async function issue(url: string, categoryId: string): Promise<string> {
  kiosk?.close();
  kiosk = io(url, { auth: { hallId: HALL, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' }, transports: ['websocket'], forceNew: true });
  const ack = (await kiosk.timeout(10_000).emitWithAck('ticket:issue', { requestId: `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`, categoryId, matterId: `${categoryId}01` })) as Ack<IssuedTicketView>;
  if (!ack.ok) throw new Error(`issue refused: ${JSON.stringify(ack)}`);
  return ack.data.ticket.number;
}

test('a console relayed through the other server calls; after kill -9 of the owner it goes on by itself', async ({ browser }) => {
  test.setTimeout(120_000);
  const other = 1 - owner;
  const screen: Page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const console_: Page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  for (const p of [screen, console_]) p.on('pageerror', (e) => errors.push(e.message));
  await screen.goto(`${cluster.node(owner).url}/hall-display/?hall=${HALL}&device=hall-screen&key=demo-display`);
  await console_.goto(`${cluster.node(other).url}/counter/?hall=${HALL}`);

  // Login (HTTP) and every console event go through the server that does not run the hall.
  await console_.getByTestId('login-username').fill('staff11');
  await console_.getByTestId('login-password').fill('demo1234');
  await console_.getByTestId('login-submit').click();
  await console_.getByTestId('open-window-11').click();
  expect(await issue(cluster.node(other).url, 'E')).toBe('E001');
  await console_.getByTestId('action-callNext').click();
  const pressedAt = Date.now();
  await expect(screen.getByTestId('current-number')).toHaveText('E001', { timeout: 2000 });
  expect(Date.now() - pressedAt).toBeLessThan(2000);
  await console_.getByTestId('action-finish').click();
  await console_.getByTestId('dialog-confirm').click();
  // 办结 acknowledged (through the relay) before anything is killed.
  await expect(console_.getByTestId('no-ticket')).toBeVisible();

  // The owner dies. The console's server takes the hall over (lease 3 s) and the console reconnects to it.
  await cluster.kill(owner);
  await waitForOwner(db.url, HALL, (l) => l.owner === cluster.node(other).id);
  const screen2 = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  screen2.on('pageerror', (e) => errors.push(e.message));
  await screen2.goto(`${cluster.node(other).url}/hall-display/?hall=${HALL}&device=hall-screen&key=demo-display`);
  expect(await issue(cluster.node(other).url, 'E')).toBe('E002');
  // The console reconnects by itself (its server cut the relayed connection when the owner died).
  await expect(async () => {
    await console_.getByTestId('action-callNext').click({ timeout: 2000 });
    await expect(screen2.getByTestId('current-number')).toHaveText('E002', { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await expect(console_.getByTestId('current-number')).toHaveText('E002');
  await screen2.screenshot({ path: 'tests/.artifacts/cluster-hall-screen-after-failover.png' });
  await console_.screenshot({ path: 'tests/.artifacts/cluster-console-after-failover.png' });
  expect(errors).toEqual([]);
});

import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { test } from './support/csp-guard';
import { checkpoint } from './support/a11y';
import { checkPhoneState } from './support/phone-checks';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import type { IssuedTicketView, RatingCaseView, StatisticsReport } from '../../src-main/contracts';
import { HallClients } from './support/clients';
import { startE2eHall, type E2eHall } from './support/hall-server';

// 差评整改 end to end, against the real hall server and the built pages: a 非常不满意 at window 6's screen
// (with a number for the callback, typed on its pad) becomes a case on the board; the window's staff
// member verifies it and answers with the callback; the supervisor reviews and closes it, while the staff
// member's board follows live; the statistics count it. Then a citizen rates on the phone page of a slip's
// QR code and watches the case's progress there.

const DESK = { width: 1600, height: 900 };
const SCREEN = { width: 1280, height: 400 };
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

let hall: E2eHall;
let clients: HallClients;
let kiosk: Socket;
let screen: Page;
let staffBoard: Page;
let boss: Page;
let phoneContext: BrowserContext;
let phone: Page;
/** The slip of the ticket rated at the window (its QR code opens /t/<token>). */
let windowRated: IssuedTicketView;
const pageErrors: string[] = [];

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now());

async function signIn(p: Page, username: string, password: string): Promise<void> {
  await p.goto(`${hall.url}/cases/?hall=${hall.hallId}`);
  await p.evaluate(() => sessionStorage.clear());
  await p.reload();
  await p.getByTestId('login-username').fill(username);
  await p.getByTestId('login-password').fill(password);
  await p.getByTestId('login-submit').click();
  await expect(p.getByTestId('case-board')).toBeVisible();
}

/** Issued at the kiosk, called, served and finished at the window by its staff member's socket. */
async function serve(staff: Socket, categoryId: string, matterId: string): Promise<IssuedTicketView> {
  const issued = await clients.must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: clients.rid(), categoryId, matterId });
  await clients.must(staff, 'queue:callNext', { requestId: clients.rid() });
  await clients.must(staff, 'ticket:start', { requestId: clients.rid() });
  await clients.must(staff, 'ticket:finish', { requestId: clients.rid(), matterId });
  return issued;
}

const focusedTestId = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const focusInDialog = (p: Page) => p.evaluate(() => !!document.activeElement?.closest('[data-testid="action-dialog"]'));

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  hall = await startE2eHall();
  clients = new HallClients(() => hall.url, hall.hallId, 'e2e-cases');
  kiosk = await clients.kiosk();
  screen = await browser.newPage({ viewport: SCREEN });
  staffBoard = await browser.newPage({ viewport: DESK });
  boss = await browser.newPage({ viewport: DESK });
  phoneContext = await browser.newContext(PHONE);
  phone = await phoneContext.newPage();
  for (const p of [screen, staffBoard, boss, phone]) p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
});

test.afterAll(async () => {
  clients?.closeAll();
  await phoneContext?.close();
  await hall?.stop();
});

test('a 非常不满意 at the window screen, with a callback number typed on its pad, opens a case on the board', async () => {
  await screen.goto(`${hall.url}/window-display/?hall=${hall.hallId}&device=window-screen-6&key=demo-window-6`);
  const staff06 = await clients.staffAt('staff06', 6);
  // A few more bad ratings at other windows, so the board has a list to move along.
  const staff01 = await clients.staffAt('staff01', 1);
  const screen1 = await clients.connect({ hallId: hall.hallId, deviceId: 'window-screen-1', deviceKey: 'demo-window-1' });
  for (const [level, reasons] of [['dissatisfied', ['等候时间长']], ['very-dissatisfied', ['材料要求反复', '政策解释不清']]] as const) {
    const a = await serve(staff01, 'A', 'A01');
    await clients.must(screen1, 'ticket:rate', { requestId: clients.rid(), ticketId: a.ticket.id, level, reasons });
  }

  windowRated = await serve(staff06, 'C', 'C02');
  await expect(screen.getByTestId('evaluator')).toHaveAttribute('data-ticket', windowRated.ticket.number);
  await screen.getByTestId('rate-very-dissatisfied').click();
  await screen.getByTestId('reason-服务态度差').click();
  // The reasons step offers the callback number beside 提交; its three buttons fit the screen.
  for (const id of ['evaluator-back', 'evaluator-ask-mobile', 'evaluator-submit']) {
    const box = (await screen.getByTestId(id).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(SCREEN.width);
    expect(box.y + box.height).toBeLessThanOrEqual(SCREEN.height);
  }
  await screen.screenshot({ path: join(import.meta.dirname, '../.artifacts/evaluator-reasons-step.png') });
  await screen.getByTestId('evaluator-ask-mobile').click();
  await expect(screen.getByTestId('evaluator-mobile-why')).toContainText('回电');
  for (const d of '1380013') await screen.getByTestId(`pad-${d}`).click();
  await expect(screen.getByTestId('evaluator-mobile-submit')).toBeDisabled();
  for (const d of '8000') await screen.getByTestId(`pad-${d}`).click();
  await expect(screen.getByTestId('evaluator-mobile-number')).toHaveText(/138 0013 8000/);
  // Large targets: every key of the pad at least 60 px each way on the 400 px tall screen.
  for (const k of ['1', '0', 'del', 'clear']) {
    const box = await screen.getByTestId(`pad-${k}`).boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(60);
    expect(box!.height).toBeGreaterThanOrEqual(60);
  }
  await checkpoint(screen, 'window-display-evaluator-mobile');
  await screen.getByTestId('evaluator-mobile-submit').click();
  await expect(screen.getByTestId('evaluator-thanks')).toBeVisible();

  await signIn(staffBoard, 'staff06', 'demo1234');
  await expect(staffBoard.getByTestId('me')).toContainText('杨帆');
  const row = staffBoard.getByTestId(`case-row-${windowRated.ticket.number}`);
  await expect(row).toHaveAttribute('data-state', 'verifying');
  await expect(row).toContainText('待核实');
  await expect(row).toContainText('非常不满意');
  await expect(row.getByTestId('row-colour')).toHaveText('期限内');
  // 谁办理谁负责: staff06 sees the cases of the insurance team's windows only, not window 1's.
  await expect(staffBoard.locator('[data-testid^="case-row-A"]')).toHaveCount(0);

  // Keyboard: the row takes the focus, Enter opens it; the full number is there to call back.
  await row.focus();
  await staffBoard.keyboard.press('Enter');
  await expect(staffBoard.getByTestId('detail-title')).toContainText(`${windowRated.ticket.number} 号 · 非常不满意`);
  await expect(staffBoard.getByTestId('detail-mobile')).toContainText('13800138000');
  await expect(staffBoard.getByTestId('detail-channel')).toHaveText('窗口评价器');
  await expect(staffBoard.getByTestId('detail-reasons')).toContainText('服务态度差');
  await expect(staffBoard.getByTestId('detail-staff')).toHaveText('杨帆');
  await expect(staffBoard.getByTestId('detail-deadline')).toHaveAttribute('data-colour', 'ok');
  // Staff act, supervisors decide: no review or close here.
  await expect(staffBoard.getByTestId('do-verify')).toBeVisible();
  await expect(staffBoard.getByTestId('do-appeal')).toBeVisible();
  await expect(staffBoard.getByTestId('do-review')).toHaveCount(0);
  await expect(staffBoard.getByTestId('do-close')).toHaveCount(0);
});

test('the staff member verifies and answers with the callback, from the keyboard; the dialog keeps the focus and gives it back', async () => {
  const p = staffBoard;
  await p.getByTestId('do-verify').focus();
  await p.keyboard.press('Enter');
  await expect(p.getByTestId('action-dialog')).toBeVisible();
  expect(await focusedTestId(p)).toBe('field-note');
  // Tab goes round inside the dialog, never out of it.
  for (let i = 0; i < 5; i++) {
    await p.keyboard.press('Tab');
    expect(await focusInDialog(p)).toBe(true);
  }
  await p.keyboard.press('Shift+Tab');
  expect(await focusInDialog(p)).toBe(true);
  // Esc closes it and the focus is back on the button that opened it.
  await p.keyboard.press('Escape');
  await expect(p.getByTestId('action-dialog')).toHaveCount(0);
  expect(await focusedTestId(p)).toBe('do-verify');

  await p.keyboard.press('Enter');
  await p.getByTestId('action-send').click();
  await expect(p.getByTestId('action-dialog')).toContainText('请填写此项');
  await p.getByTestId('field-note').fill('调取窗口录像，工作人员答复生硬，情况属实');
  await p.keyboard.press('Control+Enter');
  await expect(p.getByTestId('action-dialog')).toHaveCount(0);
  await expect(p.getByTestId('detail-state')).toHaveText('整改中');
  await expect(p.getByTestId('action-done')).toHaveText('已核实，进入整改');
  // The verify button is gone: the focus went to the case's title, not to nowhere.
  expect(await focusedTestId(p)).toBe('detail-title');
  await expect(p.getByTestId(`case-row-${windowRated.ticket.number}`)).toHaveAttribute('data-state', 'rectifying');

  await p.getByTestId('do-answer').click();
  await expect(p.getByTestId('callback-fields')).toContainText('13800138000');
  await p.getByTestId('field-rectification').fill('已对窗口人员进行服务规范培训，并调整高峰时段人员安排');
  await p.getByTestId('action-send').click();
  await expect(p.getByTestId('action-dialog')).toContainText('请选择群众的回访评价');
  await p.getByTestId('callback-satisfied').check();
  await p.getByTestId('field-callback-note').fill('电话回访，群众对整改表示满意');
  await checkpoint(p, 'cases-board-dialog');
  await p.getByTestId('action-send').click();
  await expect(p.getByTestId('detail-state')).toHaveText('已反馈');
  await expect(p.getByTestId('detail-callback')).toContainText('满意');
  await expect(p.getByTestId('detail-rectification')).toContainText('服务规范培训');
  await expect(p.getByTestId('detail-deadline')).toHaveAttribute('data-colour', 'done');
  await expect(p.getByTestId('detail-deadline')).toContainText('按期反馈');
});

test('the supervisor reviews and closes it; the staff member’s board follows live; the statistics count it', async () => {
  await signIn(boss, 'jiandu', 'demo-super');
  await expect(boss.getByTestId('count-open')).toContainText('3');
  const rows = boss.locator('[data-testid="case-rows"] [role="option"]');
  await expect(rows).toHaveCount(3);
  // Arrow keys move along the list; Enter opens the row that has the focus.
  await rows.first().focus();
  await boss.keyboard.press('ArrowDown');
  await boss.keyboard.press('End');
  await boss.keyboard.press('Home');
  await boss.keyboard.press('Enter');
  await expect(boss.getByTestId('detail-title')).toBeVisible();
  await boss.getByTestId(`case-row-${windowRated.ticket.number}`).click();
  await expect(boss.getByTestId('detail-state')).toHaveText('已反馈');
  await checkpoint(boss, 'cases-board-case');

  await boss.getByTestId('do-review').click();
  await boss.getByTestId('choice-yes').check();
  await boss.getByTestId('field-note').fill('整改措施到位，回访已落实');
  await boss.getByTestId('action-send').click();
  await expect(boss.getByTestId('detail-state')).toHaveText('已复核');
  await expect(staffBoard.getByTestId(`case-row-${windowRated.ticket.number}`)).toHaveAttribute('data-state', 'reviewed');

  await boss.getByTestId('do-close').click();
  await boss.getByTestId('action-send').click();
  await expect(boss.getByTestId('detail-state')).toHaveText('已关闭');
  await expect(boss.getByTestId('detail-outcome')).toHaveText('整改完成');
  await expect(boss.getByTestId('detail-history')).toContainText('复核通过');
  // Closed: gone from the open list (here and on the staff member's board), there under 全部.
  await expect(boss.getByTestId(`case-row-${windowRated.ticket.number}`)).toHaveCount(0);
  await expect(staffBoard.getByTestId(`case-row-${windowRated.ticket.number}`)).toHaveCount(0);
  await boss.getByTestId('filter-state').selectOption('all');
  await expect(boss.getByTestId(`case-row-${windowRated.ticket.number}`)).toHaveAttribute('data-state', 'closed');
  await expect(boss.getByTestId(`case-row-${windowRated.ticket.number}`).getByTestId('row-colour')).toHaveText('计时结束');
  await boss.getByTestId('filter-state').selectOption('open');
  await expect(rows).toHaveCount(2);

  const token = (await boss.evaluate(() => JSON.parse(sessionStorage.getItem('hall.cases.session') ?? '{}') as { token: string })).token;
  const res = await fetch(`${hall.url}/api/halls/${hall.hallId}/statistics?from=${today()}&to=${today()}`, { headers: { authorization: `Bearer ${token}` } });
  const report = ((await res.json()) as { data: StatisticsReport }).data;
  expect(report.total.badRated).toBe(3);
  expect(report.total.ratingsByChannel.window).toBe(3);
  // 差评整改 in the report: three cases opened, one answered on time with its callback.
  expect(report.cases.total).toMatchObject({ opened: 3, open: 2, answered: 1, answeredOnTime: 1, realName: 1, realNameAnswered: 1, calledBack: 1, callbackRate: 1 });
  expect(report.cases.byWindow['6']).toMatchObject({ opened: 1, answered: 1, calledBack: 1 });
});

test('the phone page of a ticket rated at the window says it was received there', async () => {
  await phone.goto(`${hall.url}/t/${windowRated.token}?hall=${hall.hallId}`);
  await expect(phone.getByTestId('rating-received')).toBeVisible();
  await expect(phone.getByTestId('rated-elsewhere')).toContainText('窗口评价器');
  await expect(phone.getByTestId('rating-form')).toHaveCount(0);
  // A real-name bad rating: its case's result is on the phone too.
  await expect(phone.getByTestId('rating-result')).toHaveAttribute('data-step', 'closed');
  await expect(phone.getByTestId('rating-rectification')).toContainText('服务规范培训');
});

test('a citizen rates on the slip’s QR page after 办结: real-name 不满意, received, and the case’s progress arrives live', async () => {
  const staff11 = await clients.staffAt('staff11', 11);
  const slip = await serve(staff11, 'E', 'E01');
  await phone.goto(`${hall.url}/t/${slip.token}?hall=${hall.hallId}`);
  await expect(phone.getByTestId('live-text')).toContainText('已办结');
  const form = phone.getByTestId('rating-form');
  await expect(form).toBeVisible();
  await expect(form).toContainText('还可在 72 小时内评价');
  await phone.getByTestId('phone-rate-dissatisfied').click();
  await expect(phone.getByTestId('phone-rate-dissatisfied')).toHaveAttribute('aria-checked', 'true');
  await phone.getByTestId('phone-reason-办事效率低').click();
  await phone.getByTestId('phone-comment').fill('材料齐全仍让我跑了两趟');
  await phone.getByTestId('phone-callback').check();
  await phone.getByTestId('phone-mobile').fill('1390013');
  await phone.getByTestId('phone-rate-submit').click();
  await expect(form).toContainText('手机号码应为 11 位数字');
  await phone.getByTestId('phone-mobile').fill('139 0013 9000');
  // Full page from the top: a scrolled page would print its sticky title bar in the middle.
  await phone.evaluate(() => window.scrollTo(0, 0));
  await checkPhoneState(phone, 'mobile-rating-form');
  await phone.getByTestId('phone-rate-submit').click();

  const received = phone.getByTestId('rating-received');
  await expect(received).toBeVisible();
  await expect(received).toContainText('评价已收到');
  await expect(received).toHaveAttribute('data-real-name', 'true');
  await expect(phone.getByTestId('rating-level')).toContainText('不满意');
  await expect(phone.getByTestId('rating-result')).toHaveAttribute('data-step', 'received');

  // The window's team handles it: the phone follows without a reload.
  const cases = await clients.must<{ cases: RatingCaseView[] }>(staff11, 'case:list', { state: 'open' });
  const mine = cases.cases.find((c) => c.number === slip.ticket.number)!;
  expect(mine).toMatchObject({ channel: 'slip-qr', realName: true, mobile: '139****9000', level: 'dissatisfied' });
  await clients.must(staff11, 'case:verify', { requestId: clients.rid(), caseId: mine.id, note: '情况属实，材料一次告知不到位' });
  await expect(phone.getByTestId('rating-result')).toHaveAttribute('data-step', 'handling');
  await clients.must(staff11, 'case:answer', {
    requestId: clients.rid(),
    caseId: mine.id,
    rectification: '已编制事项一次性告知单，窗口收件时当场核对材料',
    callback: { answer: 'basic', note: '' },
  });
  await expect(phone.getByTestId('rating-result')).toHaveAttribute('data-step', 'answered');
  await expect(phone.getByTestId('rating-rectification')).toContainText('一次性告知单');
  await phone.evaluate(() => window.scrollTo(0, 0));
  await checkPhoneState(phone, 'mobile-rating-received');

  // One rating per ticket: the window's screen can no longer rate it.
  const screen11 = await clients.connect({ hallId: hall.hallId, deviceId: 'window-screen-11', deviceKey: 'demo-window-11' });
  const again = (await screen11.timeout(5000).emitWithAck('ticket:rate', { requestId: clients.rid(), ticketId: slip.ticket.id, level: 'very-satisfied' })) as { ok: boolean; code?: string };
  expect(again.ok).toBe(false);
  expect(pageErrors).toEqual([]);
});

test('the board’s list screenshot: open cases with their colours, the English toggle too', async () => {
  await boss.getByTestId('filter-state').selectOption('all');
  await expect(boss.locator('[data-testid="case-rows"] [role="option"]')).toHaveCount(4);
  await boss.getByTestId('detail-close').click();
  await checkpoint(boss, 'cases-board-list');
  await boss.getByTestId('language-toggle').click();
  await expect(boss.getByTestId('count-open')).toContainText('Open');
  // In English the case shows the hall's English names and the default reasons translated.
  const rated = boss.getByTestId(`case-row-${windowRated.ticket.number}`);
  await expect(rated).toContainText('Window 6 Insurance 1');
  await rated.click();
  await expect(boss.getByTestId('detail-window')).toHaveText('Window 6 Insurance 1');
  await expect(boss.getByTestId('detail-team')).toHaveText('Insurance team');
  await expect(boss.getByTestId('case-detail')).toContainText('C Social and medical insurance · Social security card application');
  await expect(boss.getByTestId('detail-reasons')).toContainText('Poor attitude');
  await expect(boss.getByTestId('case-detail')).not.toContainText('社保');
  await checkpoint(boss, 'cases-board-en');
  await boss.getByTestId('language-toggle').click();
  await expect(boss.getByTestId('detail-team')).toHaveText('社保医保组');
  expect(pageErrors).toEqual([]);
});

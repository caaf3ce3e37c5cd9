import { expect, type BrowserContext, type Page } from '@playwright/test';
import { test } from './support/csp-guard';
import { checkpoint } from './support/a11y';
import { checkPhoneState, expectNoSidewaysScroll } from './support/phone-checks';
import type { CallResult, DaySlotsView } from '../../src-main/contracts';
import { gb11643CheckDigit } from '../../src-renderer/mobile/id-number';
import type { TestSocket } from '../support/hall-fixture';
import { connectSocket, login, must, rid } from '../support/hall-fixture';
import type { E2eHall } from './support/hall-server';
import { startE2eHall } from './support/hall-server';

// The phone pages on a phone-sized Chromium against the real hall server (a child process on its own
// database, with the demo hall: open around the clock, 30-minute slots, check-in from 30 minutes before).
// A booking is checked in at the web kiosk by its code and called by a counter; a remote number is
// followed from five ahead to the call; the hall restarts under the open live page.

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const KIOSK = { viewport: { width: 1080, height: 1920 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

test.describe.configure({ mode: 'serial' });

let hall: E2eHall;
let phoneContext: BrowserContext;
let phone: Page;
let kioskContext: BrowserContext;
const sockets: TestSocket[] = [];
const pageErrors: string[] = [];

/** A valid resident ID number (check digit included), different for each n. */
function idNumber(n: number): string {
  const first17 = `1101011990${String(1 + (n % 12)).padStart(2, '0')}15${String(100 + n).padStart(3, '0')}`;
  return first17 + gb11643CheckDigit(first17);
}

async function socket(auth: object): Promise<TestSocket> {
  const s = await connectSocket(hall.url, auth);
  sockets.push(s);
  return s;
}
const staff = async (username: string) => socket({ hallId: hall.hallId, token: await login(hall.url, hall.hallId, username, 'demo1234') });

async function shot(p: Page, name: string): Promise<void> {
  await checkPhoneState(p, name);
}

/** Whether the booking test ran (it is skipped in the hall's last half hour of the day). */
let booked = false;

/** The hall's own day and clock (Asia/Shanghai), whatever the machine's zone. */
function hallClock(epoch: number): { day: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(epoch);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { day: `${get('year')}-${get('month')}-${get('day')}`, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

test.beforeAll(async ({ browser }) => {
  hall = await startE2eHall();
  phoneContext = await browser.newContext(PHONE);
  // Vibration and notifications are recorded: a headless browser has neither a motor nor a tray.
  await phoneContext.addInitScript(() => {
    const w = window as unknown as { __alerts: string[] };
    w.__alerts = [];
    Object.defineProperty(navigator, 'vibrate', { value: () => (w.__alerts.push('vibrate'), true) });
    let permission: NotificationPermission = 'default';
    class RecordedNotification {
      static get permission() {
        return permission;
      }
      static requestPermission() {
        permission = 'granted';
        return Promise.resolve(permission);
      }
      constructor(title: string) {
        w.__alerts.push(`notify:${title}`);
      }
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification });
  });
  phone = await phoneContext.newPage();
  phone.on('pageerror', (e) => pageErrors.push(e.message));
  kioskContext = await browser.newContext(KIOSK);
});

test.afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await phoneContext?.close();
  await kioskContext?.close();
  await hall?.stop();
  expect(pageErrors).toEqual([]);
});

test('book a slot on the phone, check in at the web kiosk by code, and the live page shows the window within 1 s of the call', async () => {
  // Slots start every 30 minutes around the clock, so today's next one starts within 30 minutes and its
  // check-in (from 30 minutes before) is open now — except in the last half hour of the day, when the
  // next slot is tomorrow's and check-in (on the booked day only) cannot happen yet.
  const { minutes } = hallClock(Date.now());
  test.skip(minutes >= 23 * 60 + 29, 'no slot left today in the hall’s last half hour');
  booked = true;

  const other = await socket({ hallId: hall.hallId, role: 'mobile' });
  const days = await must<DaySlotsView[]>(other, 'booking:slots', { categoryId: 'C' });
  const next = days[0]!.slots[0]!;
  expect(days[0]!.day).toBe(hallClock(Date.now()).day);
  expect(next.start - Date.now()).toBeLessThanOrEqual(30 * 60_000);
  // Someone else fills a later slot, so the picker shows a full one.
  const full = days[0]!.slots[1] ?? days[1]!.slots[0]!;
  for (let i = 0; i < 4; i++) {
    await must(other, 'booking:make', { requestId: rid(), categoryId: 'C', slotStart: full.start, name: '李四', mobile: '13900139000', idNumber: idNumber(i + 10) });
  }

  await phone.goto(`${hall.url}/mobile/?hall=${hall.hallId}`);
  await expect(phone.getByTestId('category-C')).toContainText('社保医保');
  await expect(phone.getByTestId('hall-card')).toContainText('示范县政务服务中心');
  await expectNoSidewaysScroll(phone);
  await shot(phone, 'mobile-home');

  await phone.getByTestId('category-C').click();
  await expect(phone.getByTestId('go-book')).toBeDisabled();
  await phone.getByTestId('matter-C02').click();
  await expect(phone.getByTestId('matter-C02')).toHaveAttribute('aria-checked', 'true');
  await shot(phone, 'mobile-matters');
  await phone.getByTestId('go-book').click();

  const picker = phone.getByTestId('slot-picker');
  await expect(picker.getByTestId(`slot-${next.label}`)).toBeEnabled();
  if (full.start !== days[0]!.slots[1]?.start) await picker.getByTestId(`day-${days[1]!.day}`).click();
  await expect(picker.getByTestId(`slot-${full.label}`)).toBeDisabled();
  await expect(picker.getByTestId(`slot-${full.label}`)).toContainText('已满');
  await shot(phone, 'mobile-slots');
  if (full.start !== days[0]!.slots[1]?.start) await picker.getByTestId(`day-${days[0]!.day}`).click();
  await picker.getByTestId(`slot-${next.label}`).click();
  await expect(phone.getByTestId('chosen-slot')).toContainText(next.label);

  // A wrong check digit is caught before anything is sent; the corrected form books.
  await phone.getByTestId('form-name').fill('张三丰');
  await phone.getByTestId('form-mobile').fill('138 0013 8000');
  const id = idNumber(1);
  await phone.getByTestId('form-id').fill(`${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`);
  await phone.getByTestId('submit-book').click();
  await expect(phone.getByTestId('problem-id')).toContainText('校验位不符');
  await phone.getByTestId('form-id').fill(id);
  await phone.getByTestId('submit-book').click();

  await expect(phone).toHaveURL(/\/b\/[A-Za-z0-9_-]{16,}/);
  const code = (await phone.getByTestId('booking-code').getAttribute('aria-label'))!;
  expect(code).toMatch(/^\d{6}$/);
  await expect(phone.getByTestId('booking-state')).toHaveText('已预约');
  await expect(phone.getByTestId('booking-slot')).toContainText(next.label);
  await expect(phone.getByTestId('check-in-window')).toContainText('现在可以签到');
  await expect(phone.getByTestId('booking')).not.toContainText(id);
  await expect(phone.locator('main')).toContainText('1****************');
  await expectNoSidewaysScroll(phone);
  await shot(phone, 'mobile-booking');

  // The web kiosk (a tablet with only its device key): 预约签到, a wrong code first, then the right one.
  const kiosk = await kioskContext.newPage();
  kiosk.on('pageerror', (e) => pageErrors.push(`kiosk: ${e.message}`));
  await kiosk.goto(`${hall.url}/kiosk/?hall=demo-county&device=kiosk-2&key=demo-kiosk-2`);
  await kiosk.getByTestId('open-check-in').click();
  const wrong = code === '999999' ? '999998' : '999999';
  for (const d of wrong) await kiosk.getByTestId(`pad-${d}`).click();
  await kiosk.getByTestId('check-in-submit').click();
  await expect(kiosk.getByTestId('problem')).toContainText('请核对 6 位预约码');
  await kiosk.getByTestId('pad-clear').click();
  for (const d of code) await kiosk.getByTestId(`pad-${d}`).click();
  await expect(kiosk.getByTestId('check-in-submit')).toBeEnabled();
  await checkpoint(kiosk, 'kiosk-check-in');
  await kiosk.getByTestId('check-in-submit').click();
  await expect(kiosk.getByTestId('check-in-result')).toContainText('预约签到成功');
  await expect(kiosk.getByTestId('check-in-result')).toContainText(`预约时段 ${next.label}`);
  const number = (await kiosk.getByTestId('ticket-number').textContent())!.trim();
  expect(number).toMatch(/^C\d{3}$/);
  await expect(kiosk.getByTestId('qr')).toHaveAttribute('data-qr', /\/t\/[A-Za-z0-9_-]{16,}\?hall=demo-county$/);
  await checkpoint(kiosk, 'kiosk-check-in-success');
  await kiosk.getByTestId('done').click();

  // The booking page learns of the check-in by itself and leads to the ticket's live page.
  await expect(phone.getByTestId('checked-in')).toContainText(`您的号码是 ${number}`, { timeout: 8000 });
  await phone.getByTestId('open-live').click();
  await expect(phone.getByTestId('live-number')).toHaveText(number);
  await expect(phone.getByTestId('live-state')).toHaveText('等候中');

  const counter = await staff('staff06');
  await must(counter, 'window:open', { requestId: rid(), windowId: 6 });
  const called = await must<CallResult>(counter, 'queue:callNext', { requestId: rid() });
  const calledAt = Date.now();
  expect(called.ticket.number).toBe(number);
  await expect(phone.getByTestId('called-window')).toHaveText('6 号窗口', { timeout: 1000 });
  expect(Date.now() - calledAt).toBeLessThan(1000);
  await expect(phone.getByTestId('live-called')).toContainText('社保医保一窗');
  await must(counter, 'ticket:finish', { requestId: rid() });
  await expect(phone.getByTestId('live-text')).toHaveText('业务已办结，感谢您的耐心等待');
});

test('a remote number goes from 5 ahead to near to called while the page stays open', async () => {
  // Window 11 serves E only; it is open, so the phone gets an estimate.
  const counter = await staff('staff11');
  await must(counter, 'window:open', { requestId: rid(), windowId: 11 });
  const kiosk = await socket({ hallId: hall.hallId, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
  for (let i = 0; i < 5; i++) await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'E', matterId: 'E01' });

  await phone.goto(`${hall.url}/mobile/`);
  // The phone remembers its booking and ticket (when the booking test ran: it skips the day's last half hour).
  if (booked) await expect(phone.getByTestId('mine-booking')).toContainText('已签到');
  await phone.getByTestId('category-E').click();
  await phone.getByTestId('matter-E03').click();
  await phone.getByTestId('go-take').click();
  await phone.getByTestId('form-name').fill('王五');
  await phone.getByTestId('form-mobile').fill('13700137000');
  await phone.getByTestId('form-id').fill('44030519900101271');
  await phone.getByTestId('submit-take').click();
  await expect(phone.getByTestId('problem-id')).toContainText('应为 18 位，现在是 17 位');
  await phone.getByTestId('form-id').fill('440305199001012718');
  await expectNoSidewaysScroll(phone);
  await shot(phone, 'mobile-take-form');
  await phone.getByTestId('submit-take').click();
  await expect(phone.getByTestId('issued-number')).toHaveText(/^E\d{3}$/);
  await expect(phone.getByTestId('issued-ahead')).toHaveText('5 人');
  await shot(phone, 'mobile-issued');

  await phone.getByTestId('open-live').click();
  await expect(phone.getByTestId('live-ahead')).toHaveText('5 人');
  await expect(phone.getByTestId('near-banner')).toHaveCount(0);
  await expect(phone.getByTestId('enable-notify')).toBeVisible();
  await shot(phone, 'mobile-live-waiting');
  await phone.getByTestId('enable-notify').click();
  await expect(phone.getByTestId('notify-state')).toHaveText('已开启到号提醒');
  const alerts = () => phone.evaluate(() => (window as unknown as { __alerts: string[] }).__alerts);
  expect(await alerts()).toEqual([]);

  // Each call moves the phone's number up.
  for (const ahead of [4, 3, 2, 1, 0]) {
    await must(counter, 'queue:callNext', { requestId: rid() });
    await must(counter, 'ticket:finish', { requestId: rid() });
    await expect(phone.getByTestId('live-ahead')).toHaveText(`${ahead} 人`, { timeout: 3000 });
    // turnNearAhead is 3 in the demo hall.
    if (ahead > 3) await expect(phone.getByTestId('near-banner')).toHaveCount(0);
    else await expect(phone.getByTestId('near-banner')).toBeVisible();
    if (ahead === 3) {
      await expect(phone.getByTestId('near-banner')).toContainText('快到您了！前面还有 3 人');
      await shot(phone, 'mobile-live-near');
    }
  }
  await expect(phone.getByTestId('near-banner')).toContainText('下一位就是您');
  // One alert for the approach, however many moves came after it.
  expect(await alerts()).toEqual(['vibrate', `notify:快到您了：${await phone.getByTestId('live-number').textContent()}`]);
  const called = await must<CallResult>(counter, 'queue:callNext', { requestId: rid() });
  await expect(phone.getByTestId('called-window')).toHaveText('11 号窗口', { timeout: 1000 });
  await expect(phone.getByTestId('live-called')).toContainText(`${called.ticket.number} 号`);
  await expect(phone.getByTestId('near-banner')).toHaveCount(0);
  await expect.poll(alerts).toEqual(['vibrate', `notify:快到您了：${called.ticket.number}`, 'vibrate', 'notify:请到 11 号窗口']);
  await shot(phone, 'mobile-live-called');
});

test('the live page survives the hall restarting: it watches again and shows what happened since', async () => {
  await hall.stop();
  await expect(phone.getByTestId('connection-banner')).toBeVisible({ timeout: 10_000 });
  await hall.restart();
  await expect(phone.getByTestId('connection-banner')).toHaveCount(0, { timeout: 15_000 });
  // The hall forgot the phone's watch when it stopped: this update reaches the page only if it watched again.
  const counter = await staff('staff11');
  await must(counter, 'ticket:recall', { requestId: rid() });
  await expect(phone.getByTestId('live-called')).toContainText('第 2 次呼叫', { timeout: 3000 });
  await must(counter, 'ticket:noShow', { requestId: rid() });
  await expect(phone.getByTestId('live-text')).toContainText('您的号码已过号');
  await expect(phone.getByTestId('live-text')).toContainText('30 分钟内');
  await expect(phone.getByTestId('live-state')).toHaveText('已过号');
});

test('a slot that fills meanwhile offers the next free ones; the booking is moved and cancelled from its page', async () => {
  // Real estate (D) has two places per slot; someone else takes one of tomorrow's 10:00.
  const other = await socket({ hallId: hall.hallId, role: 'mobile' });
  const days = await must<DaySlotsView[]>(other, 'booking:slots', { categoryId: 'D' });
  const tomorrow = days.find((d) => d.day > hallClock(Date.now()).day)!;
  const slot = tomorrow.slots.find((s) => s.label === '10:00')!;
  await must(other, 'booking:make', { requestId: rid(), categoryId: 'D', slotStart: slot.start, name: '赵六', mobile: '13600136000', idNumber: idNumber(20) });

  await phone.goto(`${hall.url}/mobile/?c=D&do=book&m=D04`);
  await phone.getByTestId(`day-${tomorrow.day}`).click();
  await expect(phone.getByTestId('slot-10:00')).toContainText('余 1');
  await phone.getByTestId('slot-10:00').click();
  await phone.getByTestId('form-name').fill('钱七');
  await phone.getByTestId('form-mobile').fill('13500135000');
  await phone.getByTestId('form-id').fill(idNumber(21));
  // …and the last place goes while the citizen is typing.
  await must(other, 'booking:make', { requestId: rid(), categoryId: 'D', slotStart: slot.start, name: '孙八', mobile: '13400134000', idNumber: idNumber(22) });
  await phone.getByTestId('submit-book').click();
  await expect(phone.getByTestId('suggestions')).toContainText('该时段刚刚约满，可改选');
  await expect(phone.getByTestId('suggestions').locator('button').first()).toBeVisible();
  await expect(phone.getByTestId('slot-10:00')).toBeDisabled();
  await phone.getByTestId('suggestions').scrollIntoViewIfNeeded();
  await shot(phone, 'mobile-slot-full');
  const alternative = (await phone.getByTestId('suggestions').locator('button').first().textContent())!;
  await phone.getByTestId('suggestions').locator('button').first().click();
  await expect(phone.getByTestId('booking-state')).toHaveText('已预约');
  await expect(phone.getByTestId('booking-slot')).toContainText(alternative.match(/\d{2}:\d{2}/)![0]);

  await phone.getByTestId('reschedule').click();
  await phone.getByTestId(`day-${tomorrow.day}`).click();
  await phone.getByTestId('slot-15:00').click();
  await phone.getByTestId('confirm-reschedule').click();
  await expect(phone.getByTestId('done')).toContainText('已改到');
  await expect(phone.getByTestId('booking-slot')).toContainText('15:00–15:30');

  await phone.getByTestId('cancel-booking').click();
  await expect(phone.getByTestId('confirm-sheet')).toContainText('确定取消这个预约吗');
  await phone.getByTestId('confirm-yes').click();
  await expect(phone.getByTestId('booking-state')).toHaveText('已取消');
  await expect(phone.getByTestId('reschedule')).toHaveCount(0);

  // And in English.
  await phone.getByTestId('language-toggle').click();
  await expect(phone.getByTestId('booking-state')).toHaveText('Cancelled');
  await phone.goto(`${hall.url}/mobile/`);
  await expect(phone.getByTestId('category-A')).toContainText('Enterprise services');
  await shot(phone, 'mobile-home-en');
});

import { describe, expect, it } from 'vitest';
import { conditionsOf, DEFAULT_SUPERVISION } from '../../../src-main/app/supervision/conditions';
import { MINUTE, TestHall } from '../../domain/harness';

const T = { ...DEFAULT_SUPERVISION, waitYellowMinutes: 10, waitRedMinutes: 20, serviceLimitMinutes: 15, serviceLimitByCategory: { B: 30 }, pauseLimitMinutes: 5 };
const kinds = (h: TestHall, devices = []) => conditionsOf(h.state, h.rules, T, devices, h.now).map((c) => `${c.kind}:${c.subject}:${c.level}`);

describe('supervision conditions (电子监察)', () => {
  it('a wait turns yellow, then red, and ends when the ticket is called', () => {
    const h = new TestHall().open(2);
    h.issue('A');
    h.advance(10 * MINUTE);
    expect(kinds(h)).toEqual([]);
    h.advance(1);
    expect(kinds(h)).toEqual(['wait:A001:yellow']);
    h.advance(10 * MINUTE);
    expect(kinds(h)).toEqual(['wait:A001:red']);
    h.callNext(2);
    expect(kinds(h)).toEqual([]);
  });

  it('a service over its category limit, yellow then red at twice the limit', () => {
    const h = new TestHall().open(2).open(3);
    h.issue('A');
    h.issue('B');
    h.callNext(2);
    h.ok({ type: 'StartService', windowId: 2 });
    h.callNext(3);
    h.ok({ type: 'StartService', windowId: 3 });
    h.advance(16 * MINUTE);
    expect(kinds(h)).toEqual(['service:2:yellow']); // B has 30 minutes
    h.advance(15 * MINUTE); // 31 minutes: over twice A's 15, just over B's 30
    expect(kinds(h).sort()).toEqual(['service:2:red', 'service:3:yellow']);
  });

  it('a window paused too long, and device faults', () => {
    const h = new TestHall().open(1);
    h.ok({ type: 'PauseWindow', windowId: 1, reason: '会议' });
    h.advance(6 * MINUTE);
    const c = conditionsOf(h.state, h.rules, T, [{ deviceId: 'kiosk-1', name: '一楼自助取号机1', problem: '打印机缺纸', problemEn: 'printer out of paper', since: h.now }], h.now);
    expect(c.map((x) => `${x.kind}:${x.subject}:${x.level}`)).toEqual(['pause:1:yellow', 'device:kiosk-1:red']);
    expect(c[0]!.message).toMatch(/暂停服务已 6 分钟（会议）/);
    // The default reasons are said in English in the English message; the device by its name.
    expect(c[0]!.messageEn).toBe('Window 1 paused for 6 min (Meeting)');
    expect(c[1]).toMatchObject({ key: 'device:kiosk-1:打印机缺纸', message: '一楼自助取号机1（kiosk-1）：打印机缺纸', messageEn: '一楼自助取号机1 (kiosk-1): printer out of paper' });
  });
});

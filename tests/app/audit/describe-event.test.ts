import { describe, expect, it } from 'vitest';
import { auditLabels } from '../../../src-main/app/audit/audit-page';
import type { EventNames } from '../../../src-main/app/audit/describe-event';
import { describeEvent } from '../../../src-main/app/audit/describe-event';
import type { HallEvent } from '../../../src-main/domain';
import { demoConfig } from '../../support/hall-fixture';

// Every event type the hall logs, as the audit page says it. The map's keys are checked by the compiler:
// a new event type fails to compile here until it has a sample (and, by the test, words).
const T = 'demo-county/';
const SAMPLES: { [K in HallEvent['type']]: Partial<Extract<HallEvent, { type: K }>> } = {
  TicketIssued: { ticket: { id: `${T}A001`, number: 'A001', source: 'kiosk', categoryId: 'A', matterId: null, priorityClass: 'elderly', citizen: { maskedName: '张*国' } } as never },
  TicketCalled: { ticketId: `${T}A001`, windowId: 1, staffId: 'staff01', callCount: 1 },
  TicketRecalled: { ticketId: `${T}A001`, windowId: 1, callCount: 2 },
  ServiceStarted: { ticketId: `${T}A001`, windowId: 1 },
  ServiceFinished: { ticketId: `${T}A001`, windowId: 1, serviceMs: 372_000 },
  TicketMissed: { ticketId: `${T}A002`, windowId: 1 },
  TicketReactivated: { ticketId: `${T}A002` },
  TicketTransferred: { ticketId: `${T}A003`, fromWindowId: 1, to: { categoryId: 'C' } } as never,
  TicketCancelled: { ticketId: `${T}A004` },
  TicketCheckedIn: { ticketId: `${T}B010` },
  DayClosed: { closedDay: '2026-06-01', newDay: '2026-06-02', expiredTicketIds: [`${T}A005`], clearedWindowIds: [] },
  WindowOpened: { windowId: 1, staffId: 'staff01' },
  WindowClosed: { windowId: 1, staffId: 'staff01' },
  WindowPaused: { windowId: 1, reason: '会议' },
  WindowResumed: { windowId: 1 },
  ServiceRated: { ticketId: `${T}A001`, windowId: 1, level: 'dissatisfied', reasons: ['等候时间长'], channel: 'phone' },
  CaseOpened: { case: { id: `${T}A001`, level: 'dissatisfied', windowId: 1, mobile: '138****0000' } as never },
  CaseVerified: { caseId: `${T}A001`, by: 'jiandu', note: 'checked the recording' },
  CaseAppealed: { caseId: `${T}A001`, by: 'staff01', reason: 'the wait was the system fault' },
  CaseAppealDecided: { caseId: `${T}A001`, by: 'jiandu', upheld: false, note: 'not upheld' },
  CaseAnswered: { caseId: `${T}A001`, by: 'staff01', rectification: 'more staff at noon', callback: { answer: 'satisfied' } as never },
  CaseReviewed: { caseId: `${T}A001`, by: 'jiandu', approved: true, note: 'ok' },
  CaseClosed: { caseId: `${T}A001`, by: 'jiandu', note: '' },
  BookingMade: { booking: { id: 'Xk3fQ9zzzzzzzzzzzzzz', categoryId: 'B', day: '2026-06-02', slotStart: Date.parse('2026-06-02T01:30:00Z'), slotEnd: Date.parse('2026-06-02T02:00:00Z'), maskedName: '李*' } as never },
  BookingCancelled: { bookingId: 'Xk3fQ9zzzzzzzzzzzzzz' },
  BookingRescheduled: { bookingId: 'Xk3fQ9zzzzzzzzzzzzzz', day: '2026-06-03', slotStart: Date.parse('2026-06-03T06:00:00Z'), slotEnd: Date.parse('2026-06-03T06:30:00Z') },
  BookingCheckedIn: { bookingId: 'Xk3fQ9zzzzzzzzzzzzzz', ticketId: `${T}B011`, late: true },
  BookingMissed: { bookingId: 'Xk3fQ9zzzzzzzzzzzzzz' },
  BookingReminded: { bookingId: 'Xk3fQ9zzzzzzzzzzzzzz' },
};

const labels = auditLabels(demoConfig());
const names: EventNames = {
  window: (id) => labels.windows[String(id)]!,
  category: (id) => labels.categories[id]!,
  priority: (id) => labels.priorities[id]!,
  staff: (u) => labels.accounts[u] ?? u,
  clock: (at) => new Date(at + 8 * 3600_000).toISOString().slice(11, 16),
};
const HAN = /\p{Script=Han}/u;

describe('audit entries in words', () => {
  const lines = Object.entries(SAMPLES).map(([type, e]) => ({ type, ...describeEvent({ type, at: 0, ...e } as HallEvent, names) }));

  it('says every event in both languages: no event type names, no hall ids, no Chinese in English where the hall has English names', () => {
    for (const l of lines) {
      expect(l.zh, l.type).not.toContain(l.type);
      expect(l.en, l.type).not.toContain(l.type);
      expect(`${l.zh} ${l.en}`, l.type).not.toContain(T);
      // People's names (a masked citizen's, a staff member's) are the only Chinese an English line keeps.
      expect(l.en.replace('张*国', '').replace('王丽', '').replace('李*', ''), l.type).not.toMatch(HAN);
      expect(`${l.zh} ${l.en}`, l.type).not.toContain('Xk3fQ9zzzz');
      expect(l.zh, l.type).toMatch(HAN);
    }
  });

  it('names windows, categories, priority groups, staff, levels and reasons as the hall does', () => {
    const by = Object.fromEntries(lines.map((l) => [l.type, l]));
    expect(by.TicketIssued).toMatchObject({ zh: '自助机取号 A001，企业服务，优先：老年人（张*国）', en: 'A001 taken at a kiosk, Enterprise services, priority: Senior citizen (张*国)', ticketNumber: 'A001' });
    expect(by.TicketTransferred!.en).toBe('Enterprise 1 transferred A003 to Social and medical insurance');
    expect(by.WindowOpened).toMatchObject({ zh: '王丽 登录 企业服务一窗', en: '王丽 signed in at Enterprise 1' });
    expect(by.WindowPaused!.en).toBe('Enterprise 1 paused (Meeting)');
    expect(by.ServiceRated).toMatchObject({ zh: 'A001 评价 不满意：等候时间长（手机）', en: 'A001 rated dissatisfied: Long wait (via phone)' });
    expect(by.ServiceFinished!.zh).toBe('企业服务一窗 办结 A001（6.2 分钟）');
    expect(by.CaseOpened!.ticketNumber).toBe('A001');
    expect(by.BookingMade).toMatchObject({ zh: '李* 预约 投资建设 2026-06-02 09:30–10:00（预约 #Xk3fQ9）', ticketNumber: null });
    expect(by.BookingRescheduled!.en).toBe('Booking #Xk3fQ9 moved to 2026-06-03 14:00–14:30');
    expect(by.BookingCheckedIn).toMatchObject({ zh: '预约 #Xk3fQ9 签到，取得 B011（迟到，按普通号排队）', ticketNumber: 'B011' });
  });

  it('names devices without a name by what they are', () => {
    const config = demoConfig();
    config.devices.push({ id: 'screen-x', kind: 'window-display', windowId: 1, key: 'k'.repeat(20) });
    expect(auditLabels(config).devices['screen-x']).toEqual(['企业服务一窗评价屏', 'Enterprise 1 screen']);
  });
});

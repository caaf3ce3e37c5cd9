import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bookingView, daySlots } from '../../src-main/app/booking-views';
import { HallService } from '../../src-main/app/hall-service';
import type { Actor } from '../../src-main/app/ports';
import { dayBounds, PublicReads } from '../../src-main/app/public-reads';
import { publicTicketView } from '../../src-main/app/views';
import type { HallConfigInput } from '../../src-main/contracts';
import type { HallCommand } from '../../src-main/domain';
import { compileRules, localTime, nextDay, slotsOfDay, zonedEpoch } from '../../src-main/domain';
import { rulesFromConfig } from '../../src-main/app/config-rules';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { ManualClock } from '../support/clock';
import { demoConfig, tempDir } from '../support/hall-fixture';

const TZ = 'Asia/Shanghai';
const bj = (day: string, clock: string) => zonedEpoch(day, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)), TZ);
const OFFICE = { periods: [['09:00', '12:00'], ['14:00', '17:00']] as [string, string][], lastTicket: '16:30' };
const officeHours = (c: HallConfigInput) => {
  c.openingHours = { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: { periods: [] }, sun: { periods: [] } };
};
const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
const staff: Actor = { kind: 'staff', id: 'staff01' };

describe('PublicReads: the cache of what phones read equals computing it afresh', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  async function openHall(edit: (c: HallConfigInput) => void = () => {}, start = bj('2026-11-23', '08:50')) {
    const tmp = tempDir();
    const db = openDatabase(join(tmp.dir, 'hall.sqlite'));
    cleanups.push(() => {
      db.close();
      tmp.cleanup();
    });
    const clock = new ManualClock(start);
    const service = await HallService.open(demoConfig(edit), new SqliteHallStore(db), clock);
    const reads = new PublicReads(service);
    cleanups.push(() => reads.stop());
    let n = 0;
    const run = (cmd: HallCommand, actor: Actor = kiosk) => service.execute(cmd, actor, { present: () => null });
    const book = async (categoryId: string, slotStart: number) => {
      const i = ++n;
      const outcome = await run(
        {
          type: 'MakeBooking',
          bookingId: `bk-${i}`,
          code: String(100000 + i),
          token: `booking-token-${i}-xxxxxxxxxx`,
          categoryId,
          slotStart,
          citizen: { maskedName: '张*', maskedId: '110101********0011', idHash: `${'0'.repeat(60)}${String(i).padStart(4, '0')}` },
          mobile: '13800138000',
        },
        { kind: 'citizen', id: `c${i}` },
      );
      expect(outcome.ok).toBe(true);
      return `bk-${i}`;
    };
    /** The cached answer for every category equals daySlots at this moment. */
    const same = () => {
      for (const c of service.rules.categories.map((x) => x.id)) {
        expect(reads.daySlots(c, clock.now())).toEqual(daySlots(service.state, service.rules, c, clock.now()));
      }
    };
    return { service, reads, clock, run, book, same };
  }

  it('booking:slots across bookings, cancellations, a reschedule, a reconfigure, slot starts and the day boundary', async () => {
    const { service, reads, clock, run, book, same } = await openHall(officeHours);
    same();
    const built = reads.misses.slotDays;
    same();
    same();
    expect(reads.misses.slotDays).toBe(built); // answered from memory

    const a = await book('C', bj('2026-11-23', '10:00'));
    same();
    expect(reads.daySlots('C', clock.now())[0]!.slots.find((s) => s.label === '10:00')!.free).toBe(3);
    const rebuilt = reads.misses.slotDays;
    same();
    expect(reads.misses.slotDays).toBe(rebuilt);
    const b = await book('C', bj('2026-11-24', '09:30'));
    await book('A', bj('2026-11-23', '10:00'));
    same();
    await run({ type: 'CancelBooking', bookingId: a }, { kind: 'citizen', id: 'c1' });
    same();
    await run({ type: 'RescheduleBooking', bookingId: b, slotStart: bj('2026-11-23', '15:00') }, { kind: 'citizen', id: 'c2' });
    same();

    // The clock passes slot starts: past slots leave without rebuilding the day list.
    const days = reads.misses.slotDays;
    for (const t of ['08:59:59', '09:00', '09:00:00.001', '09:29:59.999', '09:30', '11:59', '12:00', '14:29', '16:31', '23:59:59.999']) {
      const [hm, sec = '0'] = [t.slice(0, 5), t.slice(6)];
      clock.t = bj('2026-11-23', hm) + Number(sec) * 1000;
      same();
    }
    expect(reads.misses.slotDays).toBe(days);
    // …and past midnight today is tomorrow.
    clock.t = bj('2026-11-24', '00:00');
    same();
    expect(reads.daySlots('C', clock.now())[0]!.day).toBe('2026-11-24');
    await service.rolloverIfDue();
    same();

    // A reconfigure replaces the rules: a new quota and a holiday show at once.
    const failure = await service.reconfigure(
      demoConfig((c) => {
        officeHours(c);
        c.booking = { quotaPerSlot: 2 };
        c.closedDates = ['2026-11-26'];
      }),
      new Map(),
    );
    expect(failure).toBeNull();
    same();
    expect(reads.daySlots('C', clock.now()).map((d) => d.day)).not.toContain('2026-11-26');
    // Time going back (a corrected clock) is answered right too.
    clock.t = bj('2026-11-24', '10:15');
    same();
    clock.t = bj('2026-11-24', '09:10');
    same();
  });

  it('the same in a zone with daylight saving, across its spring change', async () => {
    const { clock, same } = await openHall((c) => {
      c.timeZone = 'America/New_York';
    }, Date.UTC(2026, 2, 7, 12, 0));
    // 2026-03-08 02:00 EST → 03:00 EDT.
    for (let t = Date.UTC(2026, 2, 7, 12, 0); t < Date.UTC(2026, 2, 9, 12, 0); t += 53 * 60_000) {
      clock.t = t;
      same();
    }
  });

  it('a booking by its token, and its view, as it changes', async () => {
    const { service, reads, clock, run, book } = await openHall();
    const id = await book('D', bj('2026-11-23', '10:00'));
    const b = service.state.book.bookings.get(id)!;
    const fresh = () => bookingView(service.state, service.rules, service.state.book.bookings.get(id)!, 'http://hall');
    expect(reads.bookingByToken(b.token)).toBe(b);
    expect(reads.bookingByToken('no-such-token-xxxxxxxxxx')).toBeUndefined();
    expect(reads.bookingView(b, 'http://hall')).toEqual(fresh());
    const misses = reads.misses.bookingViews;
    expect(reads.bookingView(b, 'http://hall')).toEqual(fresh());
    expect(reads.misses.bookingViews).toBe(misses);
    await run({ type: 'RescheduleBooking', bookingId: id, slotStart: bj('2026-11-23', '11:00') }, { kind: 'citizen', id: 'c1' });
    expect(reads.bookingView(b, 'http://hall')).toEqual(fresh());
    expect(reads.bookingView(b, 'http://hall')).toMatchObject({ slotLabel: '11:00–11:30' });
    expect(reads.bookingView(b, 'https://other')).toEqual(bookingView(service.state, service.rules, b, 'https://other'));
    clock.t = bj('2026-11-23', '10:45');
    expect((await run({ type: 'CheckInBooking', by: { code: b.code }, token: 'ticket-token-for-booking-xxxx' })).ok).toBe(true);
    expect(reads.bookingView(b, 'http://hall')).toEqual(fresh());
    expect(reads.bookingView(b, 'http://hall').ticketNumber).toMatch(/^D\d{3}$/);
  });

  it('ticket:watch positions across issues, calls and an appointment whose slot begins', async () => {
    const { service, reads, clock, run, book } = await openHall((c) => {
      c.booking = { checkInEarlyMinutes: 60 };
    }, bj('2026-11-23', '09:10'));
    const tokens: string[] = [];
    const issue = async (extra: object = {}) => {
      const token = `ticket-token-${tokens.length}-xxxxxxxxxxxx`;
      tokens.push(token);
      expect((await run({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token, ...extra })).ok).toBe(true);
    };
    const same = () => {
      for (const token of tokens) {
        const t = service.findByToken(token)!;
        expect(reads.ticketView(t, clock.now())).toEqual(publicTicketView(service.state, service.rules, t, clock.now(), service.seq));
      }
    };
    for (let i = 0; i < 4; i++) await issue();
    same();
    const misses = reads.misses.waiting;
    same();
    expect(reads.misses.waiting).toBe(misses);
    await run({ type: 'OpenWindow', windowId: 1, staffId: 'staff01' }, staff);
    same();
    const id = await book('A', bj('2026-11-23', '10:00'));
    const code = service.state.book.bookings.get(id)!.code;
    tokens.push('appointment-ticket-token-xxxx');
    expect((await run({ type: 'CheckInBooking', by: { code }, token: 'appointment-ticket-token-xxxx' })).ok).toBe(true);
    await issue({ priorityClass: 'elderly' });
    same();
    // At 10:00 the checked-in appointment starts to rank as priority: positions move with no commit.
    const appointment = () => reads.ticketView(service.findByToken('appointment-ticket-token-xxxx')!, clock.now()).ahead;
    clock.t = bj('2026-11-23', '09:59');
    same();
    expect(appointment()).toBe(5); // behind the elderly citizen and the four before it
    for (const t of ['10:00', '10:01']) {
      clock.t = bj('2026-11-23', t);
      same();
    }
    expect(appointment()).toBe(0); // first among priority tickets, by arrival
    await run({ type: 'CallNext', windowId: 1 }, staff);
    same();
    await run({ type: 'FinishService', windowId: 1, matterId: null }, staff);
    same();
  });
});

describe('slots and day bounds in zones with clock changes', () => {
  it('slotsOfDay places every slot where zonedEpoch does, over a year, in zones with and without daylight saving', () => {
    for (const timeZone of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago']) {
      const rules = compileRules(rulesFromConfig(demoConfig((c) => (c.timeZone = timeZone))));
      let day = '2026-01-01';
      for (let i = 0; i < 366; i++, day = nextDay(day)) {
        const slots = slotsOfDay(rules, rules.booking, day, 'A', new Map());
        // Every slot of a day with a clock change; a few of every other day.
        const changes = dayBounds(day, timeZone)[1] === 0;
        for (const s of changes ? slots : [slots[0]!, slots[17]!, slots.at(-1)!]) {
          const m = Number(s.label.slice(0, 2)) * 60 + Number(s.label.slice(3));
          expect(s.start).toBe(zonedEpoch(day, m, timeZone));
          expect(s.end).toBe(zonedEpoch(day, m + rules.booking.slotMinutes, timeZone));
        }
      }
    }
  });

  it('proves a plain day’s bounds and declines a day with a clock change', () => {
    const [from, until] = dayBounds('2026-11-23', TZ);
    expect([from, until]).toEqual([bj('2026-11-23', '00:00'), bj('2026-11-24', '00:00')]);
    expect(localTime(from, TZ).day).toBe('2026-11-23');
    expect(localTime(until, TZ).day).toBe('2026-11-24');
    expect(dayBounds('2026-03-08', 'America/New_York')).toEqual([0, 0]);
    expect(dayBounds('2026-03-09', 'America/New_York')[1] - dayBounds('2026-03-09', 'America/New_York')[0]).toBe(86_400_000);
  });
});

import { describe, expect, it } from 'vitest';
import type { DaySlotsView } from '../../src-main/contracts';
import { dayLabel, longDay } from '../../src-renderer/mobile/format';
import { initialDay, slotGrid, suggestionCells } from '../../src-renderer/mobile/slot-grid';

// 2026-11-23 is a Monday; 09:00 in Beijing is 01:00 UTC.
const at = (day: string, clock: string) => Date.parse(`${day}T${clock}:00+08:00`);
const slot = (day: string, clock: string, free: number) => ({ start: at(day, clock), end: at(day, clock) + 30 * 60_000, label: clock, free });

const days: DaySlotsView[] = [
  { day: '2026-11-23', slots: [slot('2026-11-23', '09:30', 0), slot('2026-11-23', '10:00', 0)] },
  { day: '2026-11-24', slots: [slot('2026-11-24', '09:00', 4), slot('2026-11-24', '09:30', 1), slot('2026-11-24', '10:00', 0)] },
];

describe('slot grid', () => {
  it('marks free, nearly full, full and (on a stale page) past slots; only free ones can be chosen', () => {
    const now = at('2026-11-23', '09:40');
    const [today, tomorrow] = slotGrid(days, now);
    expect(today!.slots.map((s) => [s.label, s.status, s.selectable])).toEqual([
      ['09:30', 'past', false],
      ['10:00', 'full', false],
    ]);
    expect(today!.freeTotal).toBe(0);
    expect(tomorrow!.slots.map((s) => [s.label, s.status, s.selectable])).toEqual([
      ['09:00', 'free', true],
      ['09:30', 'few', true],
      ['10:00', 'full', false],
    ]);
    expect(tomorrow!.freeTotal).toBe(5);
  });

  it('opens on the chosen slot’s day, else the first day with a place', () => {
    const tabs = slotGrid(days, at('2026-11-23', '09:00'));
    expect(initialDay(tabs, null)).toBe('2026-11-24');
    expect(initialDay(tabs, at('2026-11-23', '10:00'))).toBe('2026-11-23');
    expect(initialDay([], null)).toBeNull();
  });

  it('places SLOT_FULL suggestions on their day in the hall’s time zone', () => {
    const cells = suggestionCells([slot('2026-11-24', '09:00', 2), slot('2026-11-23', '23:30', 0)], 'Asia/Shanghai', at('2026-11-23', '09:00'));
    expect(cells).toEqual([expect.objectContaining({ day: '2026-11-24', label: '09:00', status: 'free', free: 2 })]);
  });

  it('names day tabs today, tomorrow, then the weekday', () => {
    expect(dayLabel('2026-11-23', '2026-11-23', 'zh-CN')).toEqual({ name: '今天', date: '11/23' });
    expect(dayLabel('2026-11-24', '2026-11-23', 'zh-CN')).toEqual({ name: '明天', date: '11/24' });
    expect(dayLabel('2026-11-25', '2026-11-23', 'zh-CN')).toEqual({ name: '周三', date: '11/25' });
    expect(dayLabel('2026-11-25', '2026-11-23', 'en')).toEqual({ name: 'Wed', date: '11/25' });
    expect(longDay('2026-11-25', 'zh-CN')).toBe('11月25日 周三');
    expect(longDay('2026-11-25', 'en')).toBe('Wed 25 Nov');
  });
});

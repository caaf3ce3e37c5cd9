import type { DaySlotsView, SlotView } from '../../src-main/contracts';
import { dayIn } from './format';

// The slot picker's model: day tabs, and in each a grid of slots that can or cannot be chosen. The hall
// leaves out slots that have begun; a page left open a while may still hold some, so they are marked here.

export type SlotStatus = 'free' | 'few' | 'full' | 'past';

export interface SlotCell {
  day: string;
  start: number;
  end: number;
  label: string;
  free: number;
  status: SlotStatus;
  selectable: boolean;
}

export interface DayTab {
  day: string;
  slots: SlotCell[];
  /** Places left in the day's selectable slots. */
  freeTotal: number;
}

/** With this many places left (or fewer) a slot is shown as nearly full. */
export const FEW_PLACES = 1;

export function slotCell(day: string, s: SlotView, now: number): SlotCell {
  const status: SlotStatus = s.start <= now ? 'past' : s.free <= 0 ? 'full' : s.free <= FEW_PLACES ? 'few' : 'free';
  return { day, start: s.start, end: s.end, label: s.label, free: Math.max(0, s.free), status, selectable: status === 'free' || status === 'few' };
}

export function slotGrid(days: readonly DaySlotsView[], now: number): DayTab[] {
  return days.map((d) => {
    const slots = d.slots.map((s) => slotCell(d.day, s, now));
    return { day: d.day, slots, freeTotal: slots.reduce((n, s) => n + (s.selectable ? s.free : 0), 0) };
  });
}

/** The tab to open first: the day of the chosen slot, else the first day with a free place. */
export function initialDay(tabs: readonly DayTab[], selectedStart: number | null): string | null {
  if (selectedStart !== null) {
    const withSelected = tabs.find((t) => t.slots.some((s) => s.start === selectedStart));
    if (withSelected) return withSelected.day;
  }
  return (tabs.find((t) => t.freeTotal > 0) ?? tabs[0])?.day ?? null;
}

/** SLOT_FULL's alternatives (they carry no day: it comes from the hall's time zone). */
export function suggestionCells(suggestions: readonly SlotView[], timeZone: string, now: number): SlotCell[] {
  return suggestions.map((s) => slotCell(dayIn(s.start, timeZone), s, now)).filter((c) => c.selectable);
}

import type { BookingState } from '../../src-main/contracts';

// 我的号码 / 我的预约: the phone keeps the tokens of its own tickets and bookings (nothing personal), so
// the citizen finds them again. A ticket is good for its day; a booking until its day has passed.

export interface MyTicket {
  kind: 'ticket';
  token: string;
  hallId: string;
  number: string;
  /** For the category's name in the reader's language (the hall's views name it in Chinese). */
  categoryId?: string | undefined;
  categoryName: string;
  /** The service day (YYYY-MM-DD) it belongs to. */
  day: string;
  savedAt: number;
}

export interface MyBooking {
  kind: 'booking';
  token: string;
  hallId: string;
  code: string;
  categoryId?: string | undefined;
  categoryName: string;
  day: string;
  slotLabel: string;
  state: BookingState;
  savedAt: number;
}

export type MyItem = MyTicket | MyBooking;

export const MINE_KEY = 'hall.mobile.mine';
export const MINE_KEPT = 20;

function isItem(v: unknown): v is MyItem {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (o.kind === 'ticket' || o.kind === 'booking') && typeof o.token === 'string' && typeof o.hallId === 'string' && typeof o.day === 'string';
}

export function loadMine(storage: Pick<Storage, 'getItem'>): MyItem[] {
  try {
    const raw: unknown = JSON.parse(storage.getItem(MINE_KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter(isItem) : [];
  } catch {
    return [];
  }
}

export function saveMine(storage: Pick<Storage, 'setItem'>, items: readonly MyItem[]): void {
  storage.setItem(MINE_KEY, JSON.stringify(items));
}

/** Adds or updates (by token), newest first, at most MINE_KEPT. */
export function rememberItem(items: readonly MyItem[], item: MyItem): MyItem[] {
  const old = items.find((i) => i.token === item.token);
  const kept = { ...item, savedAt: old?.savedAt ?? item.savedAt };
  return [kept, ...items.filter((i) => i.token !== item.token)].sort((a, b) => b.savedAt - a.savedAt).slice(0, MINE_KEPT);
}

/** Drops tickets of past days and bookings whose day has passed. */
export function pruneMine(items: readonly MyItem[], today: string): MyItem[] {
  return items.filter((i) => i.day >= today);
}

export function forgetItem(items: readonly MyItem[], token: string): MyItem[] {
  return items.filter((i) => i.token !== token);
}

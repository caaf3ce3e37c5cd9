import { describe, expect, it } from 'vitest';
import type { BookingView } from '../../src-main/contracts';
import { bookingPhase, canChange, shouldPoll } from '../../src-renderer/mobile/booking-model';
import type { MyItem, MyTicket } from '../../src-renderer/mobile/my-items';
import { forgetItem, loadMine, MINE_KEY, MINE_KEPT, pruneMine, rememberItem, saveMine } from '../../src-renderer/mobile/my-items';
import { chooseHallId, parseRoute, routeHref } from '../../src-renderer/mobile/router';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';

describe('phone page routes', () => {
  it('reads /t/ and /b/ tokens and the flow steps under /mobile/', () => {
    expect(parseRoute(`/t/${TOKEN}`, '')).toEqual({ name: 'ticket', token: TOKEN });
    expect(parseRoute(`/b/${TOKEN}/`, '?hall=demo-county')).toEqual({ name: 'booking', token: TOKEN });
    expect(parseRoute('/t/short', '')).toEqual({ name: 'not-found' });
    expect(parseRoute('/mobile/', '')).toEqual({ name: 'home' });
    expect(parseRoute('/mobile/index.html', '?c=A')).toEqual({ name: 'matters', categoryId: 'A' });
    expect(parseRoute('/mobile/', '?c=C&do=book&m=C02')).toEqual({ name: 'book', categoryId: 'C', matterId: 'C02' });
    expect(parseRoute('/mobile/', '?c=C&do=take')).toEqual({ name: 'take', categoryId: 'C', matterId: null });
    expect(parseRoute('/mobile/', '?c=lower')).toEqual({ name: 'home' });
    expect(parseRoute('/elsewhere', '')).toEqual({ name: 'not-found' });
  });

  it('writes addresses that read back the same, keeping the hall and language', () => {
    const search = '?hall=demo-county&lang=en&c=A';
    for (const route of [
      { name: 'home' },
      { name: 'matters', categoryId: 'B' },
      { name: 'take', categoryId: 'C', matterId: 'C01' },
      { name: 'book', categoryId: 'D', matterId: null },
      { name: 'ticket', token: TOKEN },
      { name: 'booking', token: TOKEN },
    ] as const) {
      const href = routeHref(route, search);
      const url = new URL(href, 'http://hall.example');
      expect(url.searchParams.get('hall')).toBe('demo-county');
      expect(url.searchParams.get('lang')).toBe('en');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
  });

  it('chooses the hall from the address, then the last used one the server still has, then the first', () => {
    const halls = [{ id: 'north' }, { id: 'south' }];
    expect(chooseHallId('south', 'north', halls)).toBe('south');
    expect(chooseHallId(null, 'south', halls)).toBe('south');
    expect(chooseHallId(null, 'gone', halls)).toBe('north');
    expect(chooseHallId(null, 'south', null)).toBe('south');
    expect(chooseHallId(null, null, [])).toBeNull();
  });
});

describe('booking page', () => {
  const b = { state: 'booked' as BookingView['state'], checkInFrom: 1000, slotStart: 2800, slotEnd: 4600 };
  it('follows the check-in window', () => {
    expect(bookingPhase(b, 999)).toBe('upcoming');
    expect(bookingPhase(b, 1000)).toBe('check-in-open');
    expect(bookingPhase(b, 4600)).toBe('check-in-open');
    expect(bookingPhase(b, 4601)).toBe('slot-over');
    expect(bookingPhase({ ...b, state: 'checked-in' }, 2000)).toBe('checked-in');
    expect(bookingPhase({ ...b, state: 'no-show' }, 9000)).toBe('no-show');
  });

  it('may be changed until the slot begins; asks the hall again only while a check-in may come', () => {
    expect(canChange(b, 2799)).toBe(true);
    expect(canChange(b, 2800)).toBe(false);
    expect(canChange({ ...b, state: 'cancelled' }, 0)).toBe(false);
    expect(shouldPoll('check-in-open')).toBe(true);
    expect(shouldPoll('upcoming')).toBe(false);
    expect(shouldPoll('checked-in')).toBe(false);
    expect(shouldPoll('cancelled')).toBe(false);
  });
});

describe('我的号码 / 我的预约', () => {
  const ticket = (token: string, day: string, savedAt: number): MyTicket => ({ kind: 'ticket', token, hallId: 'demo-county', number: 'C003', categoryName: '社保医保', day, savedAt });
  const memory = () => {
    const data = new Map<string, string>();
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
  };

  it('keeps one entry per token, newest first, and stores it', () => {
    let items = rememberItem([], ticket('t1', '2026-11-23', 1));
    items = rememberItem(items, ticket('t2', '2026-11-23', 2));
    items = rememberItem(items, { ...ticket('t1', '2026-11-23', 3), number: 'C009' });
    expect(items.map((i) => [i.token, i.savedAt])).toEqual([
      ['t2', 2],
      ['t1', 1],
    ]);
    expect(items[1]).toMatchObject({ number: 'C009' });
    const storage = memory();
    saveMine(storage, items);
    expect(loadMine(storage)).toEqual(items);
    expect(forgetItem(items, 't2').map((i) => i.token)).toEqual(['t1']);
  });

  it('forgets past days and keeps at most a screenful; bad storage reads as empty', () => {
    const items = [ticket('old', '2026-11-22', 1), ticket('new', '2026-11-23', 2)];
    expect(pruneMine(items, '2026-11-23').map((i) => i.token)).toEqual(['new']);
    let many: MyItem[] = [];
    for (let i = 0; i < MINE_KEPT + 5; i++) many = rememberItem(many, ticket(`t${i}`, '2026-11-23', i));
    expect(many).toHaveLength(MINE_KEPT);
    const storage = memory();
    storage.setItem(MINE_KEY, '{not json');
    expect(loadMine(storage)).toEqual([]);
    storage.setItem(MINE_KEY, JSON.stringify([{ kind: 'other' }, ticket('ok', '2026-11-23', 1)]));
    expect(loadMine(storage).map((i) => i.token)).toEqual(['ok']);
  });
});

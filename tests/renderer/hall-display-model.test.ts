import { describe, expect, it } from 'vitest';
import type { CallView, HallSnapshot, WindowView } from '../../src-main/contracts';
import { clockFace, clockOffset, shortTime } from '../../src-renderer/hall-display/clock';
import { callBoard, latestCalls, queueRows } from '../../src-renderer/hall-display/display-model';

const call = (seq: number, number: string, windowId: number, recall = false): CallView => ({
  seq, number, categoryId: number[0]!, windowId, windowName: `${windowId}号窗`, callCount: recall ? 2 : 1, recall, at: seq * 1000,
});
const win = (id: number, nameEn: string) => ({ id, nameEn }) as WindowView;

describe('the calls on the hall screen', () => {
  it('newest first, one line per number: a recall moves it back to the top', () => {
    const calls = [call(5, 'A017', 3, true), call(4, 'C002', 6), call(3, 'B001', 4), call(1, 'A017', 3)];
    expect(latestCalls(calls).map((c) => [c.number, c.recall])).toEqual([['A017', true], ['C002', false], ['B001', false]]);
  });

  it('splits into the highlighted newest and tiles of the few before; the record lists the latest calls, those above included', () => {
    const calls = Array.from({ length: 15 }, (_, i) => call(i + 1, `A${String(i + 1).padStart(3, '0')}`, (i % 12) + 1));
    const board = callBoard(calls, [win(3, 'Enterprise 3')], 3, 8);
    expect(board.newest?.number).toBe('A015');
    expect(board.newest?.windowNameEn).toBe('Enterprise 3');
    expect(board.previous.map((c) => c.number)).toEqual(['A014', 'A013', 'A012']);
    expect(board.history.map((c) => c.number)).toEqual(['A015', 'A014', 'A013', 'A012', 'A011', 'A010', 'A009', 'A008']);
    // Four calls on screen: the record shows them too, never "no calls yet".
    const four = callBoard(calls.slice(0, 4), [], 3, 8);
    expect(four.previous).toHaveLength(3);
    expect(four.history.map((c) => c.number)).toEqual(['A004', 'A003', 'A002', 'A001']);
    expect(callBoard([], [])).toEqual({ newest: null, previous: [], history: [] });
  });
});

describe('the waiting board', () => {
  it('one row per category in config order, with no estimate while no window serves it', () => {
    const snap = {
      categories: [{ id: 'A', name: '企业服务', nameEn: 'Enterprise', matters: [] }, { id: 'B', name: '投资建设', nameEn: 'Construction', matters: [] }],
      queues: [
        { categoryId: 'B', waiting: 0, priorityWaiting: 0, longestWaitMinutes: 0, estimatedMinutes: null, averageServiceMinutes: 25, openWindows: 0, nextNumbers: [], issuedToday: 0 },
        { categoryId: 'A', waiting: 4, priorityWaiting: 0, longestWaitMinutes: 9, estimatedMinutes: 30, averageServiceMinutes: 15, openWindows: 2, nextNumbers: ['A005', 'A006', 'A007', 'A008'], issuedToday: 8 },
      ],
    } as unknown as HallSnapshot;
    expect(queueRows(snap)).toEqual([
      { categoryId: 'A', name: '企业服务', nameEn: 'Enterprise', waiting: 4, estimatedMinutes: 30, nextNumbers: ['A005', 'A006', 'A007'] },
      { categoryId: 'B', name: '投资建设', nameEn: 'Construction', waiting: 0, estimatedMinutes: null, nextNumbers: [] },
    ]);
  });
});

describe('the hall clock', () => {
  // 2026-11-23 16:05:09 UTC is past midnight in Shanghai: the date must follow the hall, not UTC.
  const utc = Date.UTC(2026, 10, 23, 16, 5, 9);

  it('shows the hall time zone', () => {
    expect(clockFace(utc, 'Asia/Shanghai')).toMatchObject({ time: '00:05:09', date: '2026年11月24日 星期二' });
    expect(clockFace(utc, 'Asia/Shanghai').dateEn).toMatch(/^Tuesday,? 24 November 2026$/);
    expect(clockFace(utc, 'Asia/Urumqi').time).toBe('22:05:09');
    expect(shortTime(utc, 'Asia/Shanghai')).toBe('00:05');
  });

  it('follows the server when the screen clock is wrong', () => {
    const deviceNow = utc - 7 * 60_000; // the screen runs 7 minutes slow
    const offset = clockOffset(utc, deviceNow);
    expect(clockFace(deviceNow + offset, 'Asia/Shanghai').time).toBe('00:05:09');
  });
});

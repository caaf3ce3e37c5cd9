import { describe, expect, it } from 'vitest';
import type { CallView, HallSnapshot, TicketView, WindowView } from '../../src-main/contracts';
import { applyCall, applyQueueUpdate, applySnapshot, applyTicketUpdate, applyWindowUpdate, emptyHallState } from '../../src-renderer/shared/hall-state';

const window1: WindowView = {
  id: 1, name: '一窗', categories: ['A'], status: 'open', staffId: 's', staffName: '王丽', pauseReason: null,
  currentNumber: null, currentTicketState: null, servedToday: 0, averageServiceMinutes: null,
};

function snapshot(seq: number): HallSnapshot {
  return {
    hallId: 'h', seq, serverTime: 0, serviceDay: '2026-11-23',
    hall: { name: '大厅', nameEn: 'Hall', timeZone: 'Asia/Shanghai', notice: '', noticeEn: '' },
    categories: [], priorityClasses: [], pauseReasons: [], recentCalls: [], tickets: [],
    queues: [{ categoryId: 'A', waiting: 3, priorityWaiting: 0, longestWaitMinutes: 1, estimatedMinutes: 5, averageServiceMinutes: 5, openWindows: 1, nextNumbers: ['A001'], issuedToday: 3 }],
    windows: [window1],
  };
}

const call = (seq: number, number: string): CallView => ({ seq, number, categoryId: 'A', windowId: 1, windowName: '一窗', callCount: 1, recall: false, at: seq });

describe('page state follows the hall by sequence number', () => {
  it('a snapshot replaces everything', () => {
    const s = applySnapshot(emptyHallState(), snapshot(10));
    expect(s.seq).toBe(10);
    expect(s.snapshot?.windows[0]?.staffName).toBe('王丽');
  });

  it('drops updates older than the snapshot, applies newer ones', () => {
    let s = applySnapshot(emptyHallState(), snapshot(10));
    s = applyWindowUpdate(s, { seq: 9, window: { ...window1, status: 'paused' } });
    expect(s.snapshot?.windows[0]?.status).toBe('open');
    s = applyWindowUpdate(s, { seq: 11, window: { ...window1, currentNumber: 'A001' } });
    expect(s.snapshot?.windows[0]?.currentNumber).toBe('A001');
    expect(s.seq).toBe(11);
  });

  it('ignores updates before any snapshot arrived', () => {
    const s = applyQueueUpdate(emptyHallState(), { seq: 5, queues: [] });
    expect(s.snapshot).toBeNull();
  });

  it('keeps open tickets, drops finished ones', () => {
    let s = applySnapshot(emptyHallState(), snapshot(1));
    const t = { id: 'd/A001', number: 'A001', state: 'waiting', issuedAt: 1 } as TicketView;
    s = applyTicketUpdate(s, { seq: 2, ticket: t });
    expect(s.snapshot?.tickets?.map((x) => x.number)).toEqual(['A001']);
    s = applyTicketUpdate(s, { seq: 3, ticket: { ...t, state: 'finished' } });
    expect(s.snapshot?.tickets).toEqual([]);
  });

  it('a call appears once, newest first, even when delivered twice', () => {
    let s = applySnapshot(emptyHallState(), snapshot(1));
    s = applyCall(s, call(2, 'A001'));
    const again = applyCall(s, call(2, 'A001'));
    expect(again).toBe(s);
    s = applyCall(s, call(3, 'A002'));
    expect(s.snapshot?.recentCalls.map((c) => c.number)).toEqual(['A002', 'A001']);
  });

  it('queue updates replace only the categories they carry', () => {
    let s = applySnapshot(emptyHallState(), snapshot(1));
    s = applyQueueUpdate(s, { seq: 2, queues: [{ ...s.snapshot!.queues[0]!, waiting: 7 }] });
    expect(s.snapshot?.queues[0]?.waiting).toBe(7);
  });
});

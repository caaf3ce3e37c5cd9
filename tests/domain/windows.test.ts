import { describe, expect, it } from 'vitest';
import { TestHall } from './harness';

describe('windows and staff', () => {
  it('one window per staff login at a time', () => {
    const h = new TestHall().open(1, 'wang');
    expect(h.refused({ type: 'OpenWindow', windowId: 2, staffId: 'wang' })).toBe('STAFF_AT_OTHER_WINDOW');
    expect(h.refused({ type: 'OpenWindow', windowId: 1, staffId: 'li' })).toBe('WINDOW_TAKEN');
  });

  it('signing in again at the same window changes nothing', () => {
    const h = new TestHall().open(1, 'wang');
    expect(h.ok({ type: 'OpenWindow', windowId: 1, staffId: 'wang' })).toEqual([]);
  });

  it('closing frees the staff member for another window, but not while a ticket is active', () => {
    const h = new TestHall().open(1, 'wang');
    h.issue('A');
    h.callNext(1);
    expect(h.refused({ type: 'CloseWindow', windowId: 1 })).toBe('WINDOW_BUSY');
    h.ok({ type: 'FinishService', windowId: 1, matterId: 'A01' });
    h.ok({ type: 'CloseWindow', windowId: 1 });
    h.ok({ type: 'OpenWindow', windowId: 2, staffId: 'wang' });
    expect(h.state.windows.get(1)).toMatchObject({ status: 'closed', staffId: null });
  });

  it('pause with a reason, then resume', () => {
    const h = new TestHall().open(1);
    h.ok({ type: 'PauseWindow', windowId: 1, reason: '业务咨询' });
    expect(h.state.windows.get(1)).toMatchObject({ status: 'paused', pauseReason: '业务咨询' });
    expect(h.refused({ type: 'PauseWindow', windowId: 1, reason: 'x' })).toBe('WINDOW_PAUSED');
    h.ok({ type: 'ResumeWindow', windowId: 1 });
    expect(h.state.windows.get(1)).toMatchObject({ status: 'open', pauseReason: null });
    expect(h.refused({ type: 'ResumeWindow', windowId: 1 })).toBe('WINDOW_NOT_PAUSED');
  });

  it('cannot pause a closed window or one with a ticket', () => {
    const h = new TestHall();
    expect(h.refused({ type: 'PauseWindow', windowId: 1, reason: '休息' })).toBe('WINDOW_CLOSED');
    h.open(1);
    h.issue('A');
    h.callNext(1);
    expect(h.refused({ type: 'PauseWindow', windowId: 1, reason: '休息' })).toBe('WINDOW_BUSY');
  });

  it('unknown windows are refused everywhere', () => {
    const h = new TestHall();
    expect(h.refused({ type: 'OpenWindow', windowId: 42, staffId: 'x' })).toBe('UNKNOWN_WINDOW');
    expect(h.refused({ type: 'PauseWindow', windowId: 42, reason: 'x' })).toBe('UNKNOWN_WINDOW');
    expect(h.refused({ type: 'Recall', windowId: 42 })).toBe('UNKNOWN_WINDOW');
  });
});

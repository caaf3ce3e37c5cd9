import { describe, expect, it } from 'vitest';
import { MINUTE, TestHall } from './harness';

describe('ticket lifecycle at a window', () => {
  it('waiting → called → serving → finished, recording the matter and service time', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    expect(h.callNext(1)).toBe('A001');
    expect(h.ticket('A001')).toMatchObject({ state: 'called', callCount: 1, windowId: 1, staffId: 'staff-1' });
    h.advance(MINUTE);
    h.ok({ type: 'StartService', windowId: 1 });
    expect(h.ticket('A001').state).toBe('serving');
    h.advance(7 * MINUTE);
    const events = h.ok({ type: 'FinishService', windowId: 1, matterId: 'A01' });
    expect(events).toMatchObject([{ type: 'ServiceFinished', serviceMs: 7 * MINUTE, matterId: 'A01', staffId: 'staff-1' }]);
    expect(h.ticket('A001')).toMatchObject({ state: 'finished', matterHandled: 'A01' });
    expect(h.state.windows.get(1)!.currentTicketId).toBeNull();
  });

  it('finishing straight from called logs the start too', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.callNext(1);
    const events = h.ok({ type: 'FinishService', windowId: 1, matterId: 'A01' });
    expect(events.map((e) => e.type)).toEqual(['ServiceStarted', 'ServiceFinished']);
  });

  it('uses the matter chosen at the kiosk when staff name none, and asks for one when there is none', () => {
    const h = new TestHall().open(1);
    h.issue('A', { matterId: 'A01' });
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'FinishService', windowId: 1 });
    expect(h.ticket('A001').matterHandled).toBe('A01');
    h.callNext(1);
    expect(h.refused({ type: 'FinishService', windowId: 1 })).toBe('MATTER_REQUIRED');
    expect(h.refused({ type: 'FinishService', windowId: 1, matterId: 'X99' })).toBe('UNKNOWN_MATTER');
  });

  it('finishes without a matter in a category that lists none', () => {
    const h = new TestHall().open(4);
    h.issue('C');
    h.callNext(4);
    h.ok({ type: 'FinishService', windowId: 4 });
    expect(h.ticket('C001').state).toBe('finished');
  });

  it('recall adds to the call count and keeps the ticket at the window', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'Recall', windowId: 1 });
    h.ok({ type: 'Recall', windowId: 1 });
    expect(h.ticket('A001')).toMatchObject({ state: 'called', callCount: 3, windowId: 1 });
  });

  it('no recall or no-show once service has started', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'StartService', windowId: 1 });
    expect(h.refused({ type: 'Recall', windowId: 1 })).toBe('TICKET_ALREADY_SERVING');
    expect(h.refused({ type: 'MarkNoShow', windowId: 1 })).toBe('TICKET_ALREADY_SERVING');
    expect(h.refused({ type: 'StartService', windowId: 1 })).toBe('TICKET_ALREADY_SERVING');
  });

  it('called → missed frees the window', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'MarkNoShow', windowId: 1 });
    expect(h.ticket('A001').state).toBe('missed');
    expect(h.callNext(1)).toBe('A002');
  });

  it('waiting → cancelled; a called ticket cannot be cancelled', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.issue('A');
    h.ok({ type: 'CancelTicket', number: 'A002' });
    expect(h.ticket('A002').state).toBe('cancelled');
    h.callNext(1);
    expect(h.refused({ type: 'CancelTicket', number: 'A001' })).toBe('TICKET_NOT_WAITING');
    expect(h.refused({ type: 'CallNext', windowId: 1 })).toBe('WINDOW_BUSY');
    expect(h.refused({ type: 'CancelTicket', number: 'A404' })).toBe('NO_SUCH_TICKET');
  });

  it('actions without a current ticket are refused', () => {
    const h = new TestHall().open(1);
    for (const type of ['Recall', 'MarkNoShow', 'StartService', 'FinishService'] as const) {
      expect(h.refused({ type, windowId: 1 })).toBe('NO_ACTIVE_TICKET');
    }
    expect(h.refused({ type: 'Transfer', windowId: 1, to: { categoryId: 'B' } })).toBe('NO_ACTIVE_TICKET');
  });
});

describe('transfer', () => {
  it('to a category: back to waiting there with its original arrival, ahead of later tickets', () => {
    const h = new TestHall().open(2).open(3);
    h.issue('A'); // A001, arrives first
    h.issue('B'); // B001
    h.issue('B'); // B002
    expect(h.callNext(2)).toBe('A001');
    h.ok({ type: 'Transfer', windowId: 2, to: { categoryId: 'B' } });
    expect(h.ticket('A001')).toMatchObject({ state: 'waiting', categoryId: 'B', issuedCategoryId: 'A', transferCount: 1, windowId: null });
    expect(h.state.windows.get(2)!.currentTicketId).toBeNull();
    expect(h.callNext(3)).toBe('A001');
  });

  it('to a named window: only that window calls it, and before its own queue', () => {
    const h = new TestHall().open(1).open(2).open(3);
    h.issue('A');
    h.issue('A');
    h.issue('B');
    expect(h.callNext(1)).toBe('A001');
    h.ok({ type: 'Transfer', windowId: 1, to: { windowId: 3 } });
    expect(h.callNext(2)).toBe('A002');
    expect(h.callNext(3)).toBe('A001');
  });

  it('a ticket transferred to one window cannot be called by number at another', () => {
    const h = new TestHall().open(1).open(2);
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'Transfer', windowId: 1, to: { windowId: 3 } });
    expect(h.refused({ type: 'CallNumber', windowId: 2, number: 'A001' })).toBe('TICKET_RESERVED_FOR_WINDOW');
  });

  it('refuses transfers to nowhere, to the same category or to itself', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.callNext(1);
    expect(h.refused({ type: 'Transfer', windowId: 1, to: { categoryId: 'A' } })).toBe('TRANSFER_TARGET_INVALID');
    expect(h.refused({ type: 'Transfer', windowId: 1, to: { categoryId: 'Q' } })).toBe('UNKNOWN_CATEGORY');
    expect(h.refused({ type: 'Transfer', windowId: 1, to: { windowId: 1 } })).toBe('TRANSFER_TARGET_INVALID');
    expect(h.refused({ type: 'Transfer', windowId: 1, to: { windowId: 77 } })).toBe('UNKNOWN_WINDOW');
  });

  it('a serving ticket can be transferred too', () => {
    const h = new TestHall().open(1);
    h.issue('A');
    h.callNext(1);
    h.ok({ type: 'StartService', windowId: 1 });
    h.ok({ type: 'Transfer', windowId: 1, to: { categoryId: 'C' } });
    expect(h.ticket('A001')).toMatchObject({ state: 'waiting', categoryId: 'C', servingAt: null });
  });
});

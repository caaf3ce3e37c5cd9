import { describe, expect, it } from 'vitest';
import type { CallView, PublicTicketView } from '../../src-main/contracts';
import type { AlertMemory, LiveAlert } from '../../src-renderer/mobile/live-ticket';
import { applyCallToView, FRESH_MEMORY, liveDisplay, newerView, nextAlerts } from '../../src-renderer/mobile/live-ticket';

const view = (over: Partial<PublicTicketView> = {}): PublicTicketView => ({
  number: 'E006',
  categoryId: 'E',
  categoryName: '综合服务',
  state: 'waiting',
  issuedAt: 0,
  ahead: 5,
  estimatedMinutes: 50,
  windowId: null,
  windowName: null,
  callCount: 0,
  seq: 10,
  ...over,
});
const NEAR = 3;

describe('live ticket display', () => {
  it('waiting far, then near at turnNearAhead or fewer ahead', () => {
    expect(liveDisplay(view({ ahead: 5 }), NEAR)).toMatchObject({ phase: 'waiting', ahead: 5, estimatedMinutes: 50, over: false });
    expect(liveDisplay(view({ ahead: 3 }), NEAR).phase).toBe('near');
    expect(liveDisplay(view({ ahead: 0 }), NEAR).phase).toBe('near');
  });

  it('called with the window; the end states are over', () => {
    expect(liveDisplay(view({ state: 'called', ahead: null, windowId: 3, windowName: '企业服务三窗', callCount: 1 }), NEAR)).toMatchObject({ phase: 'called', windowId: 3, windowName: '企业服务三窗' });
    for (const state of ['finished', 'cancelled', 'expired'] as const) expect(liveDisplay(view({ state }), NEAR)).toMatchObject({ phase: state, over: true });
    expect(liveDisplay(view({ state: 'missed' }), NEAR)).toMatchObject({ phase: 'missed', over: false });
    expect(liveDisplay(view({ state: 'pending', ahead: null }), NEAR).phase).toBe('pending');
  });
});

describe('merging updates', () => {
  it('never lets an older view replace a newer one', () => {
    const newer = view({ seq: 12, ahead: 3 });
    expect(newerView(newer, view({ seq: 11, ahead: 4 }))).toBe(newer);
    expect(newerView(newer, view({ seq: 12, ahead: 2 })).ahead).toBe(2);
    expect(newerView(null, newer)).toBe(newer);
  });

  it('a call for this number shows the window at once; a stale or foreign call does not', () => {
    const call: CallView = { seq: 20, number: 'E006', categoryId: 'E', windowId: 11, windowName: '综合服务一窗', callCount: 1, recall: false, at: 0 };
    expect(applyCallToView(view(), call)).toMatchObject({ state: 'called', windowId: 11, windowName: '综合服务一窗', ahead: null, seq: 20 });
    const v = view({ seq: 25 });
    expect(applyCallToView(v, call)).toBe(v);
    expect(applyCallToView(view(), { ...call, number: 'E007' })).toMatchObject({ state: 'waiting' });
  });
});

describe('alerts fire once per change', () => {
  function play(views: PublicTicketView[], memory: AlertMemory = FRESH_MEMORY): { memory: AlertMemory; fired: LiveAlert[] } {
    const fired: LiveAlert[] = [];
    let m = memory;
    for (const v of views) {
      const r = nextAlerts(m, v, NEAR);
      m = r.memory;
      fired.push(...r.alerts);
    }
    return { memory: m, fired };
  }

  it('5 ahead → near → called: one near alert, one called alert, however often each is heard', () => {
    const { fired } = play([
      view({ ahead: 5 }),
      view({ ahead: 4 }),
      view({ ahead: 3 }),
      view({ ahead: 3 }), // the same state after a reconnect
      view({ ahead: 2 }),
      view({ ahead: 0 }),
      view({ state: 'called', ahead: null, windowId: 11, windowName: '综合服务一窗', callCount: 1 }),
      view({ state: 'called', ahead: null, windowId: 11, windowName: '综合服务一窗', callCount: 1 }),
    ]);
    expect(fired).toEqual([
      { kind: 'near', ahead: 3 },
      { kind: 'called', windowId: 11, windowName: '综合服务一窗', callCount: 1 },
    ]);
  });

  it('a recall alerts again; a reload with the saved memory does not', () => {
    const first = play([view({ state: 'called', windowId: 11, callCount: 1 })]);
    expect(first.fired).toHaveLength(1);
    expect(play([view({ state: 'called', windowId: 11, callCount: 1 })], first.memory).fired).toEqual([]);
    expect(play([view({ state: 'called', windowId: 11, callCount: 2 })], first.memory).fired).toEqual([{ kind: 'called', windowId: 11, windowName: null, callCount: 2 }]);
  });

  it('opening the page already near alerts once; a ticket missed, reactivated and near again alerts again', () => {
    const { fired } = play([
      view({ ahead: 1 }),
      view({ state: 'called', callCount: 1, windowId: 11 }),
      view({ state: 'missed' }),
      view({ state: 'missed' }),
      view({ state: 'waiting', ahead: 3 }),
      view({ state: 'called', callCount: 2, windowId: 11 }),
    ]);
    expect(fired.map((a) => a.kind)).toEqual(['near', 'called', 'missed', 'near', 'called']);
  });

  it('finished, cancelled and pending tickets alert nothing', () => {
    expect(play([view({ state: 'pending', ahead: null }), view({ state: 'finished' }), view({ state: 'cancelled' })]).fired).toEqual([]);
  });
});

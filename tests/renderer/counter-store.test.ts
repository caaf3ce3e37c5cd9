// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick, ref } from 'vue';
import type { Ack, HallSnapshot, WindowView } from '../../src-main/contracts';
import type * as RealConnection from '../../src-renderer/shared/connection';

// The console store over a fake connection: what is sent, with which request id, and what is not sent.

interface Sent {
  event: string;
  payload: Record<string, unknown>;
  answer: (ack: Ack<unknown>) => void;
}

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof makeFake> }));

function makeFake() {
  const handlers = new Map<string, Array<(arg: unknown) => void>>();
  const sent: Sent[] = [];
  const connection = {
    socket: {
      on: (event: string, fn: (arg: unknown) => void) => handlers.set(event, [...(handlers.get(event) ?? []), fn]),
    },
    connected: ref(true),
    lastError: ref<{ code: string; message: string; messageEn: string } | null>(null),
    request: (event: string, payload: Record<string, unknown>) =>
      new Promise<Ack<unknown>>((resolve) => {
        sent.push({ event, payload, answer: resolve });
      }),
    close: vi.fn(),
  };
  const emit = (event: string, arg: unknown) => {
    for (const fn of handlers.get(event) ?? []) fn(arg);
  };
  return { connection, sent, emit };
}

vi.mock('../../src-renderer/shared/connection', async (original) => ({
  ...(await original<typeof RealConnection>()),
  connectHall: () => {
    fake.current = makeFake();
    return fake.current.connection;
  },
}));

const { useCounterStore } = await import('../../src-renderer/counter/counter-store');

const window6: WindowView = {
  id: 6, name: '社保医保一窗', categories: ['C'], status: 'open', staffId: 'staff06', staffName: '杨帆', pauseReason: null,
  currentNumber: null, currentTicketState: null, servedToday: 0, averageServiceMinutes: null,
};
const snapshot = (w: WindowView, seq = 1): HallSnapshot => ({
  hallId: 'demo-county', seq, serverTime: 0, serviceDay: '2026-11-23',
  hall: { name: '大厅', nameEn: 'Hall', timeZone: 'Asia/Shanghai', notice: '', noticeEn: '' },
  categories: [], queues: [], windows: [w], recentCalls: [], priorityClasses: [], pauseReasons: ['休息'], tickets: [],
  me: { username: 'staff06', displayName: '杨帆', role: 'staff' }, windowId: 6,
});
const TIMEOUT = { ok: false as const, code: 'TIMEOUT', message: '服务器未响应，请稍后重试', messageEn: 'The hall server did not answer; try again' };

function signedIn() {
  sessionStorage.setItem('hall.counter.session', JSON.stringify({ hallId: 'demo-county', token: 'x'.repeat(43), username: 'staff06', displayName: '杨帆', role: 'staff', expiresAt: Date.now() + 3_600_000 }));
  const store = useCounterStore();
  store.connect();
  const f = fake.current!;
  f.emit('hall:snapshot', snapshot(window6));
  return { store, f };
}

beforeEach(() => {
  sessionStorage.clear();
  setActivePinia(createPinia());
});

describe('the console store sends each action once', () => {
  it('a retry after a timeout carries the same request id; the next action a new one', async () => {
    const { store, f } = signedIn();
    store.press('callNext');
    expect(store.actions.callNext).toMatchObject({ busy: true });
    expect(f.sent).toHaveLength(1);
    expect(f.sent[0]).toMatchObject({ event: 'queue:callNext', payload: { requestId: expect.stringMatching(/^[0-9a-f]{24}$/) } });
    const firstId = f.sent[0]!.payload.requestId;

    f.sent[0]!.answer(TIMEOUT);
    await vi.waitFor(() => expect(store.notice).toMatchObject({ kind: 'refused', code: 'TIMEOUT', retry: true }));
    expect(store.actions.callNext.enabled).toBe(true);

    store.press('callNext');
    expect(f.sent[1]!.payload.requestId).toBe(firstId);
    f.sent[1]!.answer({ ok: true, data: { ticket: { number: 'C001' }, window: window6 } });
    await vi.waitFor(() => expect(store.notice).toEqual({ kind: 'done', action: 'callNext', number: 'C001' }));

    f.emit('window:changed', { seq: 2, window: { ...window6, currentNumber: 'C001', currentTicketState: 'called' } });
    store.press('recall');
    expect(f.sent[2]).toMatchObject({ event: 'ticket:recall' });
    expect(f.sent[2]!.payload.requestId).not.toBe(firstId);
  });

  it('while one action is out, another press sends nothing', async () => {
    const { store, f } = signedIn();
    store.press('callNext');
    store.press('callNext');
    store.press('pause');
    expect(f.sent).toHaveLength(1);
    expect(store.actions.pause).toMatchObject({ enabled: false, reason: 'otherInFlight' });
    expect(store.dialog).toBeNull();
    f.sent[0]!.answer({ ok: false, code: 'NO_WAITING_TICKET', message: '当前没有等候的号码', messageEn: 'Nobody is waiting' });
    await vi.waitFor(() => expect(store.notice).toMatchObject({ kind: 'refused', code: 'NO_WAITING_TICKET', message: '当前没有等候的号码', retry: false }));
  });

  it('offline: nothing is sent, and the press says why', async () => {
    const { store, f } = signedIn();
    f.connection.connected.value = false;
    // The hall store follows the socket's own events; simulate the disconnect it would hear.
    f.emit('disconnect', 'transport close');
    await nextTick();
    expect(store.online).toBe(false);
    store.press('callNext');
    expect(f.sent).toHaveLength(0);
    expect(store.notice).toEqual({ kind: 'blocked', action: 'callNext', reason: 'offline' });
  });

  it('dialog actions open their dialog first; pause then sends the chosen reason', async () => {
    const { store, f } = signedIn();
    store.press('pause');
    expect(store.dialog).toBe('pause');
    expect(f.sent).toHaveLength(0);
    store.dialog = null;
    void store.act('pause', { reason: '休息' });
    expect(f.sent[0]).toMatchObject({ event: 'window:pause', payload: { reason: '休息' } });
  });

  it('a session the server no longer knows sends the console back to the login', async () => {
    const { store, f } = signedIn();
    f.connection.lastError.value = { code: 'SESSION_INVALID', message: '登录已失效，请重新登录', messageEn: 'Session expired or unknown; log in again' };
    await nextTick();
    expect(store.session).toBeNull();
    expect(store.authError).toMatchObject({ code: 'SESSION_INVALID' });
    expect(sessionStorage.getItem('hall.counter.session')).toBeNull();
  });
});

import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Ack, CallResult, RatingLevel } from '../../src-main/contracts';
import type { HallConnection } from '../shared/connection';
import { newRequestId } from '../shared/connection';
import { hallIdFromUrl } from '../shared/device-auth';
import { applySnapshot } from '../shared/hall-state';
import { useHallStore } from '../shared/hall-store';
import type { Attempt, ConsoleAction, DisabledReason, WindowAction } from './console-logic';
import { ACTION_EVENTS, actionState, actionStates, attemptFor, currentTicket, myQueues, myWindow, uncertainAfter } from './console-logic';

import { logout, sessions } from './session';
import { useAccountSession } from '../shared/account-session';

/** What each action sends besides its request id. */
export interface ActionBody {
  open: { windowId: number };
  callNext: Record<string, never>;
  recall: Record<string, never>;
  noShow: Record<string, never>;
  start: Record<string, never>;
  finish: { matterId: string | null };
  transfer: { to: { categoryId: string } | { windowId: number } };
  callNumber: { number: string };
  pause: { reason: string };
  resume: Record<string, never>;
  close: Record<string, never>;
}

/** The line under the ticket: what the last action did, or why it did not. */
export type Notice =
  | { kind: 'done'; action: ConsoleAction; number: string | null }
  | { kind: 'refused'; action: ConsoleAction; code: string; message: string; messageEn: string; retry: boolean }
  | { kind: 'blocked'; action: ConsoleAction; reason: DisabledReason };

/**
 * One staff member at one window: the login, the window, and the actions. The hall itself (snapshot and
 * updates) lives in the shared hall store; this store only decides what may be sent and sends it once.
 */
export const useCounterStore = defineStore('counter', () => {
  const hall = useHallStore();
  const hallId = hallIdFromUrl();
  const inFlight = ref<ConsoleAction | null>(null);
  const notice = shallowRef<Notice | null>(null);
  const dialog = ref<WindowAction | null>(null);
  let uncertain: Attempt | null = null;
  let conn: HallConnection<'counter'> | null = null;

  const snapshot = computed(() => hall.snapshot);
  const window = computed(() => myWindow(snapshot.value));
  const ticket = computed(() => currentTicket(snapshot.value, window.value));
  const queues = computed(() => myQueues(snapshot.value, window.value));
  const online = computed(() => hall.connected);
  const facts = computed(() => ({ online: online.value, window: window.value, inFlight: inFlight.value }));
  const actions = computed(() => actionStates(facts.value));

  /** The evaluator at this window: waiting for the citizen, or what they chose (staff see the level only). */
  const rating = shallowRef<{ number: string; level: RatingLevel | null } | null>(null);

  function connect(): void {
    if (!session.value) return;
    conn = hall.connect('counter', { hallId, token: session.value.token });
    conn.socket.on('evaluation:invite', (invite) => (rating.value = { number: invite.number, level: null }));
    conn.socket.on('evaluation:closed', (closed) => (rating.value = { number: closed.ticketId.split('/')[1] ?? closed.ticketId, level: closed.level }));
  }

  const { session, authError, signIn, endSession } = useAccountSession(sessions, hallId, {
    connect,
    reset() {
      conn = null;
      notice.value = null;
      dialog.value = null;
      uncertain = null;
      rating.value = null;
    },
  });

  /** Leaves the window first (the hall must not show an unattended window as open), then logs out. */
  async function signOut(): Promise<void> {
    if (window.value && online.value && !(await act('close', {}))) return;
    if (session.value) await logout(session.value);
    endSession(null);
  }

  /** Replaces the picture of the hall with a fresh one, unless updates newer than it have arrived. */
  async function refresh(): Promise<void> {
    if (!conn) return;
    const ack = await conn.request('hall:snapshot');
    if (ack.ok && ack.data.seq >= hall.state.seq) hall.state = applySnapshot(hall.state, ack.data);
  }

  /** Sends one action, once: disabled actions are not sent, and a retry after a timeout reuses its request id. */
  async function act<A extends ConsoleAction>(action: A, body: ActionBody[A]): Promise<boolean> {
    const state = actionState(action, facts.value);
    if (!state.enabled) {
      if (!state.busy) notice.value = { kind: 'blocked', action, reason: state.reason! };
      return false;
    }
    const attempt = attemptFor(uncertain, action, JSON.stringify(body), newRequestId);
    inFlight.value = action;
    let ack: Ack<unknown>;
    try {
      ack = conn
        ? ((await conn.request(ACTION_EVENTS[action], { ...body, requestId: attempt.requestId } as never)) as Ack<unknown>)
        : { ok: false, code: 'OFFLINE', message: '与服务器的连接已断开，操作未执行', messageEn: 'Not connected to the hall server; nothing was done' };
    } finally {
      inFlight.value = null;
    }
    uncertain = uncertainAfter(attempt, ack.ok ? null : ack.code, uncertain);
    if (!ack.ok) {
      notice.value = { kind: 'refused', action, code: ack.code, message: ack.message, messageEn: ack.messageEn, retry: ack.code === 'TIMEOUT' };
      return false;
    }
    const data = ack.data as Partial<CallResult>;
    notice.value = { kind: 'done', action, number: data.ticket?.number ?? null };
    // The window's room is joined only now, so what happened before joining comes with a fresh snapshot.
    if (action === 'open') await refresh();
    return true;
  }

  /** Opens the dialog an action needs, or sends it straight away. */
  function press(action: WindowAction): void {
    const state = actionState(action, facts.value);
    if (!state.enabled) {
      if (!state.busy) notice.value = { kind: 'blocked', action, reason: state.reason! };
      return;
    }
    // 关闭窗口 ends the window's service for the citizens waiting: asked first, like the other dialogs.
    if (action === 'finish' || action === 'transfer' || action === 'callNumber' || action === 'pause' || action === 'close') {
      dialog.value = action;
      if (action === 'transfer') void refresh();
      return;
    }
    void act(action, {});
  }

  return { hallId, session, authError, inFlight, notice, dialog, rating, snapshot, window, ticket, queues, online, actions, connect, signIn, signOut, refresh, act, press };
});

import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CallView, HandshakeAuth, Role } from '../../src-main/contracts';
import { connectHall, type HallConnection } from './connection';
import { applyCall, applyQueueUpdate, applySnapshot, applyTicketUpdate, applyWindowUpdate, emptyHallState, type HallState } from './hall-state';

/**
 * The hall as one page sees it: a snapshot kept current by updates, over one connection. Pages read
 * from it and send their requests through `connection`; no page opens a socket of its own.
 */
export const useHallStore = defineStore('hall', () => {
  const state = shallowRef<HallState>(emptyHallState());
  const connection = shallowRef<HallConnection<Role> | null>(null);
  const callListeners = new Set<(call: CallView) => void>();
  const connected = ref(false);

  function connect<R extends Role>(role: R, auth: HandshakeAuth, url = ''): HallConnection<R> {
    connection.value?.close();
    const c = connectHall(role, auth, url);
    c.socket.on('hall:snapshot', (s) => (state.value = applySnapshot(state.value, s)));
    c.socket.on('ticket:changed', (u) => (state.value = applyTicketUpdate(state.value, u)));
    c.socket.on('window:changed', (u) => (state.value = applyWindowUpdate(state.value, u)));
    c.socket.on('queue:changed', (u) => (state.value = applyQueueUpdate(state.value, u)));
    c.socket.on('ticket:called', (call) => {
      const before = state.value;
      state.value = applyCall(state.value, call);
      // Only a call this page has not seen yet is announced (a snapshot replay is not).
      if (state.value !== before) for (const fn of callListeners) fn(call);
    });
    connection.value = c as unknown as HallConnection<Role>;
    connected.value = c.connected.value;
    c.socket.on('connect', () => (connected.value = true));
    c.socket.on('disconnect', () => (connected.value = false));
    return c;
  }

  function onCall(fn: (call: CallView) => void): () => void {
    callListeners.add(fn);
    return () => callListeners.delete(fn);
  }

  const snapshot = computed(() => state.value.snapshot);
  const lastError = computed(() => connection.value?.lastError.value ?? null);

  return { state, snapshot, connection, connected, lastError, connect, onCall };
});

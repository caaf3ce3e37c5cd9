import { onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';
import type { ErrorAck, PublicTicketView } from '../../src-main/contracts';
import { loadAlertMemory, saveAlertMemory } from './live-alerts';
import type { LiveAlert } from './live-ticket';
import { applyCallToView, newerView, nextAlerts } from './live-ticket';
import { useMobileStore } from './mobile-store';

/**
 * Watches one ticket by its token: asks the hall after every (re)connection and whenever the page comes
 * back into view (a locked phone may have slept through updates), and follows its status and call events.
 */
export function useLiveTicket(token: Ref<string>, onAlert: (alert: LiveAlert, view: PublicTicketView) => void) {
  const mobile = useMobileStore();
  const view = shallowRef<PublicTicketView | null>(null);
  const problem = shallowRef<ErrorAck | null>(null);
  const updatedAt = ref<number | null>(null);
  let memory = loadAlertMemory(token.value);

  function accept(next: PublicTicketView | null): void {
    if (!next || next === view.value) return;
    view.value = next;
    updatedAt.value = mobile.serverNow();
    const r = nextAlerts(memory, next, mobile.settings.turnNearAhead);
    memory = r.memory;
    saveAlertMemory(token.value, memory);
    for (const alert of r.alerts) onAlert(alert, next);
  }

  async function watchNow(): Promise<void> {
    const ack = await mobile.request('ticket:watch', { token: token.value });
    if (ack.ok) {
      problem.value = null;
      // The answer to a fresh watch is the truth now, even after a restart that reset anything.
      accept(ack.data);
    } else if (ack.code !== 'OFFLINE' && ack.code !== 'TIMEOUT') {
      problem.value = ack;
    }
  }

  const socket = mobile.connection?.socket;
  const onStatus = (u: { ticket: PublicTicketView }) => accept(newerView(view.value, u.ticket));
  const onCall = (call: Parameters<typeof applyCallToView>[1]) => accept(applyCallToView(view.value, call));
  const onVisible = () => {
    if (document.visibilityState === 'visible') void watchNow();
  };
  socket?.on('ticket:status', onStatus);
  socket?.on('ticket:called', onCall);
  document.addEventListener('visibilitychange', onVisible);
  const offConnect = mobile.onConnect(() => void watchNow());

  onBeforeUnmount(() => {
    offConnect();
    socket?.off('ticket:status', onStatus);
    socket?.off('ticket:called', onCall);
    document.removeEventListener('visibilitychange', onVisible);
  });

  return { view, problem, updatedAt, refresh: watchNow };
}

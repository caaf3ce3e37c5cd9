import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { KioskCatalog, KioskDeviceStatus, KioskEvent, KioskProblem } from '../../src-main/contracts';
import type { KioskBackend } from './kiosk-backend';
import type { FlowAction, FlowEffect } from './kiosk-flow';
import { checkInProblem } from './check-in';
import { initialFlow, step } from './kiosk-flow';

/** Queue lengths on the tiles go stale; refresh them this often while the kiosk waits on its first screen. */
const CATALOG_REFRESH_MS = 10_000;

/**
 * The kiosk page's state: the catalogue (categories, matters, queues), the devices and the hall link,
 * and the screen flow. The flow rules live in kiosk-flow.ts; this store runs their effects.
 */
export const useKioskStore = defineStore('kiosk', () => {
  const backend = shallowRef<KioskBackend | null>(null);
  const catalog = ref<KioskCatalog | null>(null);
  const catalogProblem = ref<KioskProblem | null>(null);
  const status = ref<KioskDeviceStatus | null>(null);
  const flow = ref(initialFlow());
  const cardError = ref<KioskProblem | null>(null);
  let refreshTimer: ReturnType<typeof setInterval> | undefined;

  const hasReader = computed(() => (status.value?.reader ?? 'absent') === 'ok');
  const hallReady = computed(() => status.value?.hall === 'connected');
  const card = computed(() => status.value?.card ?? null);

  async function start(b: KioskBackend): Promise<void> {
    backend.value = b;
    b.onEvent(onEvent);
    const s = await b.deviceStatus();
    if (s.ok) status.value = s.data;
    await refreshCatalog();
    refreshTimer = setInterval(() => {
      if (flow.value.screen.name === 'home') void refreshCatalog();
    }, CATALOG_REFRESH_MS);
  }

  function stop(): void {
    clearInterval(refreshTimer);
  }

  async function refreshCatalog(): Promise<void> {
    const b = backend.value;
    if (!b) return;
    const ack = await b.listCategories();
    if (ack.ok) {
      catalog.value = ack.data;
      catalogProblem.value = null;
    } else if (!catalog.value) {
      catalogProblem.value = ack;
    }
  }

  function onEvent(event: KioskEvent): void {
    if (event.type === 'status') {
      const wasReady = hallReady.value;
      status.value = event.status;
      if (!wasReady && event.status.hall === 'connected') void refreshCatalog();
      return;
    }
    if (!status.value) return;
    if (event.type === 'card-in') {
      status.value = { ...status.value, card: event.card };
      cardError.value = null;
      dispatch({ type: 'card-in', card: event.card });
    } else if (event.type === 'card-out') {
      status.value = { ...status.value, card: null };
      cardError.value = null;
    } else {
      cardError.value = event.problem;
    }
  }

  function dispatch(action: FlowAction): void {
    const next = step(flow.value, action, { catalog: catalog.value, hasReader: hasReader.value });
    flow.value = next.state;
    if (action.type === 'home') {
      cardError.value = null;
      void refreshCatalog();
    }
    if (next.effect) void run(next.effect);
  }

  async function run(effect: FlowEffect): Promise<void> {
    const b = backend.value;
    if (!b) return;
    if (effect.kind === 'take') {
      const ack = await b.takeTicket(effect.input);
      dispatch(ack.ok ? { type: 'issued', ticket: ack.data } : { type: 'refused', problem: ack });
    } else if (effect.kind === 'reactivate') {
      const ack = await b.reactivate({ number: effect.number });
      dispatch(ack.ok ? { type: 'reactivated', result: ack.data } : { type: 'refused', problem: ack });
    } else {
      const ack = await b.checkIn(effect.input);
      dispatch(ack.ok ? { type: 'checked-in', result: ack.data } : { type: 'refused', problem: checkInProblem(ack) });
    }
  }

  async function reprint(): Promise<void> {
    const b = backend.value;
    if (!b || flow.value.busy) return;
    flow.value = { ...flow.value, busy: true };
    const ack = await b.reprint();
    dispatch(ack.ok ? { type: 'reprinted', ticket: ack.data } : { type: 'refused', problem: ack });
  }

  const mode = computed(() => backend.value?.mode ?? 'web');

  return { catalog, catalogProblem, status, flow, card, cardError, hasReader, hallReady, mode, start, stop, dispatch, reprint, refreshCatalog };
});

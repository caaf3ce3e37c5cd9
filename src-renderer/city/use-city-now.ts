import { computed, onBeforeUnmount, ref, type ComputedRef } from 'vue';
import { useCityStore } from './city-store';
import { cityNow } from './overview-model';

/** The city server's clock, moving every `everyMs` between overviews (this screen's own clock may drift). */
export function useCityNow(everyMs: number): ComputedRef<number> {
  const store = useCityStore();
  const tick = ref(Date.now());
  const timer = setInterval(() => (tick.value = Date.now()), everyMs);
  onBeforeUnmount(() => clearInterval(timer));
  return computed(() => (store.overview ? cityNow(store.overview.at, store.receivedAt, tick.value) : tick.value));
}

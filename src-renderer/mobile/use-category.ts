import { computed, type Ref } from 'vue';
import { useMobileStore } from './mobile-store';

/** A category of the hall with its queue and a matter's names, from the snapshot. */
export function useCategory(categoryId: Ref<string>, matterId: Ref<string | null> = computed(() => null)) {
  const mobile = useMobileStore();
  const category = computed(() => mobile.snapshot?.categories.find((c) => c.id === categoryId.value) ?? null);
  const queue = computed(() => mobile.snapshot?.queues.find((q) => q.categoryId === categoryId.value) ?? null);
  const matter = computed(() => category.value?.matters.find((m) => m.id === matterId.value) ?? null);
  return { category, queue, matter };
}

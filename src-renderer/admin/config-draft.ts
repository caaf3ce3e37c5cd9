import { ref, shallowRef, watch, type Ref } from 'vue';
import type { EditableHallConfig, FieldIssue } from '../../src-main/contracts';
import type { Refusal } from './admin-store';
import { useAdminStore } from './admin-store';
import { issueAt } from './config-forms';

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * One config form: a draft made from the live config (and made again whenever a new version arrives),
 * saved as whole sections; the server's field issues are shown next to the fields they name.
 */
export function useSectionDraft<T>(toForm: (c: EditableHallConfig) => T) {
  const store = useAdminStore();
  const draft = ref(copy(toForm(store.config!.config))) as Ref<T>;
  const issues = shallowRef<FieldIssue[] | null>(null);
  const status = shallowRef<'saved' | Refusal | null>(null);
  const saving = ref(false);

  function reset(): void {
    if (store.config) draft.value = copy(toForm(store.config.config));
    issues.value = null;
  }

  watch(() => store.config?.version, reset);

  async function save(changes: (d: T) => Record<string, unknown>): Promise<boolean> {
    saving.value = true;
    status.value = null;
    try {
      const refusal = await store.saveConfig(changes(copy(draft.value)));
      issues.value = refusal?.issues ?? null;
      status.value = refusal ?? 'saved';
      return refusal === null;
    } finally {
      saving.value = false;
    }
  }

  const at = (path: string) => issueAt(issues.value, path);
  return { draft, issues, status, saving, save, reset, at };
}

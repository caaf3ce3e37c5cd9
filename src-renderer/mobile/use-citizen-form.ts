import { computed, ref, watch } from 'vue';
import type { ErrorAck } from '../../src-main/contracts';
import { newRequestId } from '../shared/connection';
import type { CitizenForm, CitizenFormProblems, IdProblem } from './id-number';
import { citizenFormProblems, cleanCitizenForm } from './id-number';
import { useMobileStore } from './mobile-store';

/**
 * The citizen form of 取号 and 预约: checked here first, then by the hall (whose INVALID_ID_NUMBER lands
 * on the ID field), and one request id per attempt so a retry after a timeout cannot book twice.
 */
export function useCitizenForm() {
  const mobile = useMobileStore();
  const form = ref<CitizenForm>({ name: '', mobile: '', idNumber: '' });
  const attempted = ref(false);
  const hallIdProblem = ref<IdProblem | null>(null);
  let pending: { key: string; requestId: string } | null = null;

  watch(form, () => (hallIdProblem.value = null));

  const problems = computed<CitizenFormProblems>(() => {
    if (!attempted.value) return {};
    const local = citizenFormProblems(form.value, mobile.today);
    return hallIdProblem.value && !local.idNumber ? { ...local, idNumber: hallIdProblem.value } : local;
  });

  /** The cleaned form, or null (and the problems shown) when something is wrong. */
  function check(): CitizenForm | null {
    attempted.value = true;
    return Object.keys(problems.value).length > 0 ? null : cleanCitizenForm(form.value);
  }

  /** True when the hall's refusal belongs to a field and is now shown there. */
  function fieldRefusal(ack: ErrorAck): boolean {
    if (ack.code !== 'INVALID_ID_NUMBER') return false;
    hallIdProblem.value = ack.details?.problem === 'check-digit' ? 'check-digit' : 'chars';
    return true;
  }

  /** The same request (same form, same choice) retried after no answer keeps its id. */
  function requestIdFor(what: unknown): string {
    const key = JSON.stringify([what, cleanCitizenForm(form.value)]);
    if (!pending || pending.key !== key) pending = { key, requestId: newRequestId() };
    return pending.requestId;
  }

  function settled(ack: { ok: boolean; code?: string }): void {
    if (ack.ok || (ack.code !== 'TIMEOUT' && ack.code !== 'OFFLINE')) pending = null;
  }

  return { form, problems, check, fieldRefusal, requestIdFor, settled };
}

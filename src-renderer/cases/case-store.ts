import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Ack, CaseListView, RatingCaseView } from '../../src-main/contracts';
import { useAccountSession } from '../shared/account-session';
import type { HallConnection } from '../shared/connection';
import { newRequestId, OFFLINE_ACK } from '../shared/connection';
import { hallIdFromUrl } from '../shared/device-auth';
import { useHallStore } from '../shared/hall-store';
import type { ActionBody } from './case-actions';
import { requestIdFor, VERB_EVENTS } from './case-actions';
import type { CaseCounts, CaseFilter } from './case-model';
import { applyChanged, defaultFilter, listInput, mergeDetail, rememberStaff, sortCases } from './case-model';
import { connectionRole, sessions } from './session';

type CaseRequests = 'case:list' | 'case:get' | 'case:verify' | 'case:appeal' | 'case:answer' | 'case:decideAppeal' | 'case:review' | 'case:close';
/** One connection type for all three roles: the hall decides what each may send. */
type CaseConnection = HallConnection<'supervisor'>;

const TICK_MS = 30_000;
/** After a live change the header's counts are asked for again, once for a burst of changes. */
const RECOUNT_MS = 800;

function todayIn(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * The case board: the login (staff, supervisors, admins), the filtered list kept live by `case:changed`,
 * the case open in the panel, and the actions. Times are the hall's (the snapshot's serverTime).
 */
export const useCaseStore = defineStore('cases', () => {
  const hall = useHallStore();
  const hallId = hallIdFromUrl();
  const offsetMs = ref(0);
  const now = ref(Date.now());
  const timeZone = computed(() => hall.snapshot?.hall.timeZone ?? 'Asia/Shanghai');
  const filter = ref<CaseFilter>(defaultFilter(todayIn('Asia/Shanghai', Date.now())));
  const cases = shallowRef<RatingCaseView[]>([]);
  const counts = shallowRef<CaseCounts>({ open: 0, yellow: 0, red: 0, appealed: 0 });
  const more = ref(false);
  const loading = ref(false);
  const listError = shallowRef<{ code: string; message: string; messageEn: string } | null>(null);
  const loadedAt = ref<number | null>(null);
  const detail = shallowRef<RatingCaseView | null>(null);
  const detailError = shallowRef<{ code: string; message: string; messageEn: string } | null>(null);
  const staffSeen = shallowRef<ReadonlyMap<string, string | null>>(new Map());
  let conn: CaseConnection | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  let recount: ReturnType<typeof setTimeout> | undefined;
  let listGeneration = 0;
  let lastSend: { id: string; form: string } | null = null;
  let lastCode: string | null = null;

  const serverNow = () => Date.now() + offsetMs.value;

  function request<T>(event: CaseRequests, payload: object): Promise<Ack<T>> {
    if (!conn) return Promise.resolve(OFFLINE_ACK);
    return conn.request(event as 'case:list', payload as never) as unknown as Promise<Ack<T>>;
  }

  function connect(): void {
    if (!session.value) return;
    const c = hall.connect(connectionRole(session.value.role), { hallId, token: session.value.token }) as unknown as CaseConnection;
    conn = c;
    let first = true;
    c.socket.on('hall:snapshot', (s) => {
      offsetMs.value = s.serverTime - Date.now();
      now.value = serverNow();
      if (first) {
        first = false;
        filter.value = { ...filter.value, ...rangeFor(todayIn(s.hall.timeZone, s.serverTime)) };
      }
    });
    // After every (re)connection: what happened meanwhile is only in a fresh list.
    c.socket.on('connect', () => {
      void load();
      if (detail.value) void open(detail.value.id);
    });
    c.socket.on('case:changed', (v) => onChanged(v));
    clearInterval(timer);
    timer = setInterval(() => (now.value = serverNow()), TICK_MS);
  }

  function rangeFor(today: string): Pick<CaseFilter, 'from' | 'to'> {
    const d = defaultFilter(today);
    return { from: d.from, to: d.to };
  }

  const { session, authError, signIn, endSession } = useAccountSession(sessions, hallId, {
    connect,
    reset() {
      conn = null;
      clearInterval(timer);
      clearTimeout(recount);
      cases.value = [];
      detail.value = null;
      detailError.value = null;
      listError.value = null;
      loadedAt.value = null;
      staffSeen.value = new Map();
    },
  });

  const canSupervise = computed(() => session.value?.role === 'supervisor' || session.value?.role === 'admin');

  async function signOut(): Promise<void> {
    if (session.value) await sessions.logout(session.value);
    endSession(null);
  }

  /** Asks for the list the filter describes; an answer to an older filter is dropped. */
  async function load(): Promise<void> {
    const generation = ++listGeneration;
    loading.value = true;
    const ack = await request<CaseListView>('case:list', listInput(filter.value));
    if (generation !== listGeneration) return;
    loading.value = false;
    if (!ack.ok) {
      listError.value = ack;
      return;
    }
    listError.value = null;
    now.value = serverNow();
    cases.value = sortCases(ack.data.cases, now.value);
    counts.value = ack.data.counts;
    more.value = ack.data.more;
    loadedAt.value = now.value;
    staffSeen.value = rememberStaff(staffSeen.value, ack.data.cases);
  }

  function setFilter(next: Partial<CaseFilter>): void {
    filter.value = { ...filter.value, ...next };
    void load();
  }

  function resetFilter(): void {
    filter.value = defaultFilter(todayIn(timeZone.value, serverNow()));
    void load();
  }

  function onChanged(v: RatingCaseView): void {
    now.value = serverNow();
    cases.value = applyChanged(cases.value, v, filter.value, now.value);
    staffSeen.value = rememberStaff(staffSeen.value, [v]);
    if (detail.value?.id === v.id) detail.value = mergeDetail(detail.value, v);
    loadedAt.value = now.value;
    clearTimeout(recount);
    recount = setTimeout(() => void recountOnly(), RECOUNT_MS);
  }

  /** The header's counts, without replacing the list the user is reading. */
  async function recountOnly(): Promise<void> {
    const ack = await request<CaseListView>('case:list', { state: 'open', limit: 1 });
    if (ack.ok) counts.value = ack.data.counts;
  }

  /** Opens a case in the panel (case:get: with the full mobile for those who call back). */
  async function open(caseId: string): Promise<void> {
    detailError.value = null;
    const listed = cases.value.find((c) => c.id === caseId);
    if (listed && detail.value?.id !== caseId) detail.value = listed;
    const ack = await request<RatingCaseView>('case:get', { caseId });
    if (ack.ok) detail.value = mergeDetail(detail.value?.id === caseId ? detail.value : null, ack.data);
    else detailError.value = ack;
  }

  function closeDetail(): void {
    detail.value = null;
    detailError.value = null;
  }

  /** Sends one action of the open case; a retry of the same form after a timeout reuses its request id. */
  async function act(caseId: string, action: ActionBody): Promise<Ack<RatingCaseView>> {
    const form = JSON.stringify([caseId, action]);
    lastSend = requestIdFor(lastSend, form, lastCode, newRequestId);
    const ack = await request<RatingCaseView>(VERB_EVENTS[action.verb], { requestId: lastSend.id, caseId, ...action.body });
    lastCode = ack.ok ? null : ack.code;
    if (ack.ok) {
      detail.value = mergeDetail(detail.value, ack.data);
      onChanged(ack.data);
    }
    return ack;
  }

  const isMine = (c: RatingCaseView) => c.staffId === session.value?.username;

  return {
    hallId, session, authError, canSupervise, timeZone, now, filter, cases, counts, more, loading, listError, loadedAt, detail, detailError, staffSeen,
    connect, signIn, signOut, load, setFilter, resetFilter, open, closeDetail, act, isMine,
  };
});

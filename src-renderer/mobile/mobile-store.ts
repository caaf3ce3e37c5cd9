import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { MobileClientEvents, MobileSettings } from '../../src-main/contracts';
import type { AckData, HallConnection, RequestPayload } from '../shared/connection';
import { OFFLINE_ACK } from '../shared/connection';
import { applySnapshot } from '../shared/hall-state';
import { useHallStore } from '../shared/hall-store';
import { dayIn } from './format';
import type { MyItem } from './my-items';
import { forgetItem, loadMine, pruneMine, rememberItem, saveMine } from './my-items';
import type { Route } from './router';
import { chooseHallId, parseRoute, routeHref } from './router';

const HALL_KEY = 'hall.mobile.hall';
const DEFAULT_SETTINGS: MobileSettings = { turnNearAhead: 3, reactivationGraceMinutes: 30, remoteNeedsCheckIn: false };
/** Queue lengths on the first page go stale: phones get no queue broadcasts, so they ask again this often. */
const SNAPSHOT_REFRESH_MS = 20_000;

type MobileEvent = keyof MobileClientEvents & string;

/**
 * The phone page: which hall, the one connection to it (as an anonymous phone), the route, the server's
 * clock, and the phone's own tickets and bookings. Pages read it and request through it.
 */
export const useMobileStore = defineStore('mobile', () => {
  const hall = useHallStore();
  const route = shallowRef<Route>(parseRoute(window.location.pathname, window.location.search));
  const hallId = ref<string | null>(null);
  const hallMissing = ref(false);
  const everConnected = ref(false);
  const connection = shallowRef<HallConnection<'mobile'> | null>(null);
  const mine = ref<MyItem[]>(loadMine(localStorage));
  const clockOffset = ref(0);
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;

  const snapshot = computed(() => hall.snapshot);
  const connected = computed(() => hall.connected);
  const timeZone = computed(() => snapshot.value?.hall.timeZone ?? 'Asia/Shanghai');
  const settings = computed(() => snapshot.value?.mobile ?? DEFAULT_SETTINGS);
  const today = computed(() => snapshot.value?.serviceDay ?? dayIn(now.value, timeZone.value));

  async function start(): Promise<void> {
    window.addEventListener('popstate', () => (route.value = parseRoute(window.location.pathname, window.location.search)));
    const id = await resolveHall();
    if (!id) {
      hallMissing.value = true;
      return;
    }
    hallId.value = id;
    connection.value = hall.connect('mobile', { hallId: id, role: 'mobile' });
    connection.value.socket.on('connect', () => (everConnected.value = true));
    watch(snapshot, (s) => {
      if (!s) return;
      clockOffset.value = s.serverTime - Date.now();
      now.value = s.serverTime;
      mine.value = pruneMine(mine.value, today.value);
      saveMine(localStorage, mine.value);
    });
    timer = setInterval(() => (now.value = Date.now() + clockOffset.value), 15_000);
  }

  function stop(): void {
    clearInterval(timer);
    connection.value?.close();
  }

  async function resolveHall(): Promise<string | null> {
    const param = new URLSearchParams(window.location.search).get('hall');
    let id = chooseHallId(param, localStorage.getItem(HALL_KEY), null);
    if (!id) {
      try {
        const res = await fetch('/api/halls');
        const body = (await res.json()) as { ok: boolean; data?: Array<{ id: string }> };
        id = chooseHallId(null, null, body.data ?? []);
      } catch {
        id = null;
      }
    }
    if (id) localStorage.setItem(HALL_KEY, id);
    return id;
  }

  /** The hall's time now (the phone's clock may be off). */
  function serverNow(): number {
    return Date.now() + clockOffset.value;
  }

  function go(next: Route, replace = false): void {
    const depth = (window.history.state as { depth?: number } | null)?.depth ?? 0;
    const href = routeHref(next, window.location.search);
    if (replace) window.history.replaceState({ depth }, '', href);
    else window.history.pushState({ depth: depth + 1 }, '', href);
    route.value = next;
    window.scrollTo(0, 0);
  }

  /** Back within the app; a page opened straight from a link (a QR code) goes back to the first page. */
  function back(): void {
    const depth = (window.history.state as { depth?: number } | null)?.depth ?? 0;
    if (depth > 0) window.history.back();
    else go({ name: 'home' }, true);
  }

  function request<E extends MobileEvent>(event: E, payload: RequestPayload<'mobile', E>): Promise<AckData<'mobile', E>> {
    const c = connection.value;
    return c ? c.request(event, payload) : Promise.resolve(OFFLINE_ACK as AckData<'mobile', E>);
  }

  /** Runs now if connected and again after every reconnection (the hall forgets a phone's watches). */
  function onConnect(fn: () => void): () => void {
    const c = connection.value;
    if (!c) return () => {};
    c.socket.on('connect', fn);
    if (c.socket.connected) fn();
    return () => c.socket.off('connect', fn);
  }

  async function refreshSnapshot(): Promise<void> {
    const ack = await request('hall:snapshot', undefined);
    if (ack.ok) hall.state = applySnapshot(hall.state, ack.data);
  }

  /** While `active()` holds and the page is visible, the snapshot is asked for again now and then. */
  function keepSnapshotFresh(active: () => boolean): () => void {
    const t = setInterval(() => {
      if (active() && document.visibilityState === 'visible') void refreshSnapshot();
    }, SNAPSHOT_REFRESH_MS);
    return () => clearInterval(t);
  }

  function remember(item: MyItem): void {
    mine.value = rememberItem(mine.value, item);
    saveMine(localStorage, mine.value);
  }

  function forget(token: string): void {
    mine.value = forgetItem(mine.value, token);
    saveMine(localStorage, mine.value);
  }

  return {
    route,
    hallId,
    hallMissing,
    everConnected,
    connection,
    connected,
    snapshot,
    timeZone,
    settings,
    today,
    now,
    mine,
    start,
    stop,
    serverNow,
    go,
    back,
    request,
    onConnect,
    refreshSnapshot,
    keepSnapshotFresh,
    remember,
    forget,
  };
});

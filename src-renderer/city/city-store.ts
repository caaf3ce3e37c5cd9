import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { ref, shallowRef } from 'vue';
import type { CityAck, CityClientToServer, CityFloorView, CityOverview, CityReport, CityServerToClient } from '../../src-main/contracts';
import { acceptFloor } from './city-floor';
import type { CitySession, Failure, HttpResult } from './city-session';
import { clearSession, getJson, loadSession, login, logout, saveSession } from './city-session';
import { acceptOverview } from './overview-model';

export type Tab = 'overview' | 'stats';
type CitySocket = Socket<CityServerToClient, CityClientToServer>;

const TIMEOUT: Failure = { code: 'TIMEOUT', message: '城市平台未响应，请稍后重试', messageEn: 'The city platform did not answer; try again' };
const OFFLINE: Failure = { code: 'OFFLINE', message: '与城市平台的连接已断开', messageEn: 'Not connected to the city platform' };
/** Handshake refusals that mean the token is no good: back to the login. */
const SESSION_CODES = new Set(['SESSION_INVALID', 'SESSION_ENDED', 'AUTH_INVALID', 'UNAUTHORIZED', 'FORBIDDEN']);

/**
 * The city page: the login, one socket.io connection to the `/city` namespace, the overview it pushes, the
 * hall drilled into, and the statistics over HTTP. A reconnection asks for the overview (and the watched
 * hall's floor) again, so nothing shown is older than the last connection.
 */
export const useCityStore = defineStore('city', () => {
  const session = shallowRef<CitySession | null>(loadSession(sessionStorage));
  const authError = shallowRef<Failure | null>(null);
  const connected = ref(false);
  /** Why the last connection attempt failed, for the banner. */
  const connectError = shallowRef<Failure | null>(null);
  const overview = shallowRef<CityOverview | null>(null);
  /** When the overview arrived (local clock), to tell the city server's time from it. */
  const receivedAt = ref(Date.now());
  const tab = ref<Tab>('overview');
  /** The hall drilled into (null: the overview). */
  const watching = ref<string | null>(null);
  const floor = shallowRef<CityFloorView | null>(null);
  const floorReceivedAt = ref(Date.now());
  const floorError = shallowRef<Failure | null>(null);
  /** The hall last drilled into: the overview puts the keyboard back on its row. */
  const returnTo = ref<string | null>(null);
  let socket: CitySocket | null = null;

  function setOverview(o: CityOverview): void {
    if (!acceptOverview(overview.value, o)) return;
    overview.value = o;
    receivedAt.value = Date.now();
  }

  function setFloor(f: CityFloorView): void {
    if (!acceptFloor(watching.value, floor.value, f)) return;
    floor.value = f;
    floorReceivedAt.value = Date.now();
    floorError.value = null;
  }

  async function ask<T>(send: (s: CitySocket) => Promise<CityAck<T>>): Promise<CityAck<T>> {
    if (!socket?.connected) return { ok: false, error: OFFLINE };
    try {
      return await send(socket);
    } catch {
      return { ok: false, error: TIMEOUT };
    }
  }

  async function refreshOverview(): Promise<void> {
    const ack = await ask<CityOverview>((s) => s.timeout(8000).emitWithAck('city:overview', {}));
    if (ack.ok) setOverview(ack.data);
  }

  /** Drills into a hall: its floor now, then `city:floor` pushes while it is watched. */
  async function watch(hallId: string): Promise<void> {
    if (watching.value !== hallId) floor.value = null;
    watching.value = hallId;
    floorError.value = null;
    const ack = await ask<CityFloorView | null>((s) => s.timeout(8000).emitWithAck('city:watch', { hallId }));
    if (watching.value !== hallId) return;
    if (!ack.ok) floorError.value = ack.error;
    else if (ack.data) setFloor(ack.data);
  }

  /** Back to the overview; the server stops sending the hall's floor. */
  function unwatch(): void {
    if (watching.value === null) return;
    returnTo.value = watching.value;
    watching.value = null;
    floor.value = null;
    floorError.value = null;
    if (socket?.connected) void ask((s) => s.timeout(8000).emitWithAck('city:watch', { hallId: null }));
  }

  function connect(): void {
    const current = session.value;
    if (!current) return;
    socket?.close();
    const s: CitySocket = io('/city', { auth: { token: current.token }, transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 5000 });
    socket = s;
    s.on('connect', () => {
      connected.value = true;
      connectError.value = null;
      void refreshOverview();
      if (watching.value !== null) void watch(watching.value);
    });
    s.on('disconnect', () => (connected.value = false));
    s.on('connect_error', (err: Error & { data?: Partial<Failure> }) => {
      if (socket !== s) return;
      connected.value = false;
      const data = err.data;
      if (data?.code && SESSION_CODES.has(data.code)) {
        endSession({ code: data.code, message: data.message ?? '登录已失效，请重新登录', messageEn: data.messageEn ?? 'Session expired or unknown; log in again' });
        return;
      }
      connectError.value = data?.code
        ? { code: data.code, message: data.message ?? data.code, messageEn: data.messageEn ?? data.code }
        : { code: 'CONNECT_FAILED', message: '无法连接城市平台', messageEn: `Cannot reach the city platform (${err.message})` };
    });
    s.on('city:overview', setOverview);
    s.on('city:floor', setFloor);
    // The server ended this session (logout elsewhere, account changed, expired): back to the login, which
    // says why in Chinese and in English.
    s.on('session:ended', (notice) => {
      if (socket === s) endSession({ code: notice.code, message: notice.message, messageEn: notice.messageEn });
    });
  }

  /** Back to the login: the session forgotten, the connection closed, nothing of the city kept. */
  function endSession(reason: Failure | null): void {
    clearSession(sessionStorage);
    const s = socket;
    socket = null;
    s?.close();
    session.value = null;
    authError.value = reason;
    connected.value = false;
    connectError.value = null;
    overview.value = null;
    watching.value = null;
    floor.value = null;
    floorError.value = null;
    tab.value = 'overview';
  }

  async function signIn(username: string, password: string): Promise<boolean> {
    authError.value = null;
    const result = await login(username, password);
    if (!result.ok) {
      authError.value = result;
      return false;
    }
    saveSession(sessionStorage, result.session);
    session.value = result.session;
    connect();
    return true;
  }

  async function signOut(): Promise<void> {
    if (session.value) await logout(session.value);
    endSession(null);
  }

  async function statistics(from: string, to: string): Promise<HttpResult<CityReport>> {
    const result = await getJson<CityReport>(`/api/city/statistics?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, session.value?.token ?? '');
    if (!result.ok && result.code === 'SESSION_INVALID') endSession(result);
    return result;
  }

  function openTab(t: Tab): void {
    if (t !== 'overview') unwatch();
    tab.value = t;
  }

  return {
    session, authError, connected, connectError, overview, receivedAt, tab, watching, floor, floorReceivedAt, floorError, returnTo,
    connect, signIn, signOut, endSession, refreshOverview, watch, unwatch, statistics, openTab,
  };
});

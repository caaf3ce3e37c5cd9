import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Ack, AdminConfigView, AlertView, FieldIssue, ServerLoadView } from '../../src-main/contracts';
import type { HallConnection } from '../shared/connection';
import { newRequestId, OFFLINE_ACK } from '../shared/connection';
import { hallIdFromUrl } from '../shared/device-auth';
import { applySnapshot } from '../shared/hall-state';
import { useHallStore } from '../shared/hall-store';
import { applyAlert, sortAlerts } from './floor-model';
import type { HttpResult } from './http-api';
import { download, getJson, postText } from './http-api';
import type { Failure } from './session';
import { logout, sessions } from './session';
import { useAccountSession } from '../shared/account-session';

export type Tab = 'floor' | 'stats' | 'audit' | 'config';
export type Refusal = Failure & { issues?: FieldIssue[] | undefined };

/**
 * The admin and supervision pages: the login, the live hall (shared hall store), alerts, and for admins
 * the live config. Every change goes to the server, which answers with the new config or names what is wrong.
 */
export const useAdminStore = defineStore('admin', () => {
  const hall = useHallStore();
  const hallId = hallIdFromUrl();
  const alerts = shallowRef<AlertView[]>([]);
  /** The server's load: the floor view warns while it is overloaded. */
  const serverLoad = shallowRef<ServerLoadView | null>(null);
  const config = shallowRef<AdminConfigView | null>(null);
  /** When the last snapshot arrived (local clock), to tell the server's time from it. */
  const receivedAt = ref(Date.now());
  const tab = ref<Tab>('floor');
  let conn: HallConnection<'admin'> | null = null;

  const isAdmin = computed(() => session.value?.role === 'admin');

  function connect(): void {
    if (!session.value) return;
    const c = hall.connect(session.value.role, { hallId, token: session.value.token }) as unknown as HallConnection<'admin'>;
    conn = c;
    c.socket.on('hall:snapshot', (s) => {
      receivedAt.value = Date.now();
      alerts.value = sortAlerts(s.alerts ?? []);
      serverLoad.value = s.serverLoad ?? null;
      // Another admin's change (or this one's) comes with a fresh snapshot: the forms follow it.
      if (isAdmin.value) void loadConfig();
    });
    c.socket.on('alert:changed', (a) => (alerts.value = applyAlert(alerts.value, a)));
    c.socket.on('server:load', (l) => (serverLoad.value = l));
  }

  const { session, authError, signIn, endSession } = useAccountSession(sessions, hallId, {
    connect,
    reset() {
      conn = null;
      alerts.value = [];
      serverLoad.value = null;
      config.value = null;
      tab.value = 'floor';
    },
  });

  async function signOut(): Promise<void> {
    if (session.value) await logout(session.value);
    endSession(null);
  }

  /** Sends an event (with a fresh request id when it changes something) and returns the acknowledgement. */
  async function send<T>(event: string, payload?: Record<string, unknown>, mutating = true): Promise<Ack<T>> {
    if (!conn) return OFFLINE_ACK;
    const body = mutating ? { requestId: newRequestId(), ...payload } : payload;
    return (await conn.request(event as 'config:get', body as never)) as unknown as Ack<T>;
  }

  /** A fresh snapshot on request: the floor view resyncs the server's clock with it now and then. */
  async function refresh(): Promise<void> {
    if (!conn) return;
    const ack = await conn.request('hall:snapshot');
    if (!ack.ok || ack.data.seq < hall.state.seq) return;
    hall.state = applySnapshot(hall.state, ack.data);
    receivedAt.value = Date.now();
    alerts.value = sortAlerts(ack.data.alerts ?? []);
  }

  async function loadConfig(): Promise<void> {
    const ack = await send<AdminConfigView>('config:get', undefined, false);
    if (ack.ok) config.value = ack.data;
  }

  /** Replaces whole sections of the config; resolves with the refusal (and its field issues) or null. */
  async function saveConfig(changes: Record<string, unknown>): Promise<Refusal | null> {
    // The hall takes at most 16 KiB per event (src-main/hall/event-handler.ts, MAX_PAYLOAD_BYTES) and closes a
    // connection that sends more: a section that big (some 180 windows) goes in a config file, over HTTP.
    if (new TextEncoder().encode(JSON.stringify({ requestId: 'x'.repeat(24), changes })).length > 16 * 1024) {
      return {
        code: 'PAYLOAD_TOO_LARGE',
        message: '这部分配置超过 16 KiB，无法在此保存：请导出配置文件，修改后再导入',
        messageEn: 'This section is over 16 KiB and cannot be saved here: export the config file, edit it and import it',
      };
    }
    const ack = await send<AdminConfigView>('config:update', { changes });
    if (!ack.ok) return ack;
    config.value = ack.data;
    return null;
  }

  async function adminAction<T>(event: string, payload: Record<string, unknown>): Promise<Ack<T>> {
    const ack = await send<T>(event, payload);
    if (ack.ok) await loadConfig();
    return ack;
  }

  async function acknowledge(alertId: number, note: string): Promise<Ack<AlertView>> {
    const ack = await send<AlertView>('alert:ack', { alertId, note });
    if (ack.ok) alerts.value = applyAlert(alerts.value, ack.data);
    return ack;
  }

  const base = computed(() => `/api/halls/${encodeURIComponent(hallId)}`);

  function statistics<T>(from: string, to: string): Promise<HttpResult<T>> {
    return getJson<T>(`${base.value}/statistics?from=${from}&to=${to}`, session.value?.token ?? '');
  }

  function exportStatistics(format: 'csv' | 'xlsx', from: string, to: string, lang: 'zh' | 'en'): Promise<HttpResult<string>> {
    return download(`${base.value}/statistics.${format}?from=${from}&to=${to}&lang=${lang}`, session.value?.token ?? '', `statistics.${format}`);
  }

  function exportConfig(format: 'yaml' | 'json'): Promise<HttpResult<string>> {
    return download(`${base.value}/config/export?format=${format}`, session.value?.token ?? '', `hall-config.${format}`);
  }

  async function importConfig(text: string, fileName: string): Promise<HttpResult<AdminConfigView>> {
    const result = await postText<AdminConfigView>(`${base.value}/config/import`, session.value?.token ?? '', text, fileName.endsWith('.json') ? 'application/json' : 'application/yaml');
    if (result.ok) config.value = result.data;
    return result;
  }

  return {
    hallId, session, authError, alerts, serverLoad, config, receivedAt, tab, isAdmin,
    connect, signIn, signOut, send, refresh, loadConfig, saveConfig, adminAction, acknowledge, statistics, exportStatistics, exportConfig, importConfig,
  };
});

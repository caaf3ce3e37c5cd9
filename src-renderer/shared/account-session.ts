import { shallowRef, watch, type ShallowRef } from 'vue';
import { emptyHallState } from './hall-state';
import { useHallStore } from './hall-store';

// A staff, supervisor or admin login lives in sessionStorage: it survives a reload of the page but not
// closing the browser at the end of the day, and it is never shared with another tab's login. Each page
// says which account roles may use it.

export interface AccountSession<Role extends string = string> {
  hallId: string;
  token: string;
  username: string;
  displayName: string;
  role: Role;
  expiresAt: number;
}

export interface Failure {
  code: string;
  message: string;
  messageEn: string;
}

const UNREACHABLE: Failure = { code: 'OFFLINE', message: '无法连接服务器，请检查网络', messageEn: 'Cannot reach the hall server; check the network' };

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export function accountSessions<Role extends string>(storageKey: string, roles: readonly Role[], wrongRole: Failure) {
  const allowed = (role: unknown): role is Role => roles.includes(role as Role);

  function loadSession(storage: Storage, hallId: string, now = Date.now()): AccountSession<Role> | null {
    try {
      const s = JSON.parse(storage.getItem(storageKey) ?? 'null') as AccountSession<Role> | null;
      if (!s || s.hallId !== hallId || typeof s.token !== 'string' || s.expiresAt <= now || !allowed(s.role)) return null;
      return s;
    } catch {
      return null;
    }
  }

  function saveSession(storage: Storage, s: AccountSession<Role>): void {
    storage.setItem(storageKey, JSON.stringify(s));
  }

  function clearSession(storage: Storage): void {
    storage.removeItem(storageKey);
  }

  /** Ends the session on the server; a network failure still ends it here (the token expires by itself). */
  async function logout(session: AccountSession | { hallId: string; token: string }, fetchFn: Fetch = fetch): Promise<void> {
    try {
      await fetchFn(`/api/halls/${encodeURIComponent(session.hallId)}/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
    } catch {
      // Nothing else to do.
    }
  }

  /** POST /api/halls/:hallId/login; an account of another role is logged out again and refused. */
  async function login(hallId: string, username: string, password: string, fetchFn: Fetch = fetch): Promise<{ ok: true; session: AccountSession<Role> } | ({ ok: false } & Failure)> {
    let body: { ok: boolean; data?: Omit<AccountSession, 'hallId'>; code?: string; message?: string; messageEn?: string };
    try {
      const res = await fetchFn(`/api/halls/${encodeURIComponent(hallId)}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      body = (await res.json()) as typeof body;
    } catch {
      return { ok: false, ...UNREACHABLE };
    }
    if (!body.ok || !body.data) return { ok: false, code: body.code ?? 'LOGIN_FAILED', message: body.message ?? '登录失败', messageEn: body.messageEn ?? 'Login failed' };
    const { role } = body.data;
    if (!allowed(role)) {
      await logout({ hallId, token: body.data.token }, fetchFn);
      return { ok: false, ...wrongRole };
    }
    return { ok: true, session: { hallId, ...body.data, role } };
  }

  return { loadSession, saveSession, clearSession, login, logout };
}

export interface AccountSessionState<Role extends string> {
  session: ShallowRef<AccountSession<Role> | null>;
  authError: ShallowRef<Failure | null>;
  signIn(username: string, password: string): Promise<boolean>;
  /** Back to the login: the session is forgotten, the connection closed, the hall picture emptied. */
  endSession(reason: Failure | null): void;
}

/**
 * The sign-in and sign-out every account page shares, around the shared hall store. `connect` opens the
 * page's connection once signed in; `reset` clears what the page itself keeps. A session the server no
 * longer knows (expired, logged out elsewhere) sends the page back to its login.
 */
export function useAccountSession<Role extends string>(
  kit: ReturnType<typeof accountSessions<Role>>,
  hallId: string,
  page: { connect(): void; reset(): void },
): AccountSessionState<Role> {
  const hall = useHallStore();
  const session = shallowRef<AccountSession<Role> | null>(kit.loadSession(sessionStorage, hallId));
  const authError = shallowRef<Failure | null>(null);

  function endSession(reason: Failure | null): void {
    kit.clearSession(sessionStorage);
    session.value = null;
    authError.value = reason;
    hall.connection?.close();
    hall.state = emptyHallState();
    page.reset();
  }

  watch(
    () => hall.lastError,
    (err) => {
      if (err?.code === 'SESSION_INVALID') endSession(err);
    },
  );

  // The server ended this session (logout elsewhere, password reset, role change, disabled account,
  // 12 hours): back to the login, which shows why, in Chinese and then in English.
  watch(
    () => hall.connection,
    (c) => {
      c?.socket.on('session:ended', (notice) => {
        if (hall.connection === c) endSession({ code: notice.code, message: notice.message, messageEn: notice.messageEn });
      });
    },
    { immediate: true },
  );

  async function signIn(username: string, password: string): Promise<boolean> {
    authError.value = null;
    const result = await kit.login(hallId, username, password);
    if (!result.ok) {
      authError.value = result;
      return false;
    }
    kit.saveSession(sessionStorage, result.session);
    session.value = result.session;
    page.connect();
    return true;
  }

  return { session, authError, signIn, endSession };
}

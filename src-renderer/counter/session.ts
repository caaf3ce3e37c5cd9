// A staff login lives in sessionStorage: it survives a reload of the console but not closing the browser
// at the end of the day, and it is never shared with another tab's login.

export interface StaffSession {
  hallId: string;
  token: string;
  username: string;
  displayName: string;
  role: string;
  expiresAt: number;
}

export interface Failure {
  code: string;
  message: string;
  messageEn: string;
}

const KEY = 'hall.counter.session';

export function loadSession(storage: Storage, hallId: string, now = Date.now()): StaffSession | null {
  try {
    const s = JSON.parse(storage.getItem(KEY) ?? 'null') as StaffSession | null;
    if (!s || s.hallId !== hallId || typeof s.token !== 'string' || s.expiresAt <= now) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(storage: Storage, s: StaffSession): void {
  storage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(storage: Storage): void {
  storage.removeItem(KEY);
}

export const NOT_STAFF: Failure = {
  code: 'NOT_STAFF',
  message: '该账号不是窗口工作人员账号，请使用管理页面',
  messageEn: 'This account is not a window staff account; use the admin pages',
};

const UNREACHABLE: Failure = { code: 'OFFLINE', message: '无法连接服务器，请检查网络', messageEn: 'Cannot reach the hall server; check the network' };

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** POST /api/halls/:hallId/login; only staff accounts may use the console. */
export async function login(hallId: string, username: string, password: string, fetchFn: Fetch = fetch): Promise<{ ok: true; session: StaffSession } | ({ ok: false } & Failure)> {
  let body: { ok: boolean; data?: Omit<StaffSession, 'hallId'>; code?: string; message?: string; messageEn?: string };
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
  if (!body.ok || !body.data) {
    return { ok: false, code: body.code ?? 'LOGIN_FAILED', message: body.message ?? '登录失败', messageEn: body.messageEn ?? 'Login failed' };
  }
  const session: StaffSession = { hallId, ...body.data };
  if (session.role !== 'staff') {
    await logout(session, fetchFn);
    return { ok: false, ...NOT_STAFF };
  }
  return { ok: true, session };
}

/** Ends the session on the server; a network failure still ends it here. */
export async function logout(session: StaffSession, fetchFn: Fetch = fetch): Promise<void> {
  try {
    await fetchFn(`/api/halls/${encodeURIComponent(session.hallId)}/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
  } catch {
    // The token expires by itself; nothing else to do.
  }
}

// An admin or supervisor login lives in sessionStorage (survives a reload, not closing the browser).

export interface AdminSession {
  hallId: string;
  token: string;
  username: string;
  displayName: string;
  role: 'supervisor' | 'admin';
  expiresAt: number;
}

export interface Failure {
  code: string;
  message: string;
  messageEn: string;
}

const KEY = 'hall.admin.session';

export function loadSession(storage: Storage, hallId: string, now = Date.now()): AdminSession | null {
  try {
    const s = JSON.parse(storage.getItem(KEY) ?? 'null') as AdminSession | null;
    if (!s || s.hallId !== hallId || typeof s.token !== 'string' || s.expiresAt <= now || (s.role !== 'admin' && s.role !== 'supervisor')) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(storage: Storage, s: AdminSession): void {
  storage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(storage: Storage): void {
  storage.removeItem(KEY);
}

export const NOT_ADMIN: Failure = {
  code: 'NOT_ADMIN',
  message: '该账号不是管理员或监察员账号，请使用窗口叫号台',
  messageEn: 'This account is neither an admin nor a supervisor; use the counter console',
};

const UNREACHABLE: Failure = { code: 'OFFLINE', message: '无法连接服务器，请检查网络', messageEn: 'Cannot reach the hall server; check the network' };

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** POST /api/halls/:hallId/login; only admin and supervisor accounts may use these pages. */
export async function login(hallId: string, username: string, password: string, fetchFn: Fetch = fetch): Promise<{ ok: true; session: AdminSession } | ({ ok: false } & Failure)> {
  let body: { ok: boolean; data?: Omit<AdminSession, 'hallId'> & { role: string }; code?: string; message?: string; messageEn?: string };
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
  if (body.data.role !== 'admin' && body.data.role !== 'supervisor') {
    await logout({ hallId, token: body.data.token }, fetchFn);
    return { ok: false, ...NOT_ADMIN };
  }
  return { ok: true, session: { hallId, ...body.data, role: body.data.role } };
}

export async function logout(session: { hallId: string; token: string }, fetchFn: Fetch = fetch): Promise<void> {
  try {
    await fetchFn(`/api/halls/${encodeURIComponent(session.hallId)}/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
  } catch {
    // The token expires by itself.
  }
}

import type { CityAccountView, CityLoginAnswer } from '../../src-main/contracts';

// The city page's login: POST /api/city/login, the answer kept in sessionStorage (it survives a reload,
// not closing the browser, and is never shared with another tab), the token sent as a bearer token on
// HTTP and as the socket's auth. Fetch and storage are passed in, so this is tested without a browser.

export interface CitySession {
  token: string;
  cityId: string;
  account: CityAccountView;
  /** When the server ends the session by itself (its login answer says so); a reload after it starts at the login. */
  expiresAt?: number | undefined;
}

export interface Failure {
  code: string;
  message: string;
  messageEn: string;
}

export type HttpResult<T> = { ok: true; data: T } | ({ ok: false } & Failure);

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

const KEY = 'hall.city.session';

export const UNREACHABLE: Failure = { code: 'OFFLINE', message: '无法连接城市平台，请检查网络', messageEn: 'Cannot reach the city platform; check the network' };

const ROLES = new Set(['supervisor', 'admin']);

function isSession(s: unknown): s is CitySession {
  if (!s || typeof s !== 'object') return false;
  const v = s as Partial<CitySession>;
  return typeof v.token === 'string' && v.token.length > 0 && typeof v.cityId === 'string' && !!v.account && typeof v.account.username === 'string' && ROLES.has(v.account.role);
}

export function loadSession(storage: Storage, now = Date.now()): CitySession | null {
  try {
    const s: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    return isSession(s) && !(typeof s.expiresAt === 'number' && s.expiresAt <= now) ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(storage: Storage, s: CitySession): void {
  storage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(storage: Storage): void {
  storage.removeItem(KEY);
}

/**
 * A refusal from the server's answer body, whichever of the two shapes it uses ({ ok: false, code, message,
 * messageEn } like the hall's routes, or { error: { code, message, messageEn } } like the link's), or one
 * made from the status when the body says nothing.
 */
export function failureOf(status: number, body: unknown): Failure {
  const b = (body && typeof body === 'object' ? body : {}) as Partial<Failure> & { error?: Partial<Failure> };
  const e = b.error && typeof b.error === 'object' ? b.error : b;
  return {
    code: typeof e.code === 'string' ? e.code : `HTTP_${status}`,
    message: typeof e.message === 'string' ? e.message : `请求失败（${status}）`,
    messageEn: typeof e.messageEn === 'string' ? e.messageEn : `Request failed (${status})`,
  };
}

/** The answer's data: { ok: true, data } (the hall's routes), { data }, or the bare value. */
function dataOf<T>(body: unknown): T {
  if (body && typeof body === 'object' && 'data' in body) return (body as { data: T }).data;
  return body as T;
}

async function readBody(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

async function request<T>(url: string, init: RequestInit, fetchFn: Fetch): Promise<HttpResult<T>> {
  let res: Response;
  try {
    res = await fetchFn(url, init);
  } catch {
    return { ok: false, ...UNREACHABLE };
  }
  const body = await readBody(res);
  if (!res.ok || (body && typeof body === 'object' && (body as { ok?: unknown }).ok === false)) return { ok: false, ...failureOf(res.status, body) };
  return { ok: true, data: dataOf<T>(body) };
}

/** POST /api/city/login; the answer becomes the session. */
export async function login(username: string, password: string, fetchFn: Fetch = fetch): Promise<{ ok: true; session: CitySession } | ({ ok: false } & Failure)> {
  const result = await request<CityLoginAnswer & { expiresAt?: number }>('/api/city/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }, fetchFn);
  if (!result.ok) return result;
  const d = result.data;
  const session: Partial<CitySession> = { token: d?.token, cityId: d?.cityId, account: d?.account, ...(typeof d?.expiresAt === 'number' ? { expiresAt: d.expiresAt } : {}) };
  if (!isSession(session)) return { ok: false, code: 'BAD_ANSWER', message: '城市平台的登录应答无法识别', messageEn: 'The city platform answered the login with something unexpected' };
  return { ok: true, session };
}

/** Ends the session on the server if it offers that; a failure still ends it here. */
export async function logout(session: CitySession, fetchFn: Fetch = fetch): Promise<void> {
  try {
    await fetchFn('/api/city/logout', { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
  } catch {
    // Nothing else to do: the page forgets the token.
  }
}

/** GET with the session's token. */
export function getJson<T>(url: string, token: string, fetchFn: Fetch = fetch): Promise<HttpResult<T>> {
  return request<T>(url, { headers: { authorization: `Bearer ${token}` } }, fetchFn);
}

import type { Failure } from './session';

// The admin HTTP routes (statistics, exports, config import): the session token as a bearer token.

export type HttpResult<T> = { ok: true; data: T } | ({ ok: false; issues?: Array<{ path: string; message: string }> | undefined } & Failure);

const UNREACHABLE: Failure = { code: 'OFFLINE', message: '无法连接服务器，请检查网络', messageEn: 'Cannot reach the hall server; check the network' };

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

async function failureOf(res: Response): Promise<HttpResult<never>> {
  try {
    const body = (await res.json()) as { code?: string; message?: string; messageEn?: string; issues?: Array<{ path: string; message: string }> };
    return { ok: false, code: body.code ?? `HTTP_${res.status}`, message: body.message ?? `请求失败（${res.status}）`, messageEn: body.messageEn ?? `Request failed (${res.status})`, issues: body.issues };
  } catch {
    return { ok: false, code: `HTTP_${res.status}`, message: `请求失败（${res.status}）`, messageEn: `Request failed (${res.status})` };
  }
}

export async function getJson<T>(url: string, token: string, fetchFn: Fetch = fetch): Promise<HttpResult<T>> {
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    return { ok: false, ...UNREACHABLE };
  }
  if (!res.ok) return failureOf(res);
  return { ok: true, data: ((await res.json()) as { data: T }).data };
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function download(url: string, token: string, fallbackName: string, fetchFn: Fetch = fetch): Promise<HttpResult<string>> {
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    return { ok: false, ...UNREACHABLE };
  }
  if (!res.ok) return failureOf(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? fallbackName);
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return { ok: true, data: name };
}

export async function postText<T>(url: string, token: string, text: string, contentType: string, fetchFn: Fetch = fetch): Promise<HttpResult<T>> {
  let res: Response;
  try {
    res = await fetchFn(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: text });
  } catch {
    return { ok: false, ...UNREACHABLE };
  }
  if (!res.ok) return failureOf(res);
  return { ok: true, data: ((await res.json()) as { data: T }).data };
}

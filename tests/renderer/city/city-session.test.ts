// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { clearSession, failureOf, getJson, loadSession, login, logout, saveSession } from '../../../src-renderer/city/city-session';

const reply = (body: unknown, status = 200) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const answer = { token: 't'.repeat(43), cityId: 'demo-city', account: { username: 'shijian', displayName: '市监察员', role: 'supervisor' } };

describe('the city login', () => {
  it('posts the credentials and keeps the answer in sessionStorage', async () => {
    for (const body of [{ ok: true, data: answer }, { data: answer }, answer]) {
      const fetchFn = reply(body);
      const result = await login('shijian', 'pw', fetchFn);
      expect(fetchFn).toHaveBeenCalledWith('/api/city/login', expect.objectContaining({ method: 'POST', body: JSON.stringify({ username: 'shijian', password: 'pw' }) }));
      if (!result.ok) throw new Error(result.code);
      expect(result.session).toEqual(answer);
    }
    saveSession(sessionStorage, answer as never);
    expect(loadSession(sessionStorage)?.account.username).toBe('shijian');
    // The server's expiry, when its answer gives one, ends the stored session.
    const timed = await login('shijian', 'pw', reply({ ok: true, data: { ...answer, expiresAt: 5000 } }));
    if (!timed.ok) throw new Error(timed.code);
    saveSession(sessionStorage, timed.session);
    expect(loadSession(sessionStorage, 4999)?.expiresAt).toBe(5000);
    expect(loadSession(sessionStorage, 5000)).toBeNull();
    clearSession(sessionStorage);
    expect(loadSession(sessionStorage)).toBeNull();
  });

  it('a stored value that is not a session (edited, another page’s, not JSON) is ignored', () => {
    sessionStorage.setItem('hall.city.session', '{oops');
    expect(loadSession(sessionStorage)).toBeNull();
    sessionStorage.setItem('hall.city.session', JSON.stringify({ ...answer, account: { ...answer.account, role: 'staff' } }));
    expect(loadSession(sessionStorage)).toBeNull();
    sessionStorage.setItem('hall.city.session', JSON.stringify({ token: '', cityId: 'x', account: answer.account }));
    expect(loadSession(sessionStorage)).toBeNull();
  });

  it('passes the refusal through, in either body shape', async () => {
    const zh = '用户名或密码错误';
    expect(await login('x', 'y', reply({ ok: false, code: 'INVALID_LOGIN', message: zh, messageEn: 'Wrong username or password' }, 401))).toEqual({ ok: false, code: 'INVALID_LOGIN', message: zh, messageEn: 'Wrong username or password' });
    expect(await login('x', 'y', reply({ error: { code: 'INVALID_LOGIN', message: zh, messageEn: 'Wrong' } }, 401))).toMatchObject({ ok: false, code: 'INVALID_LOGIN', message: zh });
    expect(await login('x', 'y', reply({ ok: true, data: { token: 'abc' } }))).toMatchObject({ ok: false, code: 'BAD_ANSWER' });
    expect(failureOf(502, null)).toEqual({ code: 'HTTP_502', message: '请求失败（502）', messageEn: 'Request failed (502)' });
  });

  it('an unreachable server is reported, not thrown; logout never throws', async () => {
    const down = vi.fn(async () => Promise.reject(new TypeError('fetch failed')));
    expect(await login('x', 'y', down)).toMatchObject({ ok: false, code: 'OFFLINE' });
    await expect(logout(answer as never, down)).resolves.toBeUndefined();
  });

  it('GETs with the token as a bearer token', async () => {
    const fetchFn = reply({ ok: true, data: { complete: true } });
    expect(await getJson('/api/city/statistics?from=a&to=b', 'tok', fetchFn)).toEqual({ ok: true, data: { complete: true } });
    expect(fetchFn).toHaveBeenCalledWith('/api/city/statistics?from=a&to=b', { headers: { authorization: 'Bearer tok' } });
    expect(await getJson('/x', 'tok', reply({ ok: false, code: 'SESSION_INVALID', message: '登录已失效', messageEn: 'log in' }, 401))).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
  });
});

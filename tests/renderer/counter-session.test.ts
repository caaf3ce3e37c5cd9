// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { clearSession, loadSession, login, logout, saveSession } from '../../src-renderer/counter/session';

const reply = (body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));

describe('staff login for the console', () => {
  it('a staff login returns a session for the hall; it is kept in sessionStorage until it expires', async () => {
    const fetchFn = reply({ ok: true, data: { token: 't'.repeat(43), expiresAt: 5000, username: 'staff06', displayName: '杨帆', role: 'staff' } });
    const result = await login('demo-county', 'staff06', 'demo1234', fetchFn);
    expect(fetchFn).toHaveBeenCalledWith('/api/halls/demo-county/login', expect.objectContaining({ method: 'POST', body: JSON.stringify({ username: 'staff06', password: 'demo1234' }) }));
    if (!result.ok) throw new Error(result.code);
    expect(result.session).toMatchObject({ hallId: 'demo-county', username: 'staff06', displayName: '杨帆' });

    saveSession(sessionStorage, result.session);
    expect(loadSession(sessionStorage, 'demo-county', 4999)?.username).toBe('staff06');
    expect(loadSession(sessionStorage, 'demo-county', 5000)).toBeNull();
    expect(loadSession(sessionStorage, 'other-hall', 0)).toBeNull();
    clearSession(sessionStorage);
    expect(loadSession(sessionStorage, 'demo-county', 0)).toBeNull();
  });

  it('passes the server’s refusal through', async () => {
    const result = await login('demo-county', 'staff06', 'wrong', reply({ ok: false, code: 'INVALID_LOGIN', message: '用户名或密码错误', messageEn: 'Wrong username or password' }));
    expect(result).toEqual({ ok: false, code: 'INVALID_LOGIN', message: '用户名或密码错误', messageEn: 'Wrong username or password' });
  });

  it('an admin account is not a console account: refused, and its new session ended at once', async () => {
    const fetchFn = reply({ ok: true, data: { token: 'admintoken-xxxxxxxxxxxx', expiresAt: 5000, username: 'admin', displayName: '系统管理员', role: 'admin' } });
    const result = await login('demo-county', 'admin', 'demo-admin', fetchFn);
    expect(result).toMatchObject({ ok: false, code: 'NOT_STAFF' });
    expect(fetchFn).toHaveBeenLastCalledWith('/api/halls/demo-county/logout', { method: 'POST', headers: { authorization: 'Bearer admintoken-xxxxxxxxxxxx' } });
  });

  it('an unreachable server is reported, not thrown', async () => {
    const result = await login('demo-county', 'staff06', 'demo1234', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
    expect(result).toMatchObject({ ok: false, code: 'OFFLINE', message: expect.stringContaining('无法连接') });
    await expect(logout({ hallId: 'h', token: 't', username: 'u', displayName: 'd', role: 'staff', expiresAt: 1 }, vi.fn(async () => Promise.reject(new Error('down'))))).resolves.toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { handleAppProtocol, KIOSK_PAGE_URL } from '../../src-main/electron/app-protocol';

describe('app:// answers', () => {
  it('carry a strict CSP and the framing, sniffing and referrer headers, found or not', async () => {
    let handler: ((request: { url: string }) => Response | Promise<Response>) | undefined;
    const fetched: string[] = [];
    handleAppProtocol(
      { handle: (_scheme, h) => (handler = h) },
      (url) => {
        fetched.push(url);
        // Like net.fetch's file answers: headers the caller may not change.
        return Promise.resolve(new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }));
      },
      '/opt/kiosk/dist/renderer',
    );
    for (const url of [KIOSK_PAGE_URL, 'app://other/x']) {
      const res = await handler!({ url });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(fetched).toEqual(['file:///opt/kiosk/dist/renderer/kiosk/index.html']);
    expect((await handler!({ url: KIOSK_PAGE_URL })).headers.get('content-type')).toBe('text/html');
  });
});

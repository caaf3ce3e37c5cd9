import { normalize, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The kiosk page is served from the app's own files under this origin, never from the network. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const KIOSK_PAGE_URL = `${APP_ORIGIN}/kiosk/index.html`;

/**
 * The file behind an app:// URL, or null for another host, a path outside the pages, or anything
 * malformed. Folders map to their index.html, as the built multi-page site expects.
 */
export function fileForAppUrl(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path === '/' || path === '') path = '/kiosk/index.html';
  else if (path.endsWith('/')) path += 'index.html';
  const root = normalize(rendererDir);
  const file = normalize(join(root, path));
  return file.startsWith(root + sep) ? file : null;
}

export interface ProtocolLike {
  handle(scheme: string, handler: (request: { url: string }) => Response | Promise<Response>): void;
}

/**
 * The kiosk page's policy under app://, as strict as the hall server's (docs/SECURITY.md): the built page
 * has no inline script or style, talks to the kiosk service only through the preload's verbs, and may not
 * be framed. The same nosniff, referrer and framing headers as every answer of the hall server.
 */
export const APP_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob: data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The answer with the security headers added (file responses of net.fetch have immutable headers). */
export function withAppSecurityHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(APP_SECURITY_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Serves app://kiosk/… from the built pages with Electron's net.fetch on file URLs (asar aware). */
export function handleAppProtocol(protocol: ProtocolLike, fetchFile: (fileUrl: string) => Promise<Response>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = fileForAppUrl(rendererDir, request.url);
    if (!file) return withAppSecurityHeaders(new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }));
    return withAppSecurityHeaders(await fetchFile(pathToFileURL(file).toString()));
  });
}

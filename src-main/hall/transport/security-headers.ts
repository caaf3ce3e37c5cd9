import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

// The headers every answer of the hall server carries (pages, static files, API, socket.io's polling), and
// the Content-Security-Policy of its pages. The pages are Vite's build: scripts and styles come from files
// of the same origin; anything the build inlines into the HTML is allowed by its hash, nothing else inline.

/** Inline <script> and <style> bodies of the built pages, as CSP source expressions ('sha256-…'). */
export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Hashes of the inline scripts (not `src=` ones, not JSON data blocks) and styles of one HTML text. */
export function inlineHashesOf(html: string): InlineHashes {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? '';
    if (/\bsrc\s*=/i.test(attrs) || /\btype\s*=\s*["']?application\/(ld\+)?json/i.test(attrs) || (m[2] ?? '') === '') continue;
    scripts.push(hash(m[2]!));
  }
  for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) styles.push(hash(m[1] ?? ''));
  return { scripts, styles };
}

/** The inline hashes of every .html file under the built pages (at start; the build does not change while running). */
export function inlineHashesOfDir(dir: string | null): InlineHashes {
  const all: InlineHashes = { scripts: [], styles: [] };
  if (!dir) return all;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.html')) {
        const h = inlineHashesOf(readFileSync(p, 'utf8'));
        all.scripts.push(...h.scripts);
        all.styles.push(...h.styles);
      }
    }
  };
  walk(dir);
  return { scripts: [...new Set(all.scripts)], styles: [...new Set(all.styles)] };
}

/** A Host header fit to be written into a header value (and a CSP source): a name or address and a port. */
const SAFE_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The pages' policy: everything from this origin only, no inline script or style but the build's own (by
 * hash), no plugins, no <base>, no framing. Voice clips are fetched and decoded by Web Audio (connect-src)
 * or played from the same origin (media-src); QR codes are inline SVG; sockets go to this host (ws/wss).
 */
export function contentSecurityPolicy(inline: InlineHashes, host?: string): string {
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${inline.scripts.map((h) => ` ${h}`).join('')}`,
    `style-src 'self'${inline.styles.map((h) => ` ${h}`).join('')}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob: data:",
    `connect-src 'self'${sockets}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers that go on every answer, whatever it is. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** HTTPS only: browsers remember to use it for a year. Not sent over plain HTTP, where it means nothing. */
export const HSTS = 'max-age=31536000';

export interface SecurityHeaderOptions {
  inline: InlineHashes;
  /** The server speaks TLS itself (a proxy in front sets HSTS itself). */
  tls: boolean;
}

/** All the security headers for one request, by the Host it was addressed to. */
export function securityHeaders(opts: SecurityHeaderOptions, host: string | undefined): Record<string, string> {
  return {
    ...BASE_SECURITY_HEADERS,
    'content-security-policy': contentSecurityPolicy(opts.inline, host),
    ...(opts.tls ? { 'strict-transport-security': HSTS } : {}),
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Puts the security headers on every answer of a request handler (pages, static files, API, errors). */
export function withSecurityHeaders(handler: Handler, opts: SecurityHeaderOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    for (const [name, value] of Object.entries(securityHeaders(opts, req.headers.host))) res.setHeader(name, value);
    void handler(req, res);
  };
}

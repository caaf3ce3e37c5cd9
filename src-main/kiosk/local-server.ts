import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { KioskApi, KioskEvent } from '../contracts';
import type { SimulatedDevices } from '../../hardware/simulators';
import { sendJson, sendText } from './http-reply';
import { dispatchKioskCall } from './kiosk-dispatch';
import type { KioskLogger } from './logger';
import { BRIDGE_SCRIPT } from './local-bridge-script';
import { handleSimulatorRoute } from './simulator-panel';

export interface LocalServerOptions {
  api: KioskApi & { onEvent(listener: (event: KioskEvent) => void): () => void };
  /** The built pages (dist/renderer): kiosk/index.html and assets/. */
  pagesDir: string;
  host: string;
  port: number;
  simulated: SimulatedDevices | null;
  log: KioskLogger;
}

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
};
const MAX_BODY = 16 * 1024;

/**
 * Headers of every local answer; the kiosk page's policy allows only this origin's files (the bridge script
 * included) and its own API and events. The --simulate panel (/sim/, a developer's tool) has an inline
 * script and goes without the policy. docs/SECURITY.md.
 */
const LOCAL_HEADERS: Readonly<Record<string, string>> = { 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
const LOCAL_PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The kiosk page for a plain browser on the kiosk itself (Chromium in kiosk mode, or a developer's
 * browser with --simulate): the built page with a small script that gives it window.kioskApi over
 * HTTP and server-sent events. Listens on 127.0.0.1 only; requests from other origins are refused.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const sockets = new Set<ServerResponse>();
  let origin = '';
  const server = createServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      options.log.error({ err, url: req.url }, 'local page request failed');
      if (!res.headersSent) sendJson(res, 500, { ok: false, code: 'KIOSK_ERROR', message: '取号机内部错误', messageEn: 'Internal kiosk error' });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    for (const [name, value] of Object.entries(LOCAL_HEADERS)) res.setHeader(name, value);
    if (!path.startsWith('/sim/')) res.setHeader('content-security-policy', LOCAL_PAGE_CSP);
    // Another site open in the same browser must not drive the kiosk (or the simulators).
    if (!sameOrigin(req, origin)) return sendJson(res, 403, { ok: false, code: 'FORBIDDEN', message: '拒绝访问', messageEn: 'Cross-origin request refused' });

    if (req.method === 'GET' && path === '/') {
      res.writeHead(302, { location: '/kiosk/' }).end();
      return;
    }
    if (req.method === 'GET' && path === '/kiosk-bridge.js') return sendText(res, 200, BRIDGE_SCRIPT, TYPES['.js']!);
    if (req.method === 'GET' && path === '/kiosk-api/events') return streamEvents(req, res);
    const call = /^\/kiosk-api\/([A-Za-z]+)$/.exec(path);
    if (call && req.method === 'POST') return sendJson(res, 200, await dispatchKioskCall(options.api, call[1], await readJson(req)));
    if (path.startsWith('/sim/')) {
      if (!options.simulated) return sendJson(res, 404, { ok: false, code: 'NOT_FOUND', message: '未启用模拟设备', messageEn: 'Not running with --simulate' });
      return handleSimulatorRoute(options.simulated, req.method ?? 'GET', path, req.method === 'POST' ? await readJson(req) : null, res);
    }
    if (req.method === 'GET' && (path === '/kiosk' || path === '/kiosk/' || path === '/kiosk/index.html')) return sendKioskPage(res);
    if (req.method === 'GET' && (await sendFile(res, path))) return;
    sendJson(res, 404, { ok: false, code: 'NOT_FOUND', message: '页面不存在', messageEn: 'Not found' });
  }

  async function sendKioskPage(res: ServerResponse): Promise<void> {
    let html: string;
    try {
      html = await readFile(join(options.pagesDir, 'kiosk', 'index.html'), 'utf8');
    } catch {
      return sendText(res, 503, `The kiosk page is not built yet: run "npm run build" (looked in ${options.pagesDir}).`, 'text/plain; charset=utf-8');
    }
    // A classic script runs before the page's (deferred) module: window.kioskApi is there when the page starts.
    sendText(res, 200, html.replace(/<head>/i, '<head><script src="/kiosk-bridge.js"></script>'), TYPES['.html']!);
  }

  async function sendFile(res: ServerResponse, urlPath: string): Promise<boolean> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return false;
    }
    const root = normalize(options.pagesDir);
    const file = normalize(join(root, decoded));
    if (!file.startsWith(root + sep)) return false;
    try {
      const info = await stat(file);
      if (!info.isFile()) return false;
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': info.size });
      createReadStream(file).pipe(res);
      return true;
    } catch {
      return false;
    }
  }

  function streamEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': kiosk events\n\n');
    sockets.add(res);
    const off = options.api.onEvent((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    req.on('close', () => {
      off();
      sockets.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of sockets) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** No Origin header (a plain navigation) or our own origin; localhost and 127.0.0.1 are the same machine. */
function sameOrigin(req: IncomingMessage, origin: string): boolean {
  const from = req.headers.origin;
  if (!from) return true;
  const ours = new URL(origin);
  try {
    const theirs = new URL(from);
    const local = (h: string) => h === '127.0.0.1' || h === 'localhost' || h === '[::1]';
    return theirs.port === ours.port && (theirs.hostname === ours.hostname || (local(theirs.hostname) && local(ours.hostname)));
  } catch {
    return false;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return { tooLarge: true };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { notJson: text.slice(0, 40) };
  }
}

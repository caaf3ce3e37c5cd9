import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { startHallServer } from '../../src-main/hall/server';
import type { RunningHallServer } from '../../src-main/hall/server';
import { loadTlsFiles } from '../../src-main/hall/transport/tls-files';
import { HallLink } from '../../src-main/kiosk/hall-link';
import type { TestSocket } from '../support/hall-fixture';
import { demoConfig, giveTestKey, tempDir } from '../support/hall-fixture';

// Over a real server on port 0: HTTPS and WSS with a certificate made here (openssl), the security headers
// on every answer, the Origin check at the handshake, and X-Forwarded-For believed only from a trusted proxy.

const HALL = 'demo-county';
const tmp = tempDir('hall-transport-');
let certFile = '';
let keyFile = '';
let otherKeyFile = '';

function makeCert(name: string): { cert: string; key: string } {
  const cert = join(tmp.dir, `${name}.crt`);
  const key = join(tmp.dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

beforeAll(() => {
  ({ cert: certFile, key: keyFile } = makeCert('hall'));
  otherKeyFile = makeCert('other').key;
});
afterAll(() => tmp.cleanup());

const servers: RunningHallServer[] = [];
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const s of servers.splice(0)) await s.close();
});

async function start(opts: { tls?: boolean; trustProxy?: string[]; allowedOrigins?: string[]; connectionsPerAddress?: number } = {}): Promise<RunningHallServer> {
  const dir = join(tmp.dir, `db-${servers.length}-${Date.now()}`);
  mkdirSync(dir);
  const dbFile = join(dir, 'hall.sqlite');
  const config = demoConfig((c) => {
    if (opts.connectionsPerAddress) c.limits = { ...(c.limits ?? {}), connectionsPerAddress: opts.connectionsPerAddress };
  });
  giveTestKey(config, dbFile);
  const pages = join(dir, 'pages');
  mkdirSync(pages);
  writeFileSync(join(pages, 'index.html'), '<!doctype html><style>body{margin:0}</style><p>hall</p>');
  const tls = opts.tls ? loadTlsFiles({ certFile, keyFile }) : undefined;
  const server = await startHallServer({ configs: [config], dbFile, port: 0, host: '127.0.0.1', staticDir: pages, tls, trustProxy: opts.trustProxy, allowedOrigins: opts.allowedOrigins });
  servers.push(server);
  return server;
}

function open(url: string, auth: object, headers: Record<string, string> = {}, ca?: string): Promise<TestSocket> {
  const s = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers, ...(ca ? { ca } : {}) }) as TestSocket;
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err) => reject(err));
  });
}

const kioskAuth = { hallId: HALL, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' };
const phoneAuth = { hallId: HALL, role: 'mobile' };

function httpsGet(url: string, ca: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', () => {
  it('serves HTTPS and WSS with the given certificate; kiosks connect with the CA', async () => {
    const server = await start({ tls: true });
    expect(server.url).toMatch(/^https:\/\//);
    const ca = readFileSync(certFile, 'utf8');
    const url = `https://127.0.0.1:${server.port}`;
    const health = await httpsGet(`${url}/health`, ca);
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toMatch(/max-age=/);
    const kiosk = await open(url, kioskAuth, {}, ca);
    expect(kiosk.connected).toBe(true);
    // Without the CA the self-signed certificate is refused.
    await expect(open(url, kioskAuth)).rejects.toThrow();
    // The kiosk service's own link, as Electron runs it, with --hall-ca.
    const link = new HallLink({ url, hallId: HALL, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1', ca });
    try {
      await new Promise<void>((resolve) => {
        if (link.state === 'connected') resolve();
        link.on('state', (s) => s === 'connected' && resolve());
      });
    } finally {
      link.close();
    }
  });

  it('refuses a key that is not the certificate\'s, and files it cannot read, naming them', () => {
    expect(() => loadTlsFiles({ certFile, keyFile: otherKeyFile })).toThrow(/does not belong to the certificate/);
    expect(() => loadTlsFiles({ certFile: join(tmp.dir, 'nope.crt'), keyFile })).toThrow(/nope\.crt[\s\S]*cannot read the TLS certificate: ENOENT/);
    expect(() => loadTlsFiles({ certFile: keyFile, keyFile })).toThrow(/not a PEM certificate/);
    expect(() => loadTlsFiles({ certFile, keyFile }, new Date(Date.now() + 10 * 86_400_000))).toThrow(/expired/);
  });
});

describe('security headers', () => {
  it('go on pages, API answers, errors and socket.io polling; the policy allows the page\'s inline style by hash only', async () => {
    const server = await start();
    for (const path of ['/', '/health', `/api/halls/${HALL}/snapshot`, '/nope', '/socket.io/?EIO=4&transport=polling']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      if (!path.startsWith('/socket.io')) {
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, path).toContain("frame-ancestors 'none'");
        expect(csp, path).toMatch(/script-src 'self'(;|$)/);
        expect(csp, path).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
        expect(csp, path).not.toContain('unsafe-inline');
        expect(csp, path).toContain(`ws://127.0.0.1:${server.port}`);
      }
      await res.arrayBuffer();
    }
  });
});

describe('Origin check', () => {
  it('refuses a foreign origin at the handshake and accepts the server\'s own', async () => {
    const server = await start();
    await expect(open(server.url, phoneAuth, { origin: 'https://evil.example' })).rejects.toThrow();
    await expect(open(server.url, kioskAuth, { origin: 'https://evil.example' })).rejects.toThrow();
    const phone = await open(server.url, phoneAuth, { origin: server.url });
    expect(phone.connected).toBe(true);
    // The polling handshake is refused with 403 before any session exists.
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('lets programs without an Origin in only as devices or staff', async () => {
    const server = await start();
    expect((await open(server.url, kioskAuth)).connected).toBe(true);
    await expect(open(server.url, phoneAuth)).rejects.toMatchObject({ data: { code: 'ORIGIN_REQUIRED' } });
  });

  it('with configured origins, only those', async () => {
    const server = await start({ allowedOrigins: ['https://hall.example.gov.cn'] });
    expect((await open(server.url, phoneAuth, { origin: 'https://hall.example.gov.cn' })).connected).toBe(true);
    await expect(open(server.url, phoneAuth, { origin: server.url })).rejects.toThrow();
  });
});

describe('X-Forwarded-For', () => {
  it('names the client only when the peer is a trusted proxy: the phone limits per address follow it', async () => {
    const trusting = await start({ trustProxy: ['127.0.0.1'], connectionsPerAddress: 1 });
    const a = await open(trusting.url, phoneAuth, { origin: trusting.url, 'x-forwarded-for': '203.0.113.7' });
    const b = await open(trusting.url, phoneAuth, { origin: trusting.url, 'x-forwarded-for': '198.51.100.1, 203.0.113.8' });
    const addresses = [...trusting.io.sockets.sockets.values()].map((s) => s.handshake.address).sort();
    expect(addresses).toEqual(['203.0.113.7', '203.0.113.8']);
    expect(a.connected && b.connected).toBe(true);
    await expect(open(trusting.url, phoneAuth, { origin: trusting.url, 'x-forwarded-for': '203.0.113.7' })).rejects.toMatchObject({ data: { code: 'TOO_MANY_CONNECTIONS' } });

    const plain = await start({ connectionsPerAddress: 1 });
    await open(plain.url, phoneAuth, { origin: plain.url, 'x-forwarded-for': '203.0.113.7' });
    // Without a trusted proxy the header is ignored: both are 127.0.0.1, so the second is one too many.
    await expect(open(plain.url, phoneAuth, { origin: plain.url, 'x-forwarded-for': '203.0.113.9' })).rejects.toMatchObject({ data: { code: 'TOO_MANY_CONNECTIONS' } });
    expect([...plain.io.sockets.sockets.values()].map((s) => s.handshake.address)).toEqual(['127.0.0.1']);
  });
});

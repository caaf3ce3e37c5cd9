import { describe, expect, it } from 'vitest';
import { ClientAddresses } from '../../src-main/hall/transport/client-address';
import { OriginPolicy } from '../../src-main/hall/transport/origin-policy';
import { contentSecurityPolicy, inlineHashesOf } from '../../src-main/hall/transport/security-headers';
import { plainHttpProblem, transportSettingsFrom } from '../../src-main/hall/transport/transport-settings';

const req = (peer: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress: peer }, headers }) as never;

describe('client addresses', () => {
  it('ignore X-Forwarded-For unless the peer is a trusted proxy', () => {
    expect(new ClientAddresses([]).of(req('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }))).toBe('10.0.0.9');
    expect(new ClientAddresses(['10.0.0.1']).of(req('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }))).toBe('10.0.0.9');
  });

  it('walk the header from the right past trusted proxies only', () => {
    const a = new ClientAddresses(['127.0.0.1', '10.0.0.0/8']);
    expect(a.of(req('::ffff:127.0.0.1', { 'x-forwarded-for': '1.2.3.4' }))).toBe('1.2.3.4');
    // A client that writes its own header cannot choose its address: the proxy's hop is the last one.
    expect(a.of(req('127.0.0.1', { 'x-forwarded-for': '9.9.9.9, 1.2.3.4' }))).toBe('1.2.3.4');
    expect(a.of(req('127.0.0.1', { 'x-forwarded-for': '1.2.3.4, 10.1.1.1' }))).toBe('1.2.3.4');
    expect(a.of(req('127.0.0.1', { 'x-forwarded-for': 'junk, 10.1.1.1' }))).toBe('10.1.1.1');
    expect(a.of(req('127.0.0.1'))).toBe('127.0.0.1');
  });
});

describe('origin policy', () => {
  const p = new OriginPolicy();
  it('accepts the origin the request is addressed to, programs without one, and browsers\' same-origin GETs', () => {
    expect(p.check({ headers: { origin: 'http://hall:8080', host: 'hall:8080' } })).toBe('same');
    expect(p.check({ headers: { origin: 'http://evil:8080', host: 'hall:8080' } })).toBe('foreign');
    expect(p.check({ headers: { origin: 'null', host: 'hall:8080' } })).toBe('foreign');
    expect(p.check({ headers: { host: 'hall:8080' } })).toBe('none');
    expect(p.check({ headers: { host: 'hall:8080', 'sec-fetch-site': 'same-origin' } })).toBe('same');
    expect(p.check({ headers: { host: 'hall:8080', 'sec-fetch-site': 'cross-site' } })).toBe('foreign');
  });
  it('with a list, only the list', () => {
    const listed = new OriginPolicy(['https://hall.example.gov.cn']);
    expect(listed.check({ headers: { origin: 'https://hall.example.gov.cn', host: 'internal:8443' } })).toBe('same');
    expect(listed.check({ headers: { origin: 'http://internal:8443', host: 'internal:8443' } })).toBe('foreign');
  });
});

describe('transport settings', () => {
  it('come from flags, else environment, else the file, and are checked', () => {
    const file = () => 'trustProxy: [10.0.0.1]\nallowedOrigins: ["https://hall.example.gov.cn/"]\ntls: { certFile: /etc/hall/c.pem, keyFile: /etc/hall/k.pem }\n';
    const s = transportSettingsFrom({ 'server-config': 'server.yaml', 'trust-proxy': ['127.0.0.1,::1'] }, { HALL_ALLOWED_ORIGINS: 'https://a.example' }, file);
    expect(s).toEqual({ tls: { certFile: '/etc/hall/c.pem', keyFile: '/etc/hall/k.pem' }, trustProxy: ['127.0.0.1', '::1'], allowedOrigins: ['https://a.example'] });
    expect(transportSettingsFrom({}, {}, file)).toEqual({ trustProxy: [], allowedOrigins: [] });
    expect(() => transportSettingsFrom({ 'tls-cert': 'c.pem' }, {})).toThrow(/give both the certificate/);
    expect(() => transportSettingsFrom({ 'trust-proxy': ['10.0.0.0/33'] }, {})).toThrow(/trustProxy\[0\]: an IP address or a CIDR/);
    expect(() => transportSettingsFrom({ 'allowed-origin': ['https://x.example/path'] }, {})).toThrow(/allowedOrigins\[0\]: an origin has no path/);
    expect(() => transportSettingsFrom({ 'server-config': 'nope.yaml' }, {}, () => { throw Object.assign(new Error('x'), { code: 'ENOENT' }); })).toThrow(/nope.yaml[\s\S]*cannot read: ENOENT/);
  });

  it('a production hall refuses plain HTTP unless a proxy is named', () => {
    const plain = { trustProxy: [], allowedOrigins: [] };
    expect(plainHttpProblem(plain, false)).toBeNull();
    expect(plainHttpProblem(plain, true)).toMatch(/does not serve plain HTTP/);
    expect(plainHttpProblem({ ...plain, trustProxy: ['127.0.0.1'] }, true)).toBeNull();
    expect(plainHttpProblem({ ...plain, tls: { certFile: 'c', keyFile: 'k' } }, true)).toBeNull();
  });
});

describe('content security policy', () => {
  it('allows inline script and style only by hash', () => {
    const h = inlineHashesOf('<script type="module" src="/a.js"></script><script>go()</script><style>b{}</style>');
    expect(h.scripts).toHaveLength(1);
    expect(h.styles).toHaveLength(1);
    const csp = contentSecurityPolicy(h, 'hall:8443');
    expect(csp).toContain(`script-src 'self' ${h.scripts[0]}`);
    expect(csp).toContain('connect-src \'self\' ws://hall:8443 wss://hall:8443');
    expect(contentSecurityPolicy(h, 'evil; script-src *')).toContain("connect-src 'self';");
  });
});

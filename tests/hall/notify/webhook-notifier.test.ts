import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../../src-main/app/notifier';
import { RateLimiter } from '../../../src-main/app/rate-limiter';
import { createLogger } from '../../../src-main/hall/logger';
import { signBody, WebhookNotifier } from '../../../src-main/hall/notify/webhook-notifier';

const notice = (n: number): Notice => ({ id: `n-${n}`, kind: 'called', hallId: 'h', hallName: '大厅', at: n, mobile: '13800000000', number: `A00${n}`, windowId: 3 });

async function receiver(failFirst = 0) {
  const got: Array<{ body: string; signature: string | undefined; notice: Notice }> = [];
  let failures = failFirst;
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const c of req) body += c;
    if (failures > 0) {
      failures--;
      res.writeHead(503).end();
      return;
    }
    got.push({ body, signature: req.headers['x-hall-signature'] as string | undefined, notice: JSON.parse(body) });
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise((r) => server.close(r)) };
}

describe('webhook notifier', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('POSTs signed JSON notices, in order', async () => {
    const rx = await receiver();
    closers.push(rx.close);
    const n = new WebhookNotifier({ url: rx.url, secret: 'topsecret' }, createLogger('silent'));
    for (let i = 1; i <= 5; i++) n.send(notice(i));
    await n.flush();
    expect(rx.got.map((g) => g.notice.id)).toEqual(['n-1', 'n-2', 'n-3', 'n-4', 'n-5']);
    for (const g of rx.got) expect(g.signature).toBe(signBody(g.body, 'topsecret'));
    expect(rx.got[0]!.notice).toMatchObject({ kind: 'called', number: 'A001', windowId: 3 });
  });

  it('retries a failing receiver without reordering', async () => {
    const rx = await receiver(2);
    closers.push(rx.close);
    const n = new WebhookNotifier({ url: rx.url, secret: 's', retryDelaysMs: [10, 10, 10] }, createLogger('silent'));
    n.send(notice(1));
    n.send(notice(2));
    await n.flush();
    expect(rx.got.map((g) => g.notice.id)).toEqual(['n-1', 'n-2']);
  });

  it('gives up after the last retry and goes on with the next notice', async () => {
    const rx = await receiver(3);
    closers.push(rx.close);
    const n = new WebhookNotifier({ url: rx.url, secret: 's', retryDelaysMs: [5, 5] }, createLogger('silent'));
    n.send(notice(1));
    n.send(notice(2));
    await n.flush();
    expect(rx.got.map((g) => g.notice.id)).toEqual(['n-2']);
  });
});

describe('rate limiter', () => {
  it('allows `limit` hits per sliding window and says when to come back', () => {
    const r = new RateLimiter(3, 60_000);
    expect([0, 10, 20].map((t) => r.hit('1.2.3.4', t).ok)).toEqual([true, true, true]);
    expect(r.hit('1.2.3.4', 30)).toEqual({ ok: false, retryAfterMs: 59_970 });
    expect(r.hit('5.6.7.8', 30).ok).toBe(true);
    expect(r.hit('1.2.3.4', 60_001).ok).toBe(true);
  });
});

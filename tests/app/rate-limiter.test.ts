import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from '../../src-main/app/concurrency-gate';
import { addressKey, KeyedTokenBuckets, LruMap, RateLimiter, retryAfterSeconds, TokenBucket } from '../../src-main/app/rate-limiter';

const rate = { perSecond: 2, burst: 4 };

describe('LruMap', () => {
  it('keeps at most maxEntries keys, forgetting the least recently used', () => {
    const m = new LruMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.get('a')).toBe(1); // a is now the newest
    m.set('d', 4);
    expect(m.size).toBe(3);
    expect(m.peek('b')).toBeUndefined();
    expect([m.peek('a'), m.peek('c'), m.peek('d')]).toEqual([1, 3, 4]);
  });
});

describe('RateLimiter (fixed windows)', () => {
  it('allows `limit` hits per window and says when the window ends', () => {
    const r = new RateLimiter(3, 60_000);
    expect([0, 10, 20].map((t) => r.hit('1.2.3.4', t).ok)).toEqual([true, true, true]);
    expect(r.hit('1.2.3.4', 30)).toEqual({ ok: false, retryAfterMs: 59_970 });
    expect(r.hit('5.6.7.8', 30).ok).toBe(true);
    expect(r.hit('1.2.3.4', 60_000).ok).toBe(true);
  });

  it('stays bounded under 100k distinct keys', () => {
    const r = new RateLimiter(5, 3_600_000, 1000);
    for (let i = 0; i < 100_000; i++) r.hit(`key-${i}`, i);
    expect(r.size).toBe(1000);
  });
});

describe('token buckets', () => {
  it('a bucket lets a burst through, then one per 1/rate, and says when the next token comes', () => {
    const b = new TokenBucket(rate, 0);
    expect([0, 0, 0, 0].map(() => b.take(0, rate).ok)).toEqual([true, true, true, true]);
    expect(b.take(0, rate)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(b.take(250, rate)).toEqual({ ok: false, retryAfterMs: 250 });
    expect(b.take(500, rate).ok).toBe(true);
    b.give(500, rate);
    expect(b.take(500, rate).ok).toBe(true);
    // Never more than the burst, however long it rested.
    expect(Array.from({ length: 6 }, () => b.take(1_000_000, rate).ok)).toEqual([true, true, true, true, false, false]);
  });

  it('a rate changed by the config applies to the next hit', () => {
    const b = new TokenBucket(rate, 0);
    for (let i = 0; i < 4; i++) b.take(0, rate);
    expect(b.take(100, { perSecond: 10, burst: 4 }).ok).toBe(true);
  });

  it('keyed buckets are independent per key and bounded under 100k keys', () => {
    const k = new KeyedTokenBuckets(500);
    for (let i = 0; i < 4; i++) expect(k.take('a', 0, rate).ok).toBe(true);
    expect(k.take('a', 0, rate).ok).toBe(false);
    expect(k.take('b', 0, rate).ok).toBe(true);
    k.give('a', 0, rate);
    expect(k.take('a', 0, rate).ok).toBe(true);
    for (let i = 0; i < 100_000; i++) k.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, i, rate);
    expect(k.size).toBe(500);
  });

  it('tells clients at least one second', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1500)).toBe(2);
  });
});

describe('addressKey', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6 and groups IPv6 by /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1::9')).toBe('2001:db8:1:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('ConcurrencyGate', () => {
  function deferred() {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }

  it('runs at most maxRunning, queues at most maxWaiting, refuses the rest at once', async () => {
    const gate = new ConcurrencyGate(2, 3);
    const tasks = Array.from({ length: 8 }, () => deferred());
    const started: number[] = [];
    const runs = tasks.map((d, i) =>
      gate.run(async () => {
        started.push(i);
        await d.promise;
        return i;
      }),
    );
    expect(runs.map((r) => r !== null)).toEqual([true, true, true, true, true, false, false, false]);
    expect(started).toEqual([0, 1]);
    expect([gate.inFlight, gate.queued]).toEqual([2, 3]);
    tasks[0]!.resolve();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    expect(gate.inFlight).toBe(2);
    for (const t of tasks) t.resolve();
    expect(await Promise.all(runs.slice(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect([gate.inFlight, gate.queued, gate.started]).toEqual([0, 0, 5]);
  });

  it('serves waiting tasks round-robin by key: a flood from one key does not hold back another', async () => {
    const gate = new ConcurrencyGate(1, 20);
    const order: string[] = [];
    const blocker = deferred();
    const first = gate.run(() => blocker.promise, 'flood')!;
    const runs = [
      ...Array.from({ length: 10 }, (_, i) => gate.run(async () => void order.push(`flood-${i}`), 'flood')),
      gate.run(async () => void order.push('real'), 'other'),
    ];
    blocker.resolve();
    await first;
    await Promise.all(runs);
    expect(order.indexOf('real')).toBe(1);
  });

  it('a task that throws frees its place', async () => {
    const gate = new ConcurrencyGate(1, 0);
    await expect(
      gate.run(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(gate.inFlight).toBe(0);
    expect(await gate.run(async () => 7)).toBe(7);
  });
});

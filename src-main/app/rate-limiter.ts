/**
 * Limits for clients the hall cannot trust: per client address, per connection, per ID hash. Every check is
 * O(1) and every table has a fixed number of entries, so a flood of new keys (random usernames, many
 * addresses) costs the hall a bounded amount of memory. Time is always passed in.
 */

export type LimitResult = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * A Map with at most `maxEntries` keys: reading or writing a key makes it the newest, and a write beyond
 * the cap forgets the least recently used key. Map keeps insertion order, so both are O(1).
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!(maxEntries >= 1)) throw new Error('LruMap needs room for at least one entry');
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Without making it the newest. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  /** Every entry, oldest first, without making any of them the newest. */
  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  clear(): void {
    this.map.clear();
  }
}

/** Default cap on keys per limiter: ~100 bytes each, so a few MB at most. */
export const DEFAULT_MAX_KEYS = 20_000;

/**
 * Fixed-window counters per key: at most `limit` hits in each window of `windowMs` (windows aligned to
 * multiples of `windowMs`). One counter per key; forgetting a key (LRU beyond `maxKeys`) only ever lets a
 * client in earlier, never shuts one out.
 */
export class RateLimiter {
  private readonly counters: LruMap<string, { window: number; count: number }>;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    maxKeys = DEFAULT_MAX_KEYS,
  ) {
    this.counters = new LruMap(maxKeys);
  }

  get size(): number {
    return this.counters.size;
  }

  /** Records a hit if allowed; otherwise says how long until the window ends. */
  hit(key: string, now: number): LimitResult {
    const window = Math.floor(now / this.windowMs);
    let c = this.counters.get(key);
    if (!c || c.window !== window) {
      c = { window, count: 0 };
      this.counters.set(key, c);
    }
    if (c.count >= this.limit) return { ok: false, retryAfterMs: (window + 1) * this.windowMs - now };
    c.count++;
    return { ok: true };
  }
}

/** A token bucket's rate: `perSecond` tokens come back each second, up to `burst` held at once. */
export interface BucketRate {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

function refill(b: Bucket, now: number, rate: BucketRate): void {
  if (now > b.at) {
    b.tokens = Math.min(rate.burst, b.tokens + ((now - b.at) * rate.perSecond) / 1000);
    b.at = now;
  } else {
    b.tokens = Math.min(rate.burst, b.tokens);
  }
}

function take(b: Bucket, now: number, rate: BucketRate, cost: number): LimitResult {
  refill(b, now, rate);
  if (b.tokens >= cost) {
    b.tokens -= cost;
    return { ok: true };
  }
  return { ok: false, retryAfterMs: rate.perSecond > 0 ? Math.ceil(((cost - b.tokens) * 1000) / rate.perSecond) : Number.MAX_SAFE_INTEGER };
}

/**
 * One token bucket (e.g. one connection's). The rate is given on every call, so a changed hall config
 * applies to the next hit.
 */
export class TokenBucket {
  private readonly bucket: Bucket;

  constructor(rate: BucketRate, now: number) {
    this.bucket = { tokens: rate.burst, at: now };
  }

  take(now: number, rate: BucketRate, cost = 1): LimitResult {
    return take(this.bucket, now, rate, cost);
  }

  /** Gives tokens back (a request that turned out not to count). */
  give(now: number, rate: BucketRate, tokens = 1): void {
    refill(this.bucket, now, rate);
    this.bucket.tokens = Math.min(rate.burst, this.bucket.tokens + tokens);
  }
}

/**
 * Token buckets per key (client address). A key not in the table has a full bucket, so forgetting the least
 * recently used key beyond `maxKeys` is safe: the forgotten ones are the quiet ones.
 */
export class KeyedTokenBuckets {
  private readonly buckets: LruMap<string, Bucket>;

  constructor(maxKeys = DEFAULT_MAX_KEYS) {
    this.buckets = new LruMap(maxKeys);
  }

  get size(): number {
    return this.buckets.size;
  }

  take(key: string, now: number, rate: BucketRate, cost = 1): LimitResult {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: rate.burst, at: now };
      this.buckets.set(key, b);
    }
    return take(b, now, rate, cost);
  }

  give(key: string, now: number, rate: BucketRate, tokens = 1): void {
    const b = this.buckets.peek(key);
    if (!b) return;
    refill(b, now, rate);
    b.tokens = Math.min(rate.burst, b.tokens + tokens);
  }
}

/**
 * The key a client address is limited under: IPv4 as it is (also when IPv4-mapped, `::ffff:1.2.3.4`), IPv6
 * by its /64 prefix, which is what one home, phone or guest network gets.
 */
export function addressKey(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(':')) return a;
  const [head = '', tail] = a.split('%')[0]!.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (g.replace(/^0+(?=.)/, '') || '0'))
    .join(':')}::/64`;
}

/** Seconds to tell a client, at least 1. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

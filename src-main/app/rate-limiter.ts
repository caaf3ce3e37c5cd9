/**
 * Sliding-window limits per key (a client address, an ID hash): at most `limit` hits in `windowMs`.
 * Time is passed in; memory is bounded by forgetting keys whose hits have all expired.
 */
export class RateLimiter {
  private hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Records a hit if allowed; otherwise returns when the next hit will be. */
  hit(key: string, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const from = now - this.windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > from);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return { ok: false, retryAfterMs: list[0]! + this.windowMs - now };
    }
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 10_000) this.sweep(now);
    return { ok: true };
  }

  private sweep(now: number): void {
    for (const [key, list] of this.hits) if (list.every((t) => t <= now - this.windowMs)) this.hits.delete(key);
  }
}

import { LINK_CLOCK_SKEW_MS } from '../contracts';

/** Nonces remembered per linked hall; a hall sends a few requests a second at most, even catching up. */
export const MAX_NONCES_PER_HALL = 10_000;

export type NonceCheck = 'fresh' | 'replayed' | 'too-old';

/**
 * The nonces one linked hall used within the accepted clock window, bounded in time and size. A request
 * whose `at` is outside the window is refused before it gets here (CLOCK_SKEW), so a nonce older than the
 * window is forgotten. When the table is full the oldest nonce is dropped and requests made at or before
 * its time are refused from then on ('too-old'): a forgotten nonce can never be replayed. The hall's own
 * requests are made one after another with growing times and never meet that floor; a refused one is
 * simply sent again with a new nonce and the current time.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();
  private floor = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly max = MAX_NONCES_PER_HALL,
    private readonly windowMs = LINK_CLOCK_SKEW_MS,
  ) {}

  get size(): number {
    return this.seen.size;
  }

  /** Records the nonce when it is fresh. */
  check(nonce: string, at: number, now: number): NonceCheck {
    this.forgetOld(now);
    if (at <= this.floor) return 'too-old';
    if (this.seen.has(nonce)) return 'replayed';
    this.seen.set(nonce, at);
    if (this.seen.size > this.max) {
      const [oldest, oldestAt] = this.seen.entries().next().value as [string, number];
      this.seen.delete(oldest);
      this.floor = Math.max(this.floor, oldestAt);
    }
    return 'fresh';
  }

  /** Insertion order is (nearly) time order: stop at the first nonce still inside the window. */
  private forgetOld(now: number): void {
    const limit = now - this.windowMs;
    for (const [nonce, at] of this.seen) {
      if (at >= limit) break;
      this.seen.delete(nonce);
    }
  }
}

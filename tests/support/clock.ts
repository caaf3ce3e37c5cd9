import type { Clock } from '../../src-main/app/ports';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Monday 2026-11-23 09:00 in Asia/Shanghai. */
export const MONDAY_9AM_BEIJING = Date.UTC(2026, 10, 23, 1, 0, 0);

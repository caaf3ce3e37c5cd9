import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../src-main/city/replay-guard';

// The nonce memory of one linked hall: bounded in time (the clock window) and in size, and never letting a
// forgotten nonce through again.

describe('ReplayGuard', () => {
  it('refuses a nonce seen within the window and forgets those older than it', () => {
    const g = new ReplayGuard(100, 1000);
    expect(g.check('n1', 10_000, 10_000)).toBe('fresh');
    expect(g.check('n1', 10_000, 10_500)).toBe('replayed');
    expect(g.check('n2', 10_400, 10_500)).toBe('fresh');
    // n1's time left the window (the clock check refuses it from now on anyway): forgotten.
    expect(g.check('n3', 11_200, 11_200)).toBe('fresh');
    expect(g.size).toBe(2);
  });

  it('stays within its size; requests made at or before a dropped nonce’s time are refused', () => {
    const g = new ReplayGuard(3, 60_000);
    for (let i = 0; i < 3; i++) expect(g.check(`n${i}`, 1000 + i, 2000)).toBe('fresh');
    expect(g.check('n3', 1003, 2000)).toBe('fresh');
    expect(g.size).toBe(3);
    // n0 (at 1000) was dropped: replaying it, or anything as old, is refused.
    expect(g.check('n0', 1000, 2000)).toBe('too-old');
    expect(g.check('fresh-but-old', 999, 2000)).toBe('too-old');
    expect(g.check('n4', 1004, 2000)).toBe('fresh');
    expect(g.check('n3', 1003, 2000)).toBe('replayed');
  });
});

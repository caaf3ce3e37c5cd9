import { describe, expect, it } from 'vitest';
import type { CityFloorView, HallSnapshot } from '../../../src-main/contracts';
import { acceptFloor, watchedHall } from '../../../src-renderer/city/city-floor';
import { hall } from './fixtures';

const floor = (hallId: string, seq: number): CityFloorView => ({ hallId, snapshot: { seq } as HallSnapshot });

describe('the drill-down', () => {
  it('shows the watched hall’s floor, never an older one or another hall’s', () => {
    expect(acceptFloor('a', null, floor('a', 3))).toBe(true);
    expect(acceptFloor('a', floor('a', 3), floor('a', 4))).toBe(true);
    expect(acceptFloor('a', floor('a', 4), floor('a', 3))).toBe(false);
    expect(acceptFloor('a', floor('a', 4), floor('b', 9))).toBe(false);
    expect(acceptFloor(null, null, floor('a', 1))).toBe(false);
    // Switched from hall b to a: a's floor replaces b's whatever the numbers.
    expect(acceptFloor('a', floor('b', 90), floor('a', 1))).toBe(true);
  });

  it('finds the watched hall’s row for the header', () => {
    const halls = [hall({ id: 'a' }), hall({ id: 'b', link: 'offline' })];
    expect(watchedHall(halls, 'b')?.link).toBe('offline');
    expect(watchedHall(halls, 'zz')).toBeNull();
    expect(watchedHall(halls, null)).toBeNull();
  });
});

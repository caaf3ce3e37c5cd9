import { describe, expect, it } from 'vitest';
import { isCompleteNumber, padDisplay, padExpects, pressKey } from '../../src-renderer/kiosk/number-pad';

const letters = ['A', 'B', 'C', 'D', 'E'];
const type = (keys: Parameters<typeof pressKey>[1][]) => keys.reduce((v, k) => pressKey(v, k, letters), '');

describe('missed-number pad', () => {
  it('builds a letter and three digits', () => {
    const value = type([{ letter: 'C' }, { digit: '0' }, { digit: '1' }, { digit: '7' }]);
    expect(value).toBe('C017');
    expect(isCompleteNumber(value)).toBe(true);
    expect(padExpects(value)).toBe('done');
  });

  it('ignores digits before the letter, a fourth digit and letters the hall does not have', () => {
    expect(type([{ digit: '1' }])).toBe('');
    expect(type([{ letter: 'A' }, { digit: '1' }, { digit: '2' }, { digit: '3' }, { digit: '4' }])).toBe('A123');
    expect(type([{ letter: 'Z' }])).toBe('');
  });

  it('starts again with a new letter, deletes and clears', () => {
    expect(type([{ letter: 'A' }, { digit: '1' }, { letter: 'B' }])).toBe('B');
    expect(type([{ letter: 'A' }, { digit: '1' }, 'delete'])).toBe('A');
    expect(type([{ letter: 'A' }, { digit: '1' }, 'clear'])).toBe('');
  });

  it('shows placeholders for what is missing and says what comes next', () => {
    expect(padDisplay('A0')).toEqual(['A', '0', '_', '_']);
    expect(padExpects('')).toBe('letter');
    expect(padExpects('A0')).toBe('digit');
    expect(isCompleteNumber('A01')).toBe(false);
  });
});

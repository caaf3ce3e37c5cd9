import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gb11643CheckCharacter, gb11643Problem, isValidGb11643 } from '../../../hardware/idcard/gb11643';

describe('GB 11643 check character', () => {
  it('accepts the standard example and real-format numbers', () => {
    // The worked example of GB 11643-1999: check character X.
    expect(isValidGb11643('11010519491231002X')).toBe(true);
    expect(isValidGb11643('11010519491231002x')).toBe(true);
    expect(isValidGb11643('110101195105120018')).toBe(true);
    // 2023 foreign permanent resident card and HK residence permit use the same rule.
    expect(isValidGb11643('931643199007150021')).toBe(true);
    expect(isValidGb11643('810000199211030034')).toBe(true);
  });

  it('computes each check character from the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2', () => {
    expect(gb11643CheckCharacter('11010519491231002')).toBe('X');
    expect(gb11643CheckCharacter('11010119510512001')).toBe('8');
    expect(gb11643CheckCharacter('1101011951051200')).toBeUndefined();
  });

  it('says what is wrong', () => {
    expect(gb11643Problem('110105194912310021')).toBe('check-digit');
    expect(gb11643Problem('11010519491231002')).toBe('format');
    expect(gb11643Problem('1101051949123100XX')).toBe('format');
    expect(gb11643Problem('')).toBe('format');
  });

  it('accepts any 17 digits with their computed check character, and rejects every other last character', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), fc.constantFrom(...'0123456789X'), (first17, last) => {
        const check = gb11643CheckCharacter(first17);
        expect(isValidGb11643(first17 + last)).toBe(last === check);
      }),
    );
  });

  it('catches any single changed digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (first17, position, delta) => {
        const valid = first17 + gb11643CheckCharacter(first17);
        const digit = (Number(valid[position]) + delta) % 10;
        const changed = valid.slice(0, position) + digit + valid.slice(position + 1);
        expect(isValidGb11643(changed)).toBe(false);
      }),
    );
  });
});

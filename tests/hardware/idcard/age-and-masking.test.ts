import { describe, expect, it } from 'vitest';
import { ageAt } from '../../../hardware/idcard/age';
import { calendarDateInZone } from '../../../hardware/idcard/calendar-date';
import { maskIdNumber, maskName } from '../../../hardware/idcard/masking';

const d = (year: number, month: number, day: number) => ({ year, month, day });

describe('ageAt', () => {
  it('counts completed years and turns a year older on the birthday', () => {
    expect(ageAt(d(1951, 5, 12), d(2026, 5, 11))).toBe(74);
    expect(ageAt(d(1951, 5, 12), d(2026, 5, 12))).toBe(75);
    expect(ageAt(d(1951, 5, 12), d(2026, 11, 21))).toBe(75);
  });

  it('gives someone born on 29 February their birthday on 1 March in common years', () => {
    expect(ageAt(d(2000, 2, 29), d(2023, 2, 28))).toBe(22);
    expect(ageAt(d(2000, 2, 29), d(2023, 3, 1))).toBe(23);
    expect(ageAt(d(2000, 2, 29), d(2024, 2, 29))).toBe(24);
  });

  it('never goes below zero', () => {
    expect(ageAt(d(2030, 1, 1), d(2026, 1, 1))).toBe(0);
  });
});

describe('calendarDateInZone', () => {
  it('uses the hall zone, not UTC: 16:30 UTC on New Year\'s Eve is already 1 January in Beijing', () => {
    const instant = new Date('2025-12-31T16:30:00Z');
    expect(calendarDateInZone(instant, 'UTC')).toEqual(d(2025, 12, 31));
    expect(calendarDateInZone(instant, 'Asia/Shanghai')).toEqual(d(2026, 1, 1));
  });
});

describe('maskName', () => {
  it.each([
    ['张三明', '张*明'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧**娜'],
    ['王䶮', '王*'],
    ['𠀀明', '𠀀*'],
    ['张', '*'],
    ['', ''],
    ['SMITH JOHN', 'S********N'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['11010519491231002X', '1****************X'],
    ['110101199001011234', '1****************4'],
    ['USA110087031512', 'U*************2'],
    ['H12345678', 'H*******8'],
    ['12345', '1***5'],
    ['1234', '****'],
    ['123', '***'],
  ])('%s → %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });

  it('hides the birth date and all but the first digit of the region (docs/SECURITY.md)', () => {
    const masked = maskIdNumber('11010519491231002X');
    expect(masked.slice(1, 17)).toBe('*'.repeat(16));
  });

  it('only hides more when applied to an older, wider mask (how migration 7 re-masks)', () => {
    expect(maskIdNumber('110105********002X')).toBe('1****************X');
    expect(maskIdNumber('*****5678')).toBe('********8');
  });
});

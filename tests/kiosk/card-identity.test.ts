import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ResidentCardText } from '../../hardware';
import { genderOf, nationOf, parseIsoDate } from '../../hardware';
import { hashIdNumber, identifyCard, priorityClassForAge } from '../../src-main/kiosk/card-identity';

const classes = [
  { id: 'elderly', name: '老年人', nameEn: 'Senior citizen', minAge: 65 },
  { id: 'very-old', name: '高龄老人', nameEn: 'Aged 80 and over', minAge: 80 },
  { id: 'disabled', name: '残疾人', nameEn: 'Person with a disability' },
];

function resident(overrides: Partial<ResidentCardText> = {}): ResidentCardText {
  return {
    kind: 'resident',
    name: '张建国',
    gender: genderOf('1'),
    nation: nationOf('01')!,
    birthDate: parseIsoDate('1951-05-12')!,
    address: '北京市东城区南池子大街12号',
    idNumber: '110101195105120018',
    idNumberValid: true,
    authority: '北京市公安局东城分局',
    validFrom: parseIsoDate('2016-05-20')!,
    validTo: 'long-term',
    ...overrides,
  };
}

const today = (iso: string) => parseIsoDate(iso)!;

describe('priority by age', () => {
  it('gives the class with the highest minimum age the holder has reached', () => {
    expect(priorityClassForAge(64, classes)).toBeNull();
    expect(priorityClassForAge(65, classes)).toEqual({ id: 'elderly', name: '老年人', nameEn: 'Senior citizen' });
    expect(priorityClassForAge(85, classes)?.id).toBe('very-old');
  });

  it('never gives a class without minAge (staff assign those)', () => {
    expect(priorityClassForAge(120, [classes[2]!])).toBeNull();
  });

  it('counts completed years on the hall date: the day before the 65th birthday is still 64', () => {
    const born = parseIsoDate('1961-11-22')!;
    const card = resident({ birthDate: born });
    const options = { priorityClasses: classes, idHashKey: 'k'.repeat(32) };
    expect(identifyCard(card, { ...options, today: today('2026-11-21') }).priorityClass).toBeNull();
    expect(identifyCard(card, { ...options, today: today('2026-11-22') }).priorityClass?.id).toBe('elderly');
  });
});

describe('what leaves the kiosk about a card', () => {
  const key = 'demo-only-id-hash-key-never-use-in-production';

  it('masks name and number and hashes the number with the hall key', () => {
    const id = identifyCard(resident(), { today: today('2026-06-01'), priorityClasses: classes, idHashKey: key });
    expect(id.card).toEqual({ kind: 'resident', maskedName: '张*国', maskedId: '1****************8', age: 75, priorityClass: { id: 'elderly', name: '老年人', nameEn: 'Senior citizen' }, usable: true, problem: null });
    expect(id.citizen).toEqual({ maskedName: '张*国', maskedId: '1****************8', idHash: createHmac('sha256', key).update('110101195105120018').digest('hex') });
    expect(JSON.stringify(id)).not.toContain('110101195105120018');
    expect(JSON.stringify(id)).not.toContain('张建国');
    expect(JSON.stringify(id)).not.toContain('南池子');
  });

  it('hashes the same citizen alike whatever the case of the check character, and differently per key', () => {
    expect(hashIdNumber('11010519491231002x', 'a')).toBe(hashIdNumber('11010519491231002X', 'a'));
    expect(hashIdNumber('11010519491231002X', 'a')).not.toBe(hashIdNumber('11010519491231002X', 'b'));
    expect(hashIdNumber('11010519491231002X', 'a')).toMatch(/^[0-9a-f]{64}$/);
    expect(() => hashIdNumber('11010519491231002X', '')).toThrow(/key is empty/);
  });

  it('refuses a card whose number fails the GB 11643 check, saying so', () => {
    const id = identifyCard(resident({ idNumber: '110101195105120019', idNumberValid: false }), { today: today('2026-06-01'), priorityClasses: classes, idHashKey: key });
    expect(id.card.usable).toBe(false);
    expect(id.card.problem).toMatchObject({ code: 'CARD_ID_INVALID', message: expect.stringContaining('校验未通过') });
  });

  it('uses the permit number and the Chinese name of a foreign permanent resident card', () => {
    const id = identifyCard(
      {
        kind: 'foreign-permanent-2017',
        englishName: 'SMITH JOHN WILLIAM',
        chineseName: '史密斯',
        gender: genderOf('1'),
        permitNumber: 'USA110072081501',
        nationalityCode: 'USA',
        birthDate: parseIsoDate('1972-08-15')!,
        validFrom: parseIsoDate('2017-06-01')!,
        validTo: parseIsoDate('2027-06-01')!,
        cardVersion: '01',
        authorityCode: '1100',
      },
      { today: today('2026-06-01'), priorityClasses: classes, idHashKey: key },
    );
    expect(id.card).toMatchObject({ kind: 'foreign-permanent-2017', maskedName: '史*斯', maskedId: 'U*************1', age: 53, usable: true });
  });
});

import { describe, expect, it } from 'vitest';
import { GENDERS } from '../../../hardware/idcard/gender';
import { FOREIGN_2017_LAYOUT, FOREIGN_2023_LAYOUT, HMT_PERMIT_LAYOUT, RESIDENT_LAYOUT, layoutBytes } from '../../../hardware/idcard/layouts';
import { NATIONS, nationOf } from '../../../hardware/idcard/nation-table';
import { cardTypeFlag, parseTextBlock } from '../../../hardware/idcard/text-block';
import { loadCardFixtures } from '../../../hardware/simulators/idcard/card-fixture';
import { encodeCardText } from '../../../hardware/simulators/idcard/encode-card-text';
import { blockWith, residentBlock } from '../helpers/card-blocks';

describe('text block layouts', () => {
  it('each layout covers exactly 256 bytes', () => {
    for (const layout of [RESIDENT_LAYOUT, FOREIGN_2017_LAYOUT, FOREIGN_2023_LAYOUT, HMT_PERMIT_LAYOUT]) expect(layoutBytes(layout)).toBe(256);
  });
});

describe('resident card (居民身份证)', () => {
  it('parses every field from its GA/T 490 offset', () => {
    expect(parseTextBlock(residentBlock())).toEqual({
      kind: 'resident',
      name: '张三明',
      gender: { code: '1', name: '男', nameEn: 'male' },
      nation: { code: '01', name: '汉', nameEn: 'Han' },
      birthDate: { year: 1990, month: 1, day: 1 },
      address: '北京市东城区东华门大街1号',
      idNumber: '11010519491231002X',
      idNumberValid: true,
      authority: '北京市公安局东城分局',
      validFrom: { year: 2015, month: 1, day: 1 },
      validTo: { year: 2035, month: 1, day: 1 },
    });
  });

  it('reads 长期 as a card that never expires', () => {
    expect(parseTextBlock(residentBlock({ to: '长期' }))).toMatchObject({ validTo: 'long-term' });
  });

  it('keeps a name with a character outside GBK (䶮, U+4DAE)', () => {
    expect(parseTextBlock(residentBlock({ name: '王䶮' }))).toMatchObject({ name: '王䶮' });
  });

  it('trims NUL padding as well as spaces', () => {
    const block = residentBlock();
    block.fill(0, 6, 30);
    expect(parseTextBlock(block)).toMatchObject({ name: '张三明' });
  });

  it('flags a wrong check character but still returns the card', () => {
    expect(parseTextBlock(residentBlock({ id: '110105194912310021' }))).toMatchObject({ idNumber: '110105194912310021', idNumberValid: false });
  });

  it.each([
    { field: 'birthDate', override: { birth: '19900231' }, text: 'birthDate: not a valid YYYYMMDD date, got "19900231"' },
    { field: 'gender', override: { gender: '3' }, text: 'gender: sex code must be 0, 1, 2 or 9, got "3"' },
    { field: 'nation', override: { nation: '57' }, text: 'nation: not a GB 3304 ethnic group code, got "57"' },
    { field: 'name', override: { name: '' }, text: 'name: must not be empty, got ""' },
    { field: 'validTo', override: { to: '2035' }, text: 'validTo: not a valid YYYYMMDD date, got "2035"' },
  ])('names the bad field: $field', ({ field, override, text }) => {
    expect(() => parseTextBlock(residentBlock(override))).toThrow(expect.objectContaining({ code: 'IDCARD_BAD_TEXT_BLOCK', details: expect.objectContaining({ field }) }));
    try {
      parseTextBlock(residentBlock(override));
    } catch (error) {
      expect((error as { messageEn: string }).messageEn).toBe(`The text block of the card could not be parsed (${text})`);
    }
  });

  it('refuses a block that is not 256 bytes', () => {
    expect(() => parseTextBlock(Buffer.alloc(100))).toThrow(expect.objectContaining({ code: 'IDCARD_BAD_TEXT_BLOCK' }));
  });
});

describe('foreign permanent resident card, 2017 edition (flag I)', () => {
  const block = blockWith([
    [0, 120, 'SMITH JOHN WILLIAM'],
    [120, 2, '1'],
    [122, 30, 'USA110087031512'],
    [152, 6, 'USA'],
    [158, 30, '史密斯'],
    [188, 16, '20180401'],
    [204, 16, '20280401'],
    [220, 16, '19870315'],
    [236, 4, '01'],
    [240, 8, '1100'],
    [248, 2, 'I'],
  ]);

  it('is detected by the I at byte 248', () => {
    expect(cardTypeFlag(block)).toBe('I');
  });

  it('parses its own layout', () => {
    expect(parseTextBlock(block)).toEqual({
      kind: 'foreign-permanent-2017',
      englishName: 'SMITH JOHN WILLIAM',
      chineseName: '史密斯',
      gender: { code: '1', name: '男', nameEn: 'male' },
      permitNumber: 'USA110087031512',
      nationalityCode: 'USA',
      birthDate: { year: 1987, month: 3, day: 15 },
      validFrom: { year: 2018, month: 4, day: 1 },
      validTo: { year: 2028, month: 4, day: 1 },
      cardVersion: '01',
      authorityCode: '1100',
    });
  });
});

describe('foreign permanent resident card, 2023 edition (flag Y)', () => {
  const longName = 'WOLFESCHLEGELSTEINHAUSEN BARTHOLOMEW ALEXANDER';
  const block = blockWith([
    [0, 30, '安娜'],
    [30, 2, '2'],
    [32, 4, '03'],
    [36, 16, '19900715'],
    [52, 70, longName.slice(0, 35)],
    [122, 36, '931643199007150021'],
    [188, 16, '20240110'],
    [204, 16, '20340110'],
    [220, 22, longName.slice(35)],
    [242, 6, 'RUS'],
    [248, 2, 'Y'],
  ]);

  it('parses its own layout and joins the two parts of a long English name', () => {
    expect(longName.length).toBe(46);
    expect(parseTextBlock(block)).toEqual({
      kind: 'foreign-permanent-2023',
      chineseName: '安娜',
      englishName: longName,
      gender: { code: '2', name: '女', nameEn: 'female' },
      renewalCount: 3,
      birthDate: { year: 1990, month: 7, day: 15 },
      idNumber: '931643199007150021',
      idNumberValid: true,
      validFrom: { year: 2024, month: 1, day: 10 },
      validTo: { year: 2034, month: 1, day: 10 },
      nationalityCode: 'RUS',
      previousCardLink: '',
    });
  });
});

describe('HK / Macau / Taiwan residence permit (flag J)', () => {
  const block = blockWith([
    [0, 30, '陈家豪'],
    [30, 2, '1'],
    [36, 16, '19921103'],
    [52, 70, '广东省深圳市福田区福华路1号'],
    [122, 36, '810000199211030034'],
    [158, 30, '深圳市公安局福田分局'],
    [188, 16, '20230301'],
    [204, 16, '20280301'],
    [220, 18, 'H12345678'],
    [238, 4, '01'],
    [248, 2, 'J'],
  ]);

  it('parses the pass number, issue count and region', () => {
    expect(parseTextBlock(block)).toMatchObject({
      kind: 'hmt-residence-permit',
      name: '陈家豪',
      idNumber: '810000199211030034',
      idNumberValid: true,
      passNumber: 'H12345678',
      issueCount: 1,
      region: 'HK',
      address: '广东省深圳市福田区福华路1号',
    });
  });
});

describe('card type flag', () => {
  it('refuses an unknown flag and names it', () => {
    const block = residentBlock();
    block.write('Z', 248, 2, 'utf16le');
    expect(() => parseTextBlock(block)).toThrow(expect.objectContaining({ code: 'IDCARD_UNSUPPORTED_CARD_TYPE', details: { flag: 'Z', offset: 248 } }));
  });
});

describe('GB 3304 and GB/T 2261.1 tables', () => {
  it('has the 56 ethnic groups 01-56 plus 97 and 98', () => {
    const codes = Object.keys(NATIONS).sort();
    expect(codes).toHaveLength(58);
    expect(codes.slice(0, 56)).toEqual(Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(codes.slice(56)).toEqual(['97', '98']);
    expect(nationOf('01')?.name).toBe('汉');
    expect(nationOf('56')?.name).toBe('基诺');
    expect(nationOf('98')?.name).toBe('外国血统中国籍人士');
    expect(nationOf('00')).toBeUndefined();
  });

  it('has the four sex codes', () => {
    expect(Object.keys(GENDERS)).toEqual(['0', '1', '2', '9']);
    expect(GENDERS['9'].name).toBe('未说明的性别');
  });
});

describe('fixtures round trip through the simulator encoder and the driver parser', () => {
  it('every built-in fixture parses back to its own values', async () => {
    for (const card of await loadCardFixtures()) {
      const parsed = parseTextBlock(encodeCardText(card));
      expect(parsed.kind).toBe(card.kind);
      if (parsed.kind === 'resident' && card.kind === 'resident') {
        expect(parsed).toMatchObject({ name: card.name, idNumber: card.idNumber, idNumberValid: true, nation: { code: card.nationCode } });
      }
      if (parsed.kind === 'foreign-permanent-2023' && card.kind === 'foreign-permanent-2023') {
        expect(parsed).toMatchObject({ englishName: card.englishName, idNumberValid: true });
      }
      if (parsed.kind === 'hmt-residence-permit' && card.kind === 'hmt-residence-permit') {
        expect(parsed).toMatchObject({ passNumber: card.passNumber, issueCount: card.issueCount });
      }
    }
  });
});

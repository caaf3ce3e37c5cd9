import type { DeviceError } from '../serial/device-error';
import type { CalendarDate } from './calendar-date';
import { parseCompactDate } from './calendar-date';
import type { CardExpiry, CardText, HmtRegion } from './card-types';
import { isValidGb11643 } from './gb11643';
import type { Gender } from './gender';
import { genderOf, isGenderCode } from './gender';
import type { IdCardErrorCode } from './idcard-errors';
import { idcardError } from './idcard-errors';
import type { FieldLayout, FieldValues } from './layouts/field-layout';
import { CARD_TYPE_FLAG_OFFSET, TEXT_BLOCK_BYTES, fieldPositions, readFields, trimPadding } from './layouts/field-layout';
import { FOREIGN_2017_LAYOUT } from './layouts/foreign-2017-layout';
import { FOREIGN_2023_LAYOUT } from './layouts/foreign-2023-layout';
import { HMT_PERMIT_LAYOUT } from './layouts/hmt-permit-layout';
import { RESIDENT_LAYOUT } from './layouts/resident-layout';
import type { Nation } from './nation-table';
import { nationOf } from './nation-table';

const FOREIGN_2023_POSITIONS = fieldPositions(FOREIGN_2023_LAYOUT);

export type CardTypeFlag = 'resident' | 'I' | 'Y' | 'J';

/**
 * Which layout the block uses. Resident cards leave byte 248 inside their reserved area, filled with
 * spaces (or NULs on some writers); the other cards put an ASCII letter there.
 */
export function cardTypeFlag(block: Uint8Array): CardTypeFlag {
  checkBlockSize(block);
  const flag = Buffer.from(block.subarray(CARD_TYPE_FLAG_OFFSET, CARD_TYPE_FLAG_OFFSET + 2)).toString('utf16le');
  if (flag === 'I' || flag === 'Y' || flag === 'J') return flag;
  if (trimPadding(flag) === '') return 'resident';
  throw idcardError('IDCARD_UNSUPPORTED_CARD_TYPE', { flag, offset: CARD_TYPE_FLAG_OFFSET }, {
    note: [`第 ${CARD_TYPE_FLAG_OFFSET} 字节的类型标识为 ${JSON.stringify(flag)}`, `type flag at byte ${CARD_TYPE_FLAG_OFFSET} is ${JSON.stringify(flag)}`],
  });
}

/** Parses the 256-byte text block of any supported card. Throws IDCARD_BAD_TEXT_BLOCK naming the bad field. */
export function parseTextBlock(block: Uint8Array): CardText {
  switch (cardTypeFlag(block)) {
    case 'resident':
      return parseResident(block);
    case 'I':
      return parseForeign2017(block);
    case 'Y':
      return parseForeign2023(block);
    case 'J':
      return parseHmtPermit(block);
  }
}

function parseResident(block: Uint8Array): CardText {
  const f = fields(RESIDENT_LAYOUT, block);
  return {
    kind: 'resident',
    name: required(f, 'name'),
    gender: gender(f),
    nation: nation(f),
    birthDate: date(f, 'birthDate'),
    address: f.address,
    idNumber: required(f, 'idNumber'),
    idNumberValid: isValidGb11643(f.idNumber),
    authority: f.authority,
    validFrom: date(f, 'validFrom'),
    validTo: expiry(f, 'validTo'),
  };
}

function parseForeign2017(block: Uint8Array): CardText {
  const f = fields(FOREIGN_2017_LAYOUT, block);
  return {
    kind: 'foreign-permanent-2017',
    englishName: required(f, 'englishName'),
    chineseName: f.chineseName,
    gender: gender(f),
    permitNumber: required(f, 'permitNumber'),
    nationalityCode: required(f, 'nationality'),
    birthDate: date(f, 'birthDate'),
    validFrom: date(f, 'validFrom'),
    validTo: expiry(f, 'validTo'),
    cardVersion: f.cardVersion,
    authorityCode: f.authorityCode,
  };
}

function parseForeign2023(block: Uint8Array): CardText {
  const f = fields(FOREIGN_2023_LAYOUT, block);
  // The English name continues in a second field; the first is space-padded to its full width when it does.
  const first = FOREIGN_2023_POSITIONS.englishName;
  const untrimmedFirst = Buffer.from(block.subarray(first.offset, first.offset + first.bytes)).toString('utf16le');
  const englishName = trimPadding(`${untrimmedFirst}${f.englishNameContinued}`);
  return {
    kind: 'foreign-permanent-2023',
    chineseName: f.chineseName,
    englishName: englishName || missing('englishName'),
    gender: gender(f),
    renewalCount: count(f, 'renewalCount'),
    birthDate: date(f, 'birthDate'),
    idNumber: required(f, 'idNumber'),
    idNumberValid: isValidGb11643(f.idNumber),
    validFrom: date(f, 'validFrom'),
    validTo: expiry(f, 'validTo'),
    nationalityCode: required(f, 'nationality'),
    previousCardLink: f.previousCardLink,
  };
}

function parseHmtPermit(block: Uint8Array): CardText {
  const f = fields(HMT_PERMIT_LAYOUT, block);
  return {
    kind: 'hmt-residence-permit',
    name: required(f, 'name'),
    gender: gender(f),
    birthDate: date(f, 'birthDate'),
    address: f.address,
    idNumber: required(f, 'idNumber'),
    idNumberValid: isValidGb11643(f.idNumber),
    authority: f.authority,
    validFrom: date(f, 'validFrom'),
    validTo: expiry(f, 'validTo'),
    passNumber: required(f, 'passNumber'),
    issueCount: count(f, 'issueCount'),
    region: hmtRegion(f.idNumber),
  };
}

function checkBlockSize(block: Uint8Array): void {
  if (block.length !== TEXT_BLOCK_BYTES) {
    throw badBlock('(block)', `${block.length} bytes`, `文字信息应为 ${TEXT_BLOCK_BYTES} 字节`, `the text block must be ${TEXT_BLOCK_BYTES} bytes`);
  }
}

function fields<Name extends string>(layout: FieldLayout<Name>, block: Uint8Array): FieldValues<Name> {
  return readFields(layout, block);
}

function badBlock(field: string, value: string, zh: string, en: string): DeviceError<IdCardErrorCode> {
  return idcardError('IDCARD_BAD_TEXT_BLOCK', { field, value }, { note: [`${field}：${zh}，值为 ${JSON.stringify(value)}`, `${field}: ${en}, got ${JSON.stringify(value)}`] });
}

function missing(field: string): never {
  throw badBlock(field, '', '不能为空', 'must not be empty');
}

function required<Name extends string>(f: FieldValues<Name>, field: Name): string {
  return f[field] || missing(field);
}

function gender(f: FieldValues<'gender'>): Gender {
  if (!isGenderCode(f.gender)) throw badBlock('gender', f.gender, '性别代码应为 0、1、2 或 9', 'sex code must be 0, 1, 2 or 9');
  return genderOf(f.gender);
}

function nation(f: FieldValues<'nation'>): Nation {
  const found = nationOf(f.nation);
  if (!found) throw badBlock('nation', f.nation, '不在 GB 3304 民族代码表中', 'not a GB 3304 ethnic group code');
  return found;
}

function date<Name extends string>(f: FieldValues<Name>, field: Name): CalendarDate {
  const parsed = parseCompactDate(f[field]);
  if (!parsed) throw badBlock(field, f[field], '不是有效的 YYYYMMDD 日期', 'not a valid YYYYMMDD date');
  return parsed;
}

function expiry<Name extends string>(f: FieldValues<Name>, field: Name): CardExpiry {
  return f[field] === '长期' ? 'long-term' : date(f, field);
}

function count<Name extends string>(f: FieldValues<Name>, field: Name): number {
  if (!/^\d{1,2}$/.test(f[field])) throw badBlock(field, f[field], '应为数字', 'must be digits');
  return Number(f[field]);
}

function hmtRegion(idNumber: string): HmtRegion {
  if (idNumber.startsWith('81')) return 'HK';
  if (idNumber.startsWith('82')) return 'MO';
  if (idNumber.startsWith('83')) return 'TW';
  return 'unknown';
}

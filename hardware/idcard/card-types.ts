import type { CalendarDate } from './calendar-date';
import type { Gender } from './gender';
import type { Nation } from './nation-table';

/** Resident cards for people over 46 never expire: the card stores 长期 instead of a date. */
export type CardExpiry = CalendarDate | 'long-term';

interface CardTextBase {
  readonly gender: Gender;
  readonly birthDate: CalendarDate;
  readonly validFrom: CalendarDate;
  readonly validTo: CardExpiry;
}

/** 居民身份证 */
export interface ResidentCardText extends CardTextBase {
  readonly kind: 'resident';
  readonly name: string;
  readonly nation: Nation;
  readonly address: string;
  readonly idNumber: string;
  /** False when the GB 11643 check character does not match; the card is still returned. */
  readonly idNumberValid: boolean;
  readonly authority: string;
}

/** 外国人永久居留身份证 (2017 edition, flag 'I'). */
export interface ForeignPermanentResident2017Text extends CardTextBase {
  readonly kind: 'foreign-permanent-2017';
  readonly englishName: string;
  /** Empty when the holder has no Chinese name. */
  readonly chineseName: string;
  /** 15 characters: 3 letters of nationality + 12 digits. */
  readonly permitNumber: string;
  /** GB/T 2659 three-letter code, e.g. USA. */
  readonly nationalityCode: string;
  readonly cardVersion: string;
  readonly authorityCode: string;
}

/** 外国人永久居留身份证 (2023 edition, flag 'Y'). */
export interface ForeignPermanentResident2023Text extends CardTextBase {
  readonly kind: 'foreign-permanent-2023';
  readonly chineseName: string;
  readonly englishName: string;
  readonly renewalCount: number;
  /** 18 characters starting with 9, GB 11643 check character. */
  readonly idNumber: string;
  readonly idNumberValid: boolean;
  readonly nationalityCode: string;
  /** Raw link to the number of an earlier card; its derivation rule is not public. */
  readonly previousCardLink: string;
}

export type HmtRegion = 'HK' | 'MO' | 'TW' | 'unknown';

/** 港澳台居民居住证 (flag 'J'). */
export interface HmtResidencePermitText extends CardTextBase {
  readonly kind: 'hmt-residence-permit';
  readonly name: string;
  readonly address: string;
  /** 18 characters; 810000 Hong Kong, 820000 Macau, 830000 Taiwan. */
  readonly idNumber: string;
  readonly idNumberValid: boolean;
  readonly authority: string;
  /** 港澳居民来往内地通行证 / 台湾居民来往大陆通行证 number. */
  readonly passNumber: string;
  readonly issueCount: number;
  readonly region: HmtRegion;
}

export type CardText = ResidentCardText | ForeignPermanentResident2017Text | ForeignPermanentResident2023Text | HmtResidencePermitText;

export type CardKind = CardText['kind'];

export interface CardImages {
  /** The 1024-byte WLT-compressed photo, kept raw: there is no open decoder for it. */
  readonly photoWlt: Buffer;
  /** 1024 bytes of fingerprint templates when read with command 30 10. */
  readonly fingerprint?: Buffer;
}

export type IdCard = CardText & CardImages;

/** The name to greet the holder with: the Chinese name where the card has one. */
export function holderName(card: CardText): string {
  switch (card.kind) {
    case 'resident':
    case 'hmt-residence-permit':
      return card.name;
    case 'foreign-permanent-2017':
    case 'foreign-permanent-2023':
      return card.chineseName || card.englishName;
    default:
      return assertNever(card);
  }
}

/** The number that identifies the holder on this kind of card. */
export function documentNumber(card: CardText): string {
  return card.kind === 'foreign-permanent-2017' ? card.permitNumber : card.idNumber;
}

function assertNever(value: never): never {
  throw new Error(`unhandled card kind: ${JSON.stringify(value)}`);
}

import type { CalendarDate } from '../../idcard/calendar-date';
import { parseIsoDate, toCompactDate } from '../../idcard/calendar-date';
import { FieldTooLongError, writeFields } from '../../idcard/layouts/field-layout';
import { FOREIGN_2017_LAYOUT } from '../../idcard/layouts/foreign-2017-layout';
import { FOREIGN_2023_LAYOUT } from '../../idcard/layouts/foreign-2023-layout';
import { HMT_PERMIT_LAYOUT } from '../../idcard/layouts/hmt-permit-layout';
import { RESIDENT_LAYOUT } from '../../idcard/layouts/resident-layout';
import type { CardFixture } from './card-fixture';
import { FixtureError } from './card-fixture';

/** Builds the 256-byte UCS-2 LE text block a real card would hand the reader for this fixture. */
export function encodeCardText(card: CardFixture): Buffer {
  try {
    return encode(card);
  } catch (error) {
    if (error instanceof FieldTooLongError) throw new FixtureError(card.id, [error.message]);
    throw error;
  }
}

function encode(card: CardFixture): Buffer {
  switch (card.kind) {
    case 'resident':
      return writeFields(RESIDENT_LAYOUT, {
        name: card.name,
        gender: card.gender,
        nation: card.nationCode,
        birthDate: compact(card.birthDate),
        address: card.address,
        idNumber: card.idNumber,
        authority: card.authority,
        validFrom: compact(card.validFrom),
        validTo: card.validTo === '长期' ? '长期' : compact(card.validTo),
      });
    case 'foreign-permanent-2017':
      return writeFields(FOREIGN_2017_LAYOUT, {
        englishName: card.englishName,
        gender: card.gender,
        permitNumber: card.permitNumber,
        nationality: card.nationalityCode,
        chineseName: card.chineseName,
        validFrom: compact(card.validFrom),
        validTo: compact(card.validTo),
        birthDate: compact(card.birthDate),
        cardVersion: card.cardVersion,
        authorityCode: card.authorityCode,
        typeFlag: 'I',
      });
    case 'foreign-permanent-2023':
      return writeFields(FOREIGN_2023_LAYOUT, {
        chineseName: card.chineseName,
        gender: card.gender,
        renewalCount: String(card.renewalCount).padStart(2, '0'),
        birthDate: compact(card.birthDate),
        // The first field takes 35 characters; the rest of a long name goes to the continuation field.
        englishName: card.englishName.slice(0, 35),
        idNumber: card.idNumber,
        validFrom: compact(card.validFrom),
        validTo: compact(card.validTo),
        englishNameContinued: card.englishName.slice(35),
        nationality: card.nationalityCode,
        typeFlag: 'Y',
        previousCardLink: card.previousCardLink,
      });
    case 'hmt-residence-permit':
      return writeFields(HMT_PERMIT_LAYOUT, {
        name: card.name,
        gender: card.gender,
        birthDate: compact(card.birthDate),
        address: card.address,
        idNumber: card.idNumber,
        authority: card.authority,
        validFrom: compact(card.validFrom),
        validTo: compact(card.validTo),
        passNumber: card.passNumber,
        issueCount: String(card.issueCount).padStart(2, '0'),
        typeFlag: 'J',
      });
  }
}

function compact(iso: string): string {
  // The schema has already checked the date; parse again only to format it.
  return toCompactDate(parseIsoDate(iso) as CalendarDate);
}

/** A stand-in for the WLT photo: 1024 bytes derived from the id, so each card's photo differs and is stable. */
export function fakeWltPhoto(card: CardFixture): Buffer {
  return pseudoRandomBytes(`photo:${card.id}`, 1024);
}

export function fakeFingerprint(card: CardFixture): Buffer {
  return pseudoRandomBytes(`fingerprint:${card.id}`, 1024);
}

function pseudoRandomBytes(seedText: string, length: number): Buffer {
  let state = 2166136261;
  for (const char of seedText) state = Math.imul(state ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

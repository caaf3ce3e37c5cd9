import type { FieldLayout } from './field-layout';

/** 外国人永久居留身份证, 2017 edition: type flag 'I' at byte 248. */
export const FOREIGN_2017_LAYOUT = [
  { name: 'englishName', bytes: 120 },
  { name: 'gender', bytes: 2 },
  { name: 'permitNumber', bytes: 30 },
  { name: 'nationality', bytes: 6 },
  { name: 'chineseName', bytes: 30 },
  { name: 'validFrom', bytes: 16 },
  { name: 'validTo', bytes: 16 },
  { name: 'birthDate', bytes: 16 },
  { name: 'cardVersion', bytes: 4 },
  { name: 'authorityCode', bytes: 8 },
  { name: 'typeFlag', bytes: 2 },
  { name: 'reserved', bytes: 6 },
] as const satisfies FieldLayout;

export type Foreign2017Field = (typeof FOREIGN_2017_LAYOUT)[number]['name'];

import type { FieldLayout } from './field-layout';

/**
 * 外国人永久居留身份证, 2023 edition: type flag 'Y' at byte 248. Built to sit close to the resident
 * layout (Chinese name first, 18-digit number where the resident card has its number). The 30 bytes
 * where residents carry the issuing authority are reserved here; the English name is split into the
 * first 35 characters and characters 36-46. Less corroborated than the other layouts: see docs/HARDWARE.md.
 */
export const FOREIGN_2023_LAYOUT = [
  { name: 'chineseName', bytes: 30 },
  { name: 'gender', bytes: 2 },
  { name: 'renewalCount', bytes: 4 },
  { name: 'birthDate', bytes: 16 },
  { name: 'englishName', bytes: 70 },
  { name: 'idNumber', bytes: 36 },
  { name: 'reserved', bytes: 30 },
  { name: 'validFrom', bytes: 16 },
  { name: 'validTo', bytes: 16 },
  { name: 'englishNameContinued', bytes: 22 },
  { name: 'nationality', bytes: 6 },
  { name: 'typeFlag', bytes: 2 },
  { name: 'previousCardLink', bytes: 6 },
] as const satisfies FieldLayout;

export type Foreign2023Field = (typeof FOREIGN_2023_LAYOUT)[number]['name'];

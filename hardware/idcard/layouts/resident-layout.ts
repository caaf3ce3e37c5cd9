import type { FieldLayout } from './field-layout';

/** 居民身份证 (GA/T 490 machine-readable text file). */
export const RESIDENT_LAYOUT = [
  { name: 'name', bytes: 30 },
  { name: 'gender', bytes: 2 },
  { name: 'nation', bytes: 4 },
  { name: 'birthDate', bytes: 16 },
  { name: 'address', bytes: 70 },
  { name: 'idNumber', bytes: 36 },
  { name: 'authority', bytes: 30 },
  { name: 'validFrom', bytes: 16 },
  { name: 'validTo', bytes: 16 },
  { name: 'reserved', bytes: 36 },
] as const satisfies FieldLayout;

export type ResidentField = (typeof RESIDENT_LAYOUT)[number]['name'];

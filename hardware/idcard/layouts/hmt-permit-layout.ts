import type { FieldLayout } from './field-layout';

/** 港澳台居民居住证: the resident layout with the pass number and issue count in the reserved tail, flag 'J'. */
export const HMT_PERMIT_LAYOUT = [
  { name: 'name', bytes: 30 },
  { name: 'gender', bytes: 2 },
  { name: 'reserved1', bytes: 4 },
  { name: 'birthDate', bytes: 16 },
  { name: 'address', bytes: 70 },
  { name: 'idNumber', bytes: 36 },
  { name: 'authority', bytes: 30 },
  { name: 'validFrom', bytes: 16 },
  { name: 'validTo', bytes: 16 },
  { name: 'passNumber', bytes: 18 },
  { name: 'issueCount', bytes: 4 },
  { name: 'reserved2', bytes: 6 },
  { name: 'typeFlag', bytes: 2 },
  { name: 'reserved3', bytes: 6 },
] as const satisfies FieldLayout;

export type HmtPermitField = (typeof HMT_PERMIT_LAYOUT)[number]['name'];

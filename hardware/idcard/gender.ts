/** GB/T 2261.1 sex codes as stored on the card. */
export const GENDERS = {
  '0': { name: '未知的性别', nameEn: 'unknown' },
  '1': { name: '男', nameEn: 'male' },
  '2': { name: '女', nameEn: 'female' },
  '9': { name: '未说明的性别', nameEn: 'not stated' },
} as const;

export type GenderCode = keyof typeof GENDERS;

export interface Gender {
  readonly code: GenderCode;
  readonly name: string;
  readonly nameEn: string;
}

export function isGenderCode(code: string): code is GenderCode {
  return Object.hasOwn(GENDERS, code);
}

export function genderOf(code: GenderCode): Gender {
  return { code, ...GENDERS[code] };
}

// GB 11643-1999 citizen identity number: 17 digits + a check character (ISO 7064 MOD 11-2).
// The 2023 foreign permanent resident card and the HK/Macau/Taiwan residence permit use the same rule.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** The check character for the first 17 digits, or undefined if they are not 17 digits. */
export function gb11643CheckCharacter(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS[sum % 11];
}

export type IdNumberProblem = 'format' | 'check-digit';

/** Undefined when valid; otherwise what is wrong. A lowercase x is accepted as people type it. */
export function gb11643Problem(idNumber: string): IdNumberProblem | undefined {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return 'format';
  return gb11643CheckCharacter(idNumber.slice(0, 17)) === idNumber.slice(17).toUpperCase() ? undefined : 'check-digit';
}

export function isValidGb11643(idNumber: string): boolean {
  return gb11643Problem(idNumber) === undefined;
}

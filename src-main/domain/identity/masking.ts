/**
 * Masks a name for screens and the hall: first character, stars, last character (张*明), or the first
 * character and one star for two-character names (张*). Counts code points so a rare character
 * outside the BMP counts as one.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * Keeps the first 6 and last 4 characters of an identity number (110101********123X). Shorter numbers
 * (15-character foreign permits) keep the same ends with fewer stars; numbers of 10 or fewer
 * characters keep only their last 4, because the first 6 would then reveal most of them.
 */
export function maskIdNumber(idNumber: string): string {
  const chars = Array.from(idNumber.trim());
  if (chars.length <= 4) return '*'.repeat(chars.length);
  if (chars.length <= 10) return `${'*'.repeat(chars.length - 4)}${chars.slice(-4).join('')}`;
  return `${chars.slice(0, 6).join('')}${'*'.repeat(chars.length - 10)}${chars.slice(-4).join('')}`;
}

/** Keeps the first 3 and last 4 digits of a mobile number (138****8000); a short one is all stars. */
export function maskMobile(mobile: string): string {
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****';
}

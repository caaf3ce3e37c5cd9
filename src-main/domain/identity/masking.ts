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
 * Keeps only the first and the last character of an identity number (1****************X). Why so few: an
 * 18-character number is region (6) + birth date (8) + sequence (3) + check character, and the check
 * character is a function of the other 17. A mask that shows the region and the sequence leaves only the
 * birth date hidden: about 36,500 candidates, tried in well under a second against a keyed hash once its key
 * is known. With only the first and last shown, the hidden part is most of the region, the whole birth
 * date and the sequence: some 10^10 candidates even for an attacker who knows the key. The first character
 * (the province's first digit) and the check character still let a citizen recognise their own number.
 * Numbers of 4 or fewer characters are all stars. Applied to an older, wider mask it only hides more
 * (stars stay stars): migration 7 re-masks stored masks with it.
 */
export function maskIdNumber(idNumber: string): string {
  const chars = Array.from(idNumber.trim());
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Keeps the first 3 and last 4 digits of a mobile number (138****8000); a short one is all stars. */
export function maskMobile(mobile: string): string {
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****';
}

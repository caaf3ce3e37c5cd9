// What a citizen types into the forms, checked before anything is sent: the resident ID number (GB 11643:
// 17 digits, a check digit, a real birth date), a mainland mobile number, a name. The hall checks the ID
// again and answers INVALID_ID_NUMBER; the page just says it sooner and more precisely.

export type IdProblem = 'empty' | 'length' | 'chars' | 'birth-date' | 'check-digit';
export type MobileProblem = 'empty' | 'format';
export type NameProblem = 'empty' | 'too-long';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Spaces removed, a lower-case x made upper-case: people type ID numbers in groups. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** The check character for the first 17 digits. */
export function gb11643CheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** `today` (YYYY-MM-DD) bounds the birth date: nobody is born tomorrow. */
export function idNumberProblem(raw: string, today: string): IdProblem | null {
  const id = normalizeIdNumber(raw);
  if (id.length === 0) return 'empty';
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'chars';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const birth = id.slice(6, 14);
  const valid = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!valid || y < 1900 || birth > today.replace(/-/g, '')) return 'birth-date';
  if (gb11643CheckDigit(id.slice(0, 17)) !== id[17]) return 'check-digit';
  return null;
}

export function normalizeMobile(raw: string): string {
  return raw.replace(/[\s-]+/g, '');
}

export function mobileProblem(raw: string): MobileProblem | null {
  const m = normalizeMobile(raw);
  if (m.length === 0) return 'empty';
  return /^1[3-9]\d{9}$/.test(m) ? null : 'format';
}

export function nameProblem(raw: string): NameProblem | null {
  const n = raw.trim();
  if (n.length === 0) return 'empty';
  return n.length > 30 ? 'too-long' : null;
}

export interface CitizenForm {
  name: string;
  mobile: string;
  idNumber: string;
}

export interface CitizenFormProblems {
  name?: NameProblem | undefined;
  mobile?: MobileProblem | undefined;
  idNumber?: IdProblem | undefined;
}

export function citizenFormProblems(form: CitizenForm, today: string): CitizenFormProblems {
  const out: CitizenFormProblems = {};
  const name = nameProblem(form.name);
  const mobile = mobileProblem(form.mobile);
  const idNumber = idNumberProblem(form.idNumber, today);
  if (name) out.name = name;
  if (mobile) out.mobile = mobile;
  if (idNumber) out.idNumber = idNumber;
  return out;
}

/** The form as the hall takes it. */
export function cleanCitizenForm(form: CitizenForm): CitizenForm {
  return { name: form.name.trim(), mobile: normalizeMobile(form.mobile), idNumber: normalizeIdNumber(form.idNumber) };
}

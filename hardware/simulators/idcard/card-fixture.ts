import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseIsoDate } from '../../idcard/calendar-date';

const isoDate = z.string().refine((value) => parseIsoDate(value) !== undefined, 'a real date written YYYY-MM-DD');
const expiry = z.union([z.literal('长期'), isoDate]);
const genderCode = z.enum(['0', '1', '2', '9']);
const base = {
  /** Used on the simulator command line: `insert elder-75`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  description: z.string().optional(),
  /** Whether a 30 10 read returns fingerprint templates. */
  hasFingerprint: z.boolean().optional(),
};

const resident = z.object({
  ...base,
  kind: z.literal('resident'),
  name: z.string().min(1),
  gender: genderCode,
  nationCode: z.string().regex(/^\d{2}$/, 'two digits of GB 3304, e.g. 01'),
  birthDate: isoDate,
  address: z.string().min(1),
  idNumber: z.string().min(1),
  authority: z.string().min(1),
  validFrom: isoDate,
  validTo: expiry,
});

const foreign2017 = z.object({
  ...base,
  kind: z.literal('foreign-permanent-2017'),
  englishName: z.string().min(1),
  chineseName: z.string().default(''),
  gender: genderCode,
  permitNumber: z.string().regex(/^[A-Z]{3}\d{12}$/, '3 letters and 12 digits'),
  nationalityCode: z.string().regex(/^[A-Z]{3}$/, 'GB/T 2659 three-letter code'),
  birthDate: isoDate,
  validFrom: isoDate,
  validTo: isoDate,
  cardVersion: z.string().regex(/^\d{2}$/).default('01'),
  authorityCode: z.string().regex(/^\d{4}$/, 'four digits'),
});

const foreign2023 = z.object({
  ...base,
  kind: z.literal('foreign-permanent-2023'),
  chineseName: z.string().default(''),
  englishName: z.string().min(1).max(46),
  gender: genderCode,
  renewalCount: z.number().int().min(0).max(99),
  birthDate: isoDate,
  idNumber: z.string().regex(/^9\d{16}[\dX]$/, '18 characters starting with 9'),
  validFrom: isoDate,
  validTo: isoDate,
  nationalityCode: z.string().regex(/^[A-Z]{3}$/, 'GB/T 2659 three-letter code'),
  previousCardLink: z.string().max(3).default(''),
});

const hmtPermit = z.object({
  ...base,
  kind: z.literal('hmt-residence-permit'),
  name: z.string().min(1),
  gender: genderCode,
  birthDate: isoDate,
  address: z.string().min(1),
  idNumber: z.string().regex(/^8[123]0000\d{11}[\dX]$/, '18 characters starting 810000, 820000 or 830000'),
  authority: z.string().min(1),
  validFrom: isoDate,
  validTo: isoDate,
  passNumber: z.string().min(1).max(9),
  issueCount: z.number().int().min(0).max(99),
});

export const cardFixtureSchema = z.discriminatedUnion('kind', [resident, foreign2017, foreign2023, hmtPermit]);

export type CardFixture = z.output<typeof cardFixtureSchema>;
export type CardFixtureInput = z.input<typeof cardFixtureSchema>;

export class FixtureError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`card fixture ${source}: ${problems.join('; ')}`);
    this.name = 'FixtureError';
  }
}

/** Validates one fixture; the error names the source and every bad field. */
export function parseCardFixture(value: unknown, source = '(inline)'): CardFixture {
  const result = cardFixtureSchema.safeParse(value);
  if (result.success) return result.data;
  throw new FixtureError(source, result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
}

export async function loadCardFixture(path: string): Promise<CardFixture> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new FixtureError(basename(path), [`not readable JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  return parseCardFixture(json, basename(path));
}

export const BUILT_IN_FIXTURE_DIR = fileURLToPath(new URL('../fixtures/cards/', import.meta.url));

/** Every *.json in a directory, sorted by file name; ids must be unique. */
export async function loadCardFixtures(dir = BUILT_IN_FIXTURE_DIR): Promise<CardFixture[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const cards = await Promise.all(files.map((f) => loadCardFixture(join(dir, f))));
  const seen = new Set<string>();
  for (const card of cards) {
    if (seen.has(card.id)) throw new FixtureError(dir, [`id ${card.id} is used twice`]);
    seen.add(card.id);
  }
  return cards;
}

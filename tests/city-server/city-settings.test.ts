import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { CitySettingsError, readCitySettings } from '../../src-main/city/city-settings';
import { catalogueSchema } from '../../src-main/contracts';
import { DEMO_CONFIG_FILE, demoConfig, tempDir } from '../support/hall-fixture';
import { CITY_ENV, KEY_A, KEY_B, writeCityFiles } from './support/city-rig';

// The --city file: every problem is one line naming the file, the field and what is wrong, and the demo
// city's files are valid and match the demo hall.

const ROOT = join(import.meta.dirname, '../..');

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CitySettingsError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('no error');
}

describe('readCitySettings', () => {
  const dirs: Array<() => void> = [];
  afterEach(() => dirs.splice(0).forEach((c) => c()));
  const dir = () => {
    const t = tempDir('city-settings-');
    dirs.push(t.cleanup);
    return t.dir;
  };

  it('reads members, link keys from a file and the environment, accounts and the first catalogue', () => {
    const d = dir();
    const s = readCitySettings(writeCityFiles(d), CITY_ENV);
    expect(s.config.id).toBe('test-city');
    expect(s.config.members.map((m) => m.id)).toEqual(['demo-county', 'township-a', 'township-b']);
    expect(s.keys.get('township-a')).toBe(KEY_A);
    expect(s.keys.get('township-b')).toBe(KEY_B);
    expect(s.keys.has('demo-county')).toBe(false);
    expect(s.initialCatalogue?.categories.map((c) => c.id)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('names the file, the field and the problem', () => {
    const d = dir();
    expect(problem(() => readCitySettings(join(d, 'missing.yaml'), {}))).toMatch(/missing\.yaml: \(file\): cannot read the city settings file: ENOENT/);

    const bad = join(d, 'bad.yaml');
    writeFileSync(bad, 'id: [unclosed');
    expect(problem(() => readCitySettings(bad, {}))).toMatch(/bad\.yaml: \(file\): not valid YAML/);

    const badJson = join(d, 'bad.json');
    writeFileSync(badJson, '{"id": ');
    expect(problem(() => readCitySettings(badJson, {}))).toMatch(/bad\.json: \(file\): not valid JSON/);

    const noAccounts = writeCityFiles(d, (c) => (c.accounts = []));
    expect(problem(() => readCitySettings(noAccounts, CITY_ENV))).toMatch(/city\.yaml: accounts: .*/);

    const dup = writeCityFiles(d, (c) => (c.members as unknown[]).push({ id: 'township-a', keyEnv: 'X' }));
    expect(problem(() => readCitySettings(dup, CITY_ENV))).toMatch(/city\.yaml: members\[3\]\.id: duplicate member township-a/);

    const both = writeCityFiles(d, (c) => ((c.members as Array<Record<string, unknown>>)[1]!.keyEnv = 'X'));
    expect(problem(() => readCitySettings(both, CITY_ENV))).toMatch(/members\[1\]: give keyFile or keyEnv, not both/);

    const zone = writeCityFiles(d, (c) => (c.timeZone = 'Mars/Olympus'));
    expect(problem(() => readCitySettings(zone, CITY_ENV))).toMatch(/city\.yaml: timeZone: unknown time zone "Mars\/Olympus"/);
  });

  it('refuses a missing, short or readable link key', () => {
    const d = dir();
    const file = writeCityFiles(d);
    expect(problem(() => readCitySettings(file, {}))).toMatch(/city\.yaml: members\[2\]\.keyEnv: the link key of member township-b: environment variable TEST_CITY_KEY_B is not set/);
    expect(problem(() => readCitySettings(file, { TEST_CITY_KEY_B: 'short' }))).toMatch(/members\[2\]\.keyEnv: .* has 5 characters; it needs at least 32/);

    const keyFile = join(d, 'township-a.link.key');
    chmodSync(keyFile, 0o644);
    expect(problem(() => readCitySettings(file, CITY_ENV))).toMatch(/members\[1\]\.keyFile: the link key file .*township-a\.link\.key is readable by other users \(mode 644\): chmod 600 it/);
    chmodSync(keyFile, 0o600);
    writeFileSync(keyFile, 'too-short\n');
    expect(problem(() => readCitySettings(file, CITY_ENV))).toMatch(/members\[1\]\.keyFile: the link key of member township-a in the key file .* has 9 characters/);

    const gone = writeCityFiles(d, (c) => ((c.members as Array<Record<string, unknown>>)[1]!.keyFile = 'nowhere.key'));
    expect(problem(() => readCitySettings(gone, CITY_ENV))).toMatch(/members\[1\]\.keyFile: cannot read the link key file .*nowhere\.key: ENOENT/);
  });

  it('checks the catalogue file, naming it and the field', () => {
    const d = dir();
    const file = writeCityFiles(d);
    const catalogue = parseYaml(readFileSync(join(d, 'catalogue.yaml'), 'utf8')) as { categories: Array<{ id: string }>; supervision: { serviceLimitByCategory: Record<string, number> } };
    catalogue.categories[1]!.id = 'A';
    writeFileSync(join(d, 'catalogue.yaml'), toYaml(catalogue));
    expect(problem(() => readCitySettings(file, CITY_ENV))).toMatch(/catalogue\.yaml: categories\[1\]\.id: duplicate category A/);

    const missing = writeCityFiles(d, (c) => (c.catalogue = 'no-such-catalogue.yaml'));
    expect(problem(() => readCitySettings(missing, CITY_ENV))).toMatch(/city\.yaml: catalogue: cannot read the catalogue file .*no-such-catalogue\.yaml: ENOENT/);
  });

  it('the demo city reads with its keys in the environment; its catalogue carries the demo hall’s categories and matters', () => {
    const file = join(ROOT, 'resources/cities/demo-city.yaml');
    expect(problem(() => readCitySettings(file, {}))).toMatch(/demo-city\.yaml: members\[1\]\.keyEnv: .*CITY_KEY_TOWNSHIP_A is not set/);
    const s = readCitySettings(file, { CITY_KEY_TOWNSHIP_A: 'k'.repeat(43), CITY_KEY_TOWNSHIP_B: 'm'.repeat(43) });
    const demo = demoConfig();
    expect(s.config.members.find((m) => m.id === demo.id)).toMatchObject({ level: 'city' });
    expect(s.keys.size).toBe(2);
    const catalogue = catalogueSchema.parse(s.initialCatalogue);
    // Same categories, in the same order, with the same matters: a township copy of the demo hall accepts it.
    expect(catalogue.categories.map((c) => [c.id, c.name, c.matters.map((m) => m.id)])).toEqual(demo.categories.map((c) => [c.id, c.name, c.matters.map((m) => m.id)]));
    expect(catalogue.lowRatingReasons).toEqual(demo.evaluation.lowReasons);
    // 2026 and 2027 holidays; make-up working days fall on weekends and are not holidays.
    expect(catalogue.closedDates).toContain('2026-02-17');
    expect(catalogue.closedDates).toContain('2027-02-06');
    for (const day of Object.keys(catalogue.specialDays)) {
      expect([0, 6]).toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
      expect(catalogue.closedDates).not.toContain(day);
    }
    expect(readFileSync(DEMO_CONFIG_FILE, 'utf8')).toContain(`id: ${demo.id}`);
  });
});

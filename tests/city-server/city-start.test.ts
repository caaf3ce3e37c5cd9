import { afterEach, describe, expect, it } from 'vitest';
import { CitySettingsError, readCitySettings } from '../../src-main/city/city-settings';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import { tempDir } from '../support/hall-fixture';
import { CITY_ENV, LOCAL_HALL, startCity, writeCityFiles } from './support/city-rig';

// A city whose members do not fit the halls this server runs stops at start, saying which member and why:
// a hall run here and also linked would have two writers of one event log.

describe('starting a city', () => {
  const dirs: Array<() => void> = [];
  afterEach(() => dirs.splice(0).forEach((c) => c()));
  const dir = () => {
    const t = tempDir('city-start-');
    dirs.push(t.cleanup);
    return t.dir;
  };
  const clock = new ManualClock(MONDAY_9AM_BEIJING);

  it('refuses a linked member that this server runs itself', async () => {
    const d = dir();
    const file = writeCityFiles(d, (c) => ((c.members as Array<Record<string, unknown>>)[0]!.keyEnv = 'TEST_CITY_KEY_B'));
    expect(readCitySettings(file, CITY_ENV).keys.has(LOCAL_HALL)).toBe(true);
    const err = await startCity(d, clock, file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CitySettingsError);
    expect((err as Error).message).toMatch(/city\.yaml: members\[0\]: member demo-county has a link key but this server runs that hall itself/);
  });

  it('refuses a member with no key that this server does not run', async () => {
    const d = dir();
    const file = writeCityFiles(d, (c) => (c.members as unknown[]).push({ id: 'elsewhere', level: 'village' }));
    await expect(startCity(d, clock, file)).rejects.toThrow(/members\[3\]: member elsewhere has no link key and this server has no config for it/);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixtureError, loadCardFixture, loadCardFixtures, parseCardFixture } from '../../../hardware/simulators/idcard/card-fixture';
import { encodeCardText } from '../../../hardware/simulators/idcard/encode-card-text';
import { IdCardSimulator } from '../../../hardware/simulators/idcard/idcard-simulator';
import { createMemoryLine } from '../../../hardware/serial/memory-line';

const VALID = {
  id: 'test-card',
  kind: 'resident',
  name: '测试',
  gender: '1',
  nationCode: '01',
  birthDate: '1990-01-01',
  address: '测试地址',
  idNumber: '11010519491231002X',
  authority: '测试分局',
  validFrom: '2020-01-01',
  validTo: '2040-01-01',
};

describe('card fixtures', () => {
  it('has the built-in cards the kiosk tests rely on', async () => {
    const cards = await loadCardFixtures();
    expect(cards.map((c) => c.id)).toEqual(['elder-75', 'foreign-2017', 'foreign-2023', 'hmt-permit', 'rare-char', 'resident-30']);
    expect(cards.map((c) => c.kind)).toEqual(['resident', 'foreign-permanent-2017', 'foreign-permanent-2023', 'hmt-residence-permit', 'resident', 'resident']);
  });

  it('names the fixture and every bad field', () => {
    expect(() => parseCardFixture({ ...VALID, birthDate: '1990-02-30', gender: 'M' }, 'broken.json')).toThrow(
      'card fixture broken.json: gender: Invalid option: expected one of "0"|"1"|"2"|"9"; birthDate: a real date written YYYY-MM-DD',
    );
    expect(() => parseCardFixture({ ...VALID, kind: 'passport' }, 'x.json')).toThrow(FixtureError);
  });

  it('names a field that does not fit the card', () => {
    const card = parseCardFixture({ ...VALID, name: '一二三四五六七八九十一二三四五六' });
    expect(() => encodeCardText(card)).toThrow('card fixture test-card: field name needs 16 UCS-2 units, the card holds at most 15');
    expect(() => new IdCardSimulator(createMemoryLine()).insert(card)).toThrow(FixtureError);
  });

  it('reports a file that is not JSON by name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fixtures-'));
    try {
      await writeFile(join(dir, 'bad.json'), '{ "id": ');
      await expect(loadCardFixture(join(dir, 'bad.json'))).rejects.toThrow(/card fixture bad\.json: not readable JSON/);
      await writeFile(join(dir, 'bad.json'), JSON.stringify(VALID));
      await writeFile(join(dir, 'twice.json'), JSON.stringify(VALID));
      await expect(loadCardFixtures(dir)).rejects.toThrow('id test-card is used twice');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the simulator refuses unknown card ids and faults with the list of known ones', () => {
    const simulator = new IdCardSimulator(createMemoryLine(), { cards: [parseCardFixture(VALID)] });
    expect(() => simulator.insert('nobody')).toThrow('no card fixture with id "nobody"; known: test-card');
    expect(() => simulator.injectFault('explode' as never)).toThrow('unknown fault "explode"; known: bad-checksum, silence, read-failed, remove-mid-read');
  });
});

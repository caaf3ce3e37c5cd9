import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readUplinkSettings, UplinkSettingsError } from '../../src-main/edge/uplink-settings';
import { tempDir } from '../support/hall-fixture';

// The --uplink settings file: a good one gives the city's address, the CA and each hall's key; a bad one
// stops the server with one line naming the file, the field and the problem.

const KEY_A = 'k'.repeat(40);
const KEY_B = 'b'.repeat(32);
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('uplink settings', () => {
  const tmp = tempDir('uplink-settings-');
  afterAll(() => tmp.cleanup());
  let n = 0;
  const file = (text: string, ext = 'yaml') => {
    const f = join(tmp.dir, `uplink-${++n}.${ext}`);
    writeFileSync(f, text);
    return f;
  };
  const keyFile = (name: string, key: string, mode = 0o600) => {
    const f = join(tmp.dir, name);
    writeFileSync(f, `${key}\n`, { mode });
    chmodSync(f, mode);
    return f;
  };
  const problem = (f: string, env: NodeJS.ProcessEnv = {}): string => {
    try {
      readUplinkSettings(f, env);
    } catch (err) {
      expect(err).toBeInstanceOf(UplinkSettingsError);
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error('expected the settings to be refused');
  };

  it('reads YAML: keys from a file (relative to the settings file) and from the environment, the CA, the URL without a trailing slash', () => {
    keyFile('a.key', KEY_A);
    writeFileSync(join(tmp.dir, 'ca.pem'), CA);
    const f = file(`cityUrl: https://city.example.gov.cn/\ncaFile: ca.pem\nhalls:\n  - { id: town-a, keyFile: a.key }\n  - { id: town-b, keyEnv: TOWN_B_KEY }\n`);
    expect(readUplinkSettings(f, { TOWN_B_KEY: ` ${KEY_B} ` })).toEqual({
      cityUrl: 'https://city.example.gov.cn',
      ca: CA,
      halls: [
        { id: 'town-a', key: KEY_A },
        { id: 'town-b', key: KEY_B },
      ],
    });
  });

  it('reads JSON, with an absolute key path and plain http', () => {
    const key = keyFile('abs.key', KEY_A);
    const f = file(JSON.stringify({ cityUrl: 'http://127.0.0.1:9000', halls: [{ id: 'town-a', keyFile: key }] }), 'json');
    expect(readUplinkSettings(f, {})).toEqual({ cityUrl: 'http://127.0.0.1:9000', halls: [{ id: 'town-a', key: KEY_A }] });
  });

  it('names the file when it cannot be read or parsed', () => {
    const missing = join(tmp.dir, 'nope.yaml');
    expect(problem(missing)).toBe(`${missing}: uplink settings: (file): cannot read: ENOENT`);
    const badYaml = file('cityUrl: [unclosed\n');
    expect(problem(badYaml)).toMatch(new RegExp(`^${badYaml}: uplink settings: \\(file\\): not valid YAML: `));
    const badJson = file('{ "cityUrl": ', 'json');
    expect(problem(badJson)).toMatch(/uplink settings: \(file\): not valid JSON: /);
  });

  it('names the field and the problem of a bad value', () => {
    keyFile('ok.key', KEY_A);
    expect(problem(file('halls:\n  - { id: town-a, keyFile: ok.key }\n'))).toMatch(/uplink settings: cityUrl: /);
    expect(problem(file('cityUrl: ftp://city.example\nhalls:\n  - { id: town-a, keyFile: ok.key }\n'))).toMatch(/uplink settings: cityUrl: the city platform's address, such as https:\/\//);
    expect(problem(file('cityUrl: https://city.example?x=1\nhalls:\n  - { id: town-a, keyFile: ok.key }\n'))).toMatch(/cityUrl: no query, fragment or user/);
    expect(problem(file('cityUrl: https://city.example\nhalls: []\n'))).toMatch(/uplink settings: halls: list at least one hall to link/);
    expect(problem(file('cityUrl: https://city.example\nhalls:\n  - { id: town-a }\n'))).toMatch(/uplink settings: halls\[0\]: give the link key as keyFile or keyEnv \(exactly one\)/);
    expect(problem(file('cityUrl: https://city.example\nhalls:\n  - { id: town-a, keyFile: ok.key, keyEnv: K }\n'))).toMatch(/halls\[0\]: give the link key as keyFile or keyEnv/);
    expect(problem(file('cityUrl: https://city.example\nhalls:\n  - { id: "bad id", keyFile: ok.key }\n'))).toMatch(/uplink settings: halls\[0\]\.id: letters, digits/);
    expect(problem(file('cityUrl: https://city.example\nhalls:\n  - { id: a, keyFile: ok.key }\n  - { id: a, keyFile: ok.key }\n'))).toMatch(/halls\[1\]\.id: duplicate hall a/);
    expect(problem(file('cityUrl: https://city.example\nkey: x\nhalls:\n  - { id: a, keyFile: ok.key }\n'))).toMatch(/uplink settings: \(root\): Unrecognized key: "key"/);
  });

  it('refuses a missing, short or shared key, naming the hall and where the key is', () => {
    keyFile('short.key', 'too-short');
    keyFile('shared.key', KEY_A, 0o644);
    const f1 = file('cityUrl: https://city.example\nhalls:\n  - { id: town-a, keyFile: missing.key }\n');
    expect(problem(f1)).toBe(`${f1}: uplink settings: halls[0].keyFile: cannot read the link key file of hall town-a ${join(tmp.dir, 'missing.key')}: ENOENT`);
    const f2 = file('cityUrl: https://city.example\nhalls:\n  - { id: town-a, keyFile: short.key }\n');
    expect(problem(f2)).toBe(`${f2}: uplink settings: halls[0].keyFile: the link key of hall town-a in the key file ${join(tmp.dir, 'short.key')} has 9 characters; it needs at least 32 (npm run make-key)`);
    const f3 = file('cityUrl: https://city.example\nhalls:\n  - { id: town-a, keyFile: shared.key }\n');
    if (process.platform !== 'win32') expect(problem(f3)).toMatch(/halls\[0\]\.keyFile: the link key file .*shared\.key of hall town-a is readable by other users \(mode 644\): chmod 600 it$/);
    const f4 = file('cityUrl: https://city.example\nhalls:\n  - { id: town-a, keyEnv: TOWN_A_KEY }\n');
    expect(problem(f4)).toBe(`${f4}: uplink settings: halls[0].keyEnv: the link key of hall town-a: environment variable TOWN_A_KEY is not set`);
    expect(problem(f4, { TOWN_A_KEY: 'short' })).toMatch(/halls\[0\]\.keyEnv: the link key of hall town-a in the environment variable TOWN_A_KEY has 5 characters; it needs at least 32/);
    expect(problem(f4, { TOWN_A_KEY: `demo-${KEY_A}`, NODE_ENV: 'production' })).toMatch(/looks like a demo or example value/);
  });

  it('refuses a CA file that is missing or holds no certificate', () => {
    keyFile('ok2.key', KEY_A);
    writeFileSync(join(tmp.dir, 'not-a-ca.pem'), 'hello');
    const f1 = file('cityUrl: https://city.example\ncaFile: none.pem\nhalls:\n  - { id: town-a, keyFile: ok2.key }\n');
    expect(problem(f1)).toBe(`${f1}: uplink settings: caFile: cannot read the CA certificate file ${join(tmp.dir, 'none.pem')}: ENOENT`);
    const f2 = file('cityUrl: https://city.example\ncaFile: not-a-ca.pem\nhalls:\n  - { id: town-a, keyFile: ok2.key }\n');
    expect(problem(f2)).toMatch(/caFile: .*not-a-ca\.pem holds no PEM certificate/);
  });
});

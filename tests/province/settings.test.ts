import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CASE_RESULT_MAPPING, DEFAULT_RATING_MAPPING, PROVINCE_MAX_BATCH } from '../../src-main/contracts/province';
import { ProvinceSettingsError, readProvinceSettings } from '../../src-main/province/province-settings';
import { tempDir } from '../support/hall-fixture';

// The --province settings file: a good one gives the URL, key, codes, batch size and mappings (defaults
// filled in); a bad one stops the server with one line naming the file, the field and the problem.

const KEY = 'province-signing-key-0123456789abcdefghij';

describe('province settings file', () => {
  const tmp = tempDir('province-settings-');
  afterAll(() => tmp.cleanup());
  let n = 0;
  const file = (text: string, ext = 'yaml') => {
    const f = join(tmp.dir, `p${++n}.${ext}`);
    writeFileSync(f, text);
    return f;
  };
  const keyFile = (name: string, key: string, mode = 0o600) => {
    const f = join(tmp.dir, name);
    writeFileSync(f, key, { mode });
    chmodSync(f, mode);
    return f;
  };
  const problem = (f: string, env: NodeJS.ProcessEnv = {}): string => {
    try {
      readProvinceSettings(f, env);
    } catch (err) {
      expect(err).toBeInstanceOf(ProvinceSettingsError);
      return (err as Error).message;
    }
    throw new Error('no problem found');
  };
  const base = 'url: https://hcp.example.gov.cn/api/push\nkeyFile: ok.key\nregionCode: "330106"\norganisationCode: 11330106MB1234567X\n';

  it('reads a good file: key beside it, codes, defaults for batch size, mappings and channel codes', () => {
    keyFile('ok.key', `${KEY}\n`);
    const s = readProvinceSettings(file(base), {});
    expect(s).toEqual({
      url: 'https://hcp.example.gov.cn/api/push',
      key: KEY,
      regionCode: '330106',
      organisationCode: '11330106MB1234567X',
      halls: null,
      batchSize: 100,
      mapping: { rating: DEFAULT_RATING_MAPPING, caseResult: DEFAULT_CASE_RESULT_MAPPING },
      channelCodes: { window: '3', phone: '2', 'slip-qr': '2', booking: '2' },
    });
  });

  it('takes per-hall codes, a batch size, a mapping that replaces the default, channel codes and a key from the environment (JSON too)', () => {
    const f = file(
      JSON.stringify({
        url: 'http://127.0.0.1:9000/push',
        keyEnv: 'PROVINCE_KEY',
        regionCode: '330106',
        organisationCode: 'ORG-1',
        halls: [{ id: 'demo' }, { id: 'town-a', regionCode: '330106001', organisationCode: 'ORG-2' }],
        batchSize: PROVINCE_MAX_BATCH,
        mapping: { rating: { pjjg: 'level.code', pjsj: 'ratedAt' } },
        channelCodes: { phone: '21' },
      }),
      'json',
    );
    const s = readProvinceSettings(f, { PROVINCE_KEY: KEY });
    expect(s.key).toBe(KEY);
    expect(s.halls).toEqual([
      { id: 'demo', regionCode: '330106', organisationCode: 'ORG-1' },
      { id: 'town-a', regionCode: '330106001', organisationCode: 'ORG-2' },
    ]);
    expect(s.batchSize).toBe(500);
    expect(s.mapping).toEqual({ rating: { pjjg: 'level.code', pjsj: 'ratedAt' }, caseResult: DEFAULT_CASE_RESULT_MAPPING });
    expect(s.channelCodes).toEqual({ window: '3', phone: '21', 'slip-qr': '2', booking: '2' });
  });

  it('names the field of every bad value', () => {
    keyFile('ok.key', KEY);
    const missing = join(tmp.dir, 'none.yaml');
    expect(problem(missing)).toBe(`${missing}: province settings: (file): cannot read: ENOENT`);
    expect(problem(file('url: [unclosed\n'))).toMatch(/province settings: \(file\): not valid YAML/);
    expect(problem(file(base.replace('https://hcp.example.gov.cn', 'http://hcp.example.gov.cn')))).toMatch(/province settings: url: use https:\/\/ \(plain http:\/\/ only to 127\.0\.0\.1 or localhost/);
    expect(problem(file(base.replace('https://hcp.example.gov.cn/api/push', 'ftp://x')))).toMatch(/province settings: url: the platform's push address/);
    expect(problem(file(base.replace('/api/push', '/api/push?token=1')))).toMatch(/url: no query, fragment or user/);
    expect(problem(file(base.replace('"330106"', '"33010"')))).toMatch(/province settings: regionCode: a 行政区划代码 of 6, 9 or 12 digits/);
    expect(problem(file(base.replace('11330106MB1234567X', '"机构"')))).toMatch(/province settings: organisationCode: an 实施机构编码/);
    expect(problem(file(`${base}batchSize: ${PROVINCE_MAX_BATCH + 1}\n`))).toMatch(/province settings: batchSize: at most 500 records per batch/);
    expect(problem(file(`${base}batchSize: 0\n`))).toMatch(/province settings: batchSize: /);
    expect(problem(file(`${base}mapping:\n  rating:\n    pjjg: level.code\n    bjsj: finishedAt\n`))).toMatch(
      /province settings: mapping\.rating\.bjsj: unknown source "finishedAt"; use one of: id, hallId, .*level\.code/,
    );
    expect(problem(file(`${base}mapping:\n  caseResult:\n    zgjg: outcome\n`))).toMatch(/mapping\.caseResult\.zgjg: unknown source "outcome"; use one of: .*outcome\.code/);
    expect(problem(file(`${base}mapping:\n  rating:\n    "1pj": level.code\n`))).toMatch(/mapping\.rating\.1pj: a field name of letters, digits and _/);
    expect(problem(file(`${base}mapping:\n  rating: {}\n`))).toMatch(/mapping\.rating: map at least one field/);
    expect(problem(file(`${base}mapping:\n  ratings: { pjjg: level.code }\n`))).toMatch(/province settings: mapping: Unrecognized key: "ratings"/);
    expect(problem(file(`${base}channelCodes: { kiosk: "9" }\n`))).toMatch(/channelCodes: Unrecognized key: "kiosk"/);
    expect(problem(file(`${base}halls:\n  - { id: demo }\n  - { id: demo }\n`))).toMatch(/halls\[1\]\.id: duplicate hall demo/);
    expect(problem(file(`${base}halls:\n  - { id: "bad id" }\n`))).toMatch(/halls\[0\]\.id: /);
    expect(problem(file(`${base}secret: x\n`))).toMatch(/province settings: \(root\): Unrecognized key: "secret"/);
    expect(problem(file(base.replace('keyFile: ok.key\n', '')))).toMatch(/province settings: keyFile: give the signing key as keyFile or keyEnv \(exactly one\)/);
    expect(problem(file(`${base}keyEnv: K\n`))).toMatch(/keyFile: give the signing key as keyFile or keyEnv/);
  });

  it('checks the key like the uplink\'s: readable, private (0600), long enough, no demo value in production', () => {
    keyFile('short.key', 'too-short');
    keyFile('shared.key', KEY, 0o644);
    keyFile('demo.key', `demo-${KEY}`);
    const f1 = file(base.replace('ok.key', 'missing.key'));
    expect(problem(f1)).toBe(`${f1}: province settings: keyFile: cannot read the province key file ${join(tmp.dir, 'missing.key')}: ENOENT`);
    const f2 = file(base.replace('ok.key', 'short.key'));
    expect(problem(f2)).toBe(`${f2}: province settings: keyFile: the province signing key in the key file ${join(tmp.dir, 'short.key')} has 9 characters; it needs at least 32 (npm run make-key)`);
    if (process.platform !== 'win32') {
      expect(problem(file(base.replace('ok.key', 'shared.key')))).toMatch(/keyFile: the province key file .*shared\.key is readable by other users \(mode 644\): chmod 600 it$/);
    }
    expect(problem(file(base.replace('ok.key', 'demo.key')), { NODE_ENV: 'production' })).toMatch(/keyFile: the province signing key .* looks like a demo or example value/);
    const f3 = file(base.replace('keyFile: ok.key', 'keyEnv: PROVINCE_KEY'));
    expect(problem(f3)).toBe(`${f3}: province settings: keyEnv: the province signing key: environment variable PROVINCE_KEY is not set`);
    expect(problem(f3, { PROVINCE_KEY: 'short' })).toMatch(/keyEnv: the province signing key in the environment variable PROVINCE_KEY has 5 characters/);
  });

  it('reads a private CA beside the file', () => {
    keyFile('ok.key', KEY);
    writeFileSync(join(tmp.dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(join(tmp.dir, 'not-ca.pem'), 'hello');
    expect(readProvinceSettings(file(`${base}caFile: ca.pem\n`), {}).ca).toContain('BEGIN CERTIFICATE');
    expect(problem(file(`${base}caFile: not-ca.pem\n`))).toMatch(/province settings: caFile: .*not-ca\.pem holds no PEM certificate/);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src-main/app/passwords';
import { ConfigError, parseHallConfig, readHallConfig } from '../../src-main/hall/config-file';
import { DEMO_CONFIG_FILE, tempDir } from '../support/hall-fixture';
import { startServerProcess } from '../support/server-process';

const demoText = () => readFileSync(DEMO_CONFIG_FILE, 'utf8');

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('hall configuration file', () => {
  it('the demo hall: five categories of the Anfu report, about 25 matters, 12 windows, open all day', () => {
    const c = readHallConfig(DEMO_CONFIG_FILE);
    expect(c.categories.map((x) => `${x.id} ${x.name}`)).toEqual(['A 企业服务', 'B 投资建设', 'C 社保医保', 'D 不动产交易', 'E 综合服务']);
    const matters = c.categories.flatMap((x) => x.matters);
    expect(matters.length).toBeGreaterThanOrEqual(25);
    expect(c.windows).toHaveLength(12);
    expect(c.windows.filter((w) => w.categories.length > 1).length).toBeGreaterThan(3);
    expect(c.timeZone).toBe('Asia/Shanghai');
    for (const day of Object.values(c.openingHours)) expect(day.periods).toEqual([['00:00', '24:00']]);
    expect(c.queue).toEqual({ maxPriorityInRow: 3, reactivationGraceMinutes: 30, reactivationBehind: 3, serviceSamples: 20 });
  });

  it('names the path of every bad field', () => {
    const bad = demoText()
      .replace('timeZone: Asia/Shanghai', 'timeZone: Mars/Olympus')
      .replace('{ id: 2, name: 企业服务二窗, nameEn: Enterprise 2, categories: [A] }', '{ id: 2, name: 企业服务二窗, categories: [A, F] }')
      .replace('dailyCap: 200', 'dailyCap: -5')
      .replace('mon: { periods: [["00:00", "24:00"]] }', 'mon: { periods: [["18:00", "09:00"]] }')
      .replace('{ id: window-screen-3, kind: window-display, windowId: 3, key: demo-window-3 }', '{ id: window-screen-3, kind: window-display, windowId: 33, key: demo-window-3 }');
    const issues = issuesOf(() => parseHallConfig(bad, 'bad.yaml', {}));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^timeZone: unknown time zone "Mars\/Olympus"/),
        expect.stringMatching(/^windows\[1\]\.categories\[1\]: unknown category "F"/),
        expect.stringMatching(/^categories\[1\]\.dailyCap: /),
        expect.stringMatching(/^openingHours\.mon\.periods\[0\]: period ends/),
        expect.stringMatching(/^devices\[5\]\.windowId: unknown window 33/),
      ]),
    );
  });

  it('refuses unknown fields, broken YAML and missing files with the file named', () => {
    expect(issuesOf(() => parseHallConfig(demoText().replace('production: false', 'production: false\nwindowz: []'), 'x.yaml', {}))).toEqual([
      expect.stringMatching(/windowz/),
    ]);
    expect(issuesOf(() => parseHallConfig('id: [unclosed', 'x.yaml', {}))[0]).toMatch(/^\(file\): not valid YAML/);
    expect(issuesOf(() => readHallConfig('/nope/missing.yaml'))[0]).toMatch(/cannot read: ENOENT/);
  });

  it('a production config with the demo passwords and keys is refused, field by field', () => {
    const issues = issuesOf(() => parseHallConfig(demoText().replace('production: false', 'production: true'), 'prod.yaml', {}));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^accounts\[0\]\.password: plaintext password for "admin"/),
        expect.stringMatching(/^devices\[0\]\.key: device key of "kiosk-1"/),
      ]),
    );
    // The ID hash key is not in the config at all (it would be stored in the database): checked where it is read.
    expect(issues.some((i) => i.startsWith('secrets'))).toBe(false);
    // NODE_ENV=production means production too.
    expect(issuesOf(() => parseHallConfig(demoText(), 'prod.yaml', { NODE_ENV: 'production' })).length).toBeGreaterThan(10);
  });

  it('a production config with hashed passwords and its own strong keys is accepted', async () => {
    const hash = await hashPassword('correct horse battery staple 2026');
    const prod = `
id: real-hall
name: 某某县政务服务中心
nameEn: Some County Government Service Centre
production: true
openingHours:
  mon: { periods: [["08:30", "12:00"], ["14:00", "17:30"]], lastTicket: "17:00" }
  tue: { periods: [["08:30", "12:00"], ["14:00", "17:30"]] }
  wed: { periods: [["08:30", "12:00"], ["14:00", "17:30"]] }
  thu: { periods: [["08:30", "12:00"], ["14:00", "17:30"]] }
  fri: { periods: [["08:30", "12:00"], ["14:00", "17:30"]] }
  sat: { periods: [] }
  sun: { periods: [] }
categories: [{ id: A, name: 企业服务, nameEn: Enterprise, defaultServiceMinutes: 15, dailyCap: 300 }]
windows: [{ id: 1, name: 一号窗口, categories: [A] }]
accounts: [{ username: boss, displayName: 主任, role: admin, passwordHash: "${hash}" }]
devices: [{ id: k1, kind: kiosk, key: "Jx8f2Qm9Lr4Tz7Wc1Vb6Np3Ks5Hd0Ga" }]
secrets: { idHashKeyFile: /etc/hall/id-hash.key }
`;
    const c = parseHallConfig(prod, 'prod.yaml', {});
    expect(c.production).toBe(true);
    expect(c.openingHours.mon.lastTicket).toBe('17:00');
  });

  it('refuses an ID hash key written into the config, saying where it goes instead', () => {
    const inline = demoText().replace('idHashKeyFile: demo-county.id-hash.key', 'idHashKey: u7Yq2Wm5Zr8Tc1Vx4Nb9Kp6Lh3Jd0Fs2Ge');
    expect(issuesOf(() => parseHallConfig(inline, 'old.yaml', {}))).toEqual([expect.stringMatching(/^secrets\.idHashKey: the key no longer goes in the config .*idHashKeyFile.*idHashKeyEnv/)]);
    const both = demoText().replace('idHashKeyFile: demo-county.id-hash.key', 'idHashKeyFile: k.key\n  idHashKeyEnv: HALL_KEY');
    expect(issuesOf(() => parseHallConfig(both, 'both.yaml', {}))).toEqual([expect.stringMatching(/^secrets: give idHashKeyFile or idHashKeyEnv, not both/)]);
  });

  it('npm start refuses an invalid file at start and lists what is wrong', async () => {
    const tmp = tempDir();
    const file = join(tmp.dir, 'broken.yaml');
    writeFileSync(file, demoText().replace('{ id: 1, name: 企业服务一窗, nameEn: Enterprise 1, categories: [A, E] }', '{ id: 1, name: 企业服务一窗, categories: [A, Q] }'));
    const err = await startServerProcess(['--config', file, '--data', join(tmp.dir, 'x.sqlite')]).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/broken\.yaml: invalid hall configuration/);
    expect(err?.message).toMatch(/windows\[0\]\.categories\[1\]: unknown category "Q"/);
    tmp.cleanup();
  });
});

import { describe, expect, it } from 'vitest';
import { changesSummary, changeWords } from '../../../src-main/app/admin/config-change-words';
import { configDiff, exportable, mergeImport, secured, sha256Hex, validateConfig, withChanges } from '../../../src-main/app/admin/config-editor';
import { demoConfig } from '../../support/hall-fixture';

describe('live config editing (pure steps)', () => {
  const config = demoConfig();

  it('replaces whole sections; the id, production, secrets, accounts and devices are not sections to replace', () => {
    const ok = withChanges(config, { notice: '新公告' });
    expect(ok.ok && ok.raw.notice).toBe('新公告');
    const bad = withChanges(config, { id: 'x', accounts: [], nonsense: 1 });
    expect(bad.ok ? [] : bad.failure.issues!.map((i) => i.path)).toEqual(['id', 'accounts', 'nonsense']);
  });

  it('validates like the config file, production rules included', () => {
    expect(validateConfig({ ...config, supervision: { waitYellowMinutes: 30, waitRedMinutes: 20 } })).toMatchObject({
      ok: false,
      failure: { code: 'INVALID_CONFIG', issues: [{ path: 'supervision.waitRedMinutes' }] },
    });
    const production = validateConfig({ ...config, production: true });
    expect(production.ok).toBe(false);
    if (!production.ok) expect(production.failure.issues!.map((i) => i.path)).toContain('accounts[0].password');
    const unknownLimit = validateConfig({ ...config, supervision: { ...config.supervision, serviceLimitByCategory: { Q: 10 } } });
    expect(unknownLimit.ok ? null : unknownLimit.failure.issues![0]).toEqual({ path: 'supervision.serviceLimitByCategory.Q', message: 'unknown category "Q"' });
  });

  it('defaults the new sections', () => {
    expect(config.supervision).toEqual({ waitYellowMinutes: 30, waitRedMinutes: 60, serviceLimitMinutes: 30, serviceLimitByCategory: {}, pauseLimitMinutes: 20 });
    expect(config.privacy).toEqual({ retentionDays: 180 });
  });

  it('diffs to leaf paths with secrets masked', () => {
    const after = structuredClone(config);
    after.windows[2]!.name = '新名字';
    after.windows[0]!.categories = ['E', 'A'];
    after.accounts[0] = { ...after.accounts[0]!, password: 'changed' };
    const diff = configDiff(config, after);
    expect(diff).toEqual([
      { path: 'windows[0].categories', before: '["A","E"]', after: '["E","A"]' },
      { path: 'windows[2].name', before: '企业服务三窗', after: '新名字' },
      { path: 'accounts[0].password', before: '***', after: '***' },
    ]);
    expect(changesSummary(diff, config, after)).toEqual({
      zh: '窗口「企业服务一窗」办理业务：["A","E"] → ["E","A"]；窗口「新名字」名称：企业服务三窗 → 新名字；账号「admin（系统管理员）」密码：*** → ***',
      en: 'window "Enterprise 1" categories served: ["A","E"] → ["E","A"]; window "Enterprise 3" name: 企业服务三窗 → 新名字; account "admin (系统管理员)" password: *** → ***',
    });
  });

  it('hashes credentials; an export leaves them out and an import of it keeps the hall’s own', async () => {
    const safe = await secured(config, async (_u, p) => `scrypt$1$1$1$salt$${p.length}`);
    expect(safe.accounts.every((a) => a.password === undefined && a.passwordHash?.startsWith('scrypt$'))).toBe(true);
    expect(safe.devices[0]).toMatchObject({ id: 'kiosk-1', keyHash: sha256Hex('demo-kiosk-1') });
    expect(safe.devices[0]!.key).toBeUndefined();
    const file = exportable(safe);
    expect(JSON.stringify(file)).not.toMatch(/scrypt|keyHash|idHashKey/);
    const merged = mergeImport(safe, JSON.parse(JSON.stringify(file)));
    expect(merged.ok).toBe(true);
    const back = merged.ok ? validateConfig(merged.raw) : null;
    expect(back?.ok && back.config).toEqual(safe);
    expect(mergeImport(safe, { id: 'elsewhere' })).toMatchObject({ ok: false, failure: { issues: [{ path: 'id' }] } });
  });

  it('never shows the notification webhook secret, and keeps it when the page sends it back empty', () => {
    const hooked = demoConfig((c) => (c.notifications = { webhook: { url: 'https://notify.example.gov.cn/hook', secret: 'a-secret-of-twenty-chars' } }));
    expect(JSON.stringify(exportable(hooked))).not.toContain('a-secret-of-twenty-chars');
    const edited = withChanges(hooked, { notifications: { webhook: { url: 'https://notify.example.gov.cn/v2', secret: '' }, turnNearAhead: 2 } });
    const checked = edited.ok ? validateConfig(edited.raw) : null;
    expect(checked?.ok && checked.config.notifications).toEqual({ webhook: { url: 'https://notify.example.gov.cn/v2', secret: 'a-secret-of-twenty-chars' }, turnNearAhead: 2 });
  });
});

describe('config changes in words (the audit log)', () => {
  const config = demoConfig();

  it('names added and removed items, nested matters and settings; an unknown path is shown as it is', () => {
    const after = structuredClone(config);
    after.windows.push({ id: 99, name: '临时窗口', nameEn: 'Temporary', categories: ['A'], strategy: 'longest-wait' });
    after.categories[0]!.matters[0]!.name = '新事项名';
    after.queue.maxPriorityInRow = 5;
    after.limits.eventBurst = 41;
    const words = configDiff(config, after).map((c) => changeWords(c, config, after));
    expect(words).toEqual(
      expect.arrayContaining([
        { zh: '新增窗口「临时窗口」', en: 'added window "Temporary"' },
        { zh: '业务类别「A 企业服务」事项「新事项名」名称：企业设立登记 → 新事项名', en: 'category "A Enterprise services", matter "Company registration" name: 企业设立登记 → 新事项名' },
        { zh: '优先号连续叫号上限：3 → 5', en: 'priority calls in a row: 3 → 5' },
        { zh: '限流 eventBurst：40 → 41', en: 'limits eventBurst: 40 → 41' },
      ]),
    );
    const removed = structuredClone(config);
    removed.devices.pop();
    const gone = configDiff(config, removed).map((c) => changeWords(c, config, removed));
    expect(gone).toEqual([{ zh: expect.stringMatching(/^删除设备「.+」$/), en: expect.stringMatching(/^removed device ".+"$/) }]);
  });

  it('says how many more changes there were', () => {
    const after = structuredClone(config);
    after.windows.forEach((w, i) => (w.name = `窗口${i}`));
    const summary = changesSummary(configDiff(config, after), config, after);
    expect(summary.zh).toMatch(new RegExp(`；等共 ${config.windows.length} 项$`));
    expect(summary.en).toMatch(new RegExp(`; and ${config.windows.length - 4} more$`));
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { HallConfigInput } from '../../src-main/contracts';
import { hallConfigSchema } from '../../src-main/contracts';
import { DEMO_CONFIG_FILE } from '../support/hall-fixture';

function demo(edit: (c: HallConfigInput) => void) {
  const raw = parseYaml(readFileSync(DEMO_CONFIG_FILE, 'utf8')) as HallConfigInput;
  edit(raw);
  return hallConfigSchema.safeParse(raw);
}

function issues(result: ReturnType<typeof demo>): Array<{ path: string; message: string }> {
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('hall config: names and notes hold no control characters', () => {
  it('the demo hall passes', () => {
    expect(issues(demo(() => {}))).toEqual([]);
  });

  it('a category named with ESC p 0 (the cash-drawer pulse) is refused with the field and the character named', () => {
    const result = demo((c) => {
      c.categories[0]!.name = '企业服务\x1bp\x00';
    });
    expect(issues(result)).toEqual([{ path: 'categories.0.name', message: expect.stringContaining('control character U+001B at position 5') as string }]);
  });

  it('every printed or shown name is checked: hall, matter, window, priority class, pause and rating reasons', () => {
    const result = demo((c) => {
      c.name = '中心\x07';
      c.nameEn = 'Hall\u202e';
      c.categories[0]!.matters = [{ id: 'm-x', name: '登记\x1d' }];
      c.windows[0]!.name = '1号\u0085窗口';
      c.pauseReasons = ['休息\t'];
      c.evaluation = { lowReasons: ['慢\u200b'] };
    });
    expect(issues(result).map((i) => i.path).sort()).toEqual(['categories.0.matters.0.name', 'evaluation.lowReasons.0', 'name', 'nameEn', 'pauseReasons.0', 'windows.0.name']);
  });

  it('a notice may have several lines, but no other control character', () => {
    expect(issues(demo((c) => void (c.notice = '第一行\n第二行')))).toEqual([]);
    expect(issues(demo((c) => void (c.notice = '第一行\n\x1b@')))).toEqual([{ path: 'notice', message: expect.stringContaining('U+001B') as string }]);
  });
});

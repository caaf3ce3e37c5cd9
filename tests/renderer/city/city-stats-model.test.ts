import { describe, expect, it } from 'vitest';
import type { CityReport } from '../../../src-main/contracts';
import { categoryRows, monthRows, rankHalls, windowRows } from '../../../src-renderer/city/city-stats-model';
import { figures } from './fixtures';

const report = (over: Partial<CityReport>): CityReport => ({
  from: '2026-03-01',
  to: '2026-03-31',
  total: figures(),
  byHall: {},
  byCategory: {},
  byWindow: {},
  byMonth: {},
  names: { halls: {}, categories: {}, windows: {} },
  upToSeq: {},
  complete: true,
  ...over,
});

describe('city statistics tables', () => {
  const r = report({
    byHall: {
      a: figures({ satisfactionRate: 0.9, rated: 10, waitAverageMinutes: 12, waitP90Minutes: 30 }),
      b: figures({ satisfactionRate: 0.99, rated: 100, waitAverageMinutes: 20, waitP90Minutes: 40 }),
      c: figures({ satisfactionRate: 0.9, rated: 10, waitAverageMinutes: 12, waitP90Minutes: 25 }),
      quiet: figures(),
    },
    names: { halls: { a: '甲镇便民服务中心', b: '乙镇便民服务中心', c: '丙镇便民服务中心', quiet: '丁村服务站' }, categories: { A: '企业服务', C: '社保医保' }, windows: { 'a/1': '综合窗口一', 'a/10': '综合窗口十', 'b/2': '社保窗' } },
  });

  it('halls by satisfaction: highest first, equal figures share a place, a hall nobody rated comes last without one', () => {
    const rows = rankHalls(r, 'satisfaction');
    expect(rows.map((x) => [x.key, x.place])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 2],
      ['quiet', null],
    ]);
    expect(rows[0]!.label).toBe('乙镇便民服务中心');
  });

  it('halls by waits: the shortest average first, then the shorter 90% wait', () => {
    expect(rankHalls(r, 'wait').map((x) => [x.key, x.place])).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', 3],
      ['quiet', null],
    ]);
  });

  it('names the page knows (the overview’s, in the page language) win over the report’s', () => {
    expect(rankHalls(r, 'wait', { c: 'Bing Town' })[0]!.label).toBe('Bing Town');
  });

  it('categories as "A 企业服务", unknown ones by id', () => {
    const rows = categoryRows(report({ byCategory: { A: figures(), Z: figures() }, names: { halls: {}, categories: { A: '企业服务' }, windows: {} } }));
    expect(rows.map((x) => x.label)).toEqual(['A 企业服务', 'Z']);
  });

  it('windows grouped by hall, in number order (10 after 2), labelled with hall and window names', () => {
    const rows = windowRows(report({ ...r, byWindow: { 'a/10': figures(), 'b/2': figures(), 'a/1': figures(), 'a/2': figures() } }));
    expect(rows.map((x) => x.key)).toEqual(['a/1', 'a/2', 'a/10', 'b/2']);
    expect(rows[0]).toMatchObject({ hallId: 'a', windowId: '1', hall: '甲镇便民服务中心', window: '综合窗口一', label: '甲镇便民服务中心 · 综合窗口一' });
    expect(rows[1]).toMatchObject({ window: '2' });
  });

  it('in English: the report’s English category and window names, Chinese where there is none, ids last', () => {
    const en = report({
      ...r,
      byCategory: { A: figures(), C: figures(), Z: figures() },
      byWindow: { 'a/1': figures(), 'b/2': figures(), 'b/3': figures() },
      namesEn: { categories: { A: 'Enterprise services' }, windows: { 'a/1': 'General 1', 'b/2': ' ' } },
    });
    expect(categoryRows(en, 'en').map((x) => x.label)).toEqual(['A Enterprise services', 'C 社保医保', 'Z']);
    expect(Object.fromEntries(windowRows(en, { a: 'Jia Town' }, 'en').map((x) => [x.key, x.label]))).toEqual({
      'a/1': 'Jia Town · General 1',
      'b/2': '乙镇便民服务中心 · 社保窗',
      'b/3': '乙镇便民服务中心 · 3',
    });
    // Chinese pages, and reports without English names, are as before.
    expect(categoryRows(en, 'zh-CN').map((x) => x.label)).toEqual(['A 企业服务', 'C 社保医保', 'Z']);
    expect(categoryRows({ ...en, namesEn: undefined }, 'en').map((x) => x.label)).toEqual(['A 企业服务', 'C 社保医保', 'Z']);
  });

  it('months oldest first', () => {
    expect(monthRows(report({ byMonth: { '2026-03': figures(), '2025-12': figures(), '2026-01': figures() } })).map((x) => x.label)).toEqual(['2025-12', '2026-01', '2026-03']);
  });
});

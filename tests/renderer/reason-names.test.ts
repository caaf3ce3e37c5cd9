import { describe, expect, it } from 'vitest';
import { localName, localNameById, localPair, reasonList, reasonName } from '../../src-renderer/shared/reason-names';

describe('names in the page language', () => {
  it('English pages take the English name, Chinese pages always the Chinese one', () => {
    const c = { name: '企业服务', nameEn: 'Enterprise services' };
    expect(localName('en', c)).toBe('Enterprise services');
    expect(localName('zh-CN', c)).toBe('企业服务');
  });

  it('falls back to the Chinese name where the English one is missing or blank', () => {
    expect(localName('en', { name: '企业服务一窗' })).toBe('企业服务一窗');
    expect(localName('en', { name: '企业服务一窗', nameEn: '' })).toBe('企业服务一窗');
    expect(localName('en', { name: '企业服务一窗', nameEn: '   ' })).toBe('企业服务一窗');
    expect(localName('en', { name: '企业服务一窗', nameEn: null })).toBe('企业服务一窗');
    expect(localPair('en', '社保组', undefined)).toBe('社保组');
    expect(localPair('en', '社保组', 'Insurance team')).toBe('Insurance team');
  });

  it('an unknown thing gets the fallback (its id)', () => {
    expect(localName('en', undefined, 'Z')).toBe('Z');
    const windows = [{ id: 1, name: '一窗', nameEn: 'Window one' }, { id: 2, name: '二窗' }];
    expect(localNameById('en', windows, 1, '1')).toBe('Window one');
    expect(localNameById('en', windows, 2, '2')).toBe('二窗');
    expect(localNameById('en', windows, 3, '3')).toBe('3');
    expect(localNameById('zh-CN', windows, 1, '1')).toBe('一窗');
  });
});

describe('pause and low-rating reasons', () => {
  it('the default reasons are translated in English', () => {
    expect(['休息', '业务咨询', '会议', '系统故障'].map((r) => reasonName('en', r))).toEqual(['Break', 'Consultation', 'Meeting', 'System fault']);
    expect(['等候时间长', '办事效率低', '服务态度差', '政策解释不清', '材料要求反复'].map((r) => reasonName('en', r))).toEqual([
      'Long wait',
      'Slow service',
      'Poor attitude',
      'Unclear policy explanation',
      'Repeated requests for documents',
    ]);
  });

  it('other reasons stay as the hall wrote them; Chinese pages are unchanged', () => {
    expect(reasonName('en', '临时外出')).toBe('临时外出');
    expect(reasonName('en', 'toString')).toBe('toString');
    expect(reasonName('zh-CN', '休息')).toBe('休息');
  });

  it('lists join with the language\'s separator', () => {
    expect(reasonList('en', ['等候时间长', '服务态度差'])).toBe('Long wait, Poor attitude');
    expect(reasonList('zh-CN', ['等候时间长', '服务态度差'])).toBe('等候时间长、服务态度差');
  });
});

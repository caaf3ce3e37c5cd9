import { describe, expect, it } from 'vitest';
import type { CallView } from '../../src-main/contracts';
import { scheduleClips } from '../../src-renderer/shared/announcer/schedule';
import { DEFAULT_ANNOUNCEMENT, announcementClips, parseTemplate, planAnnouncement, sentenceClips, sentenceText } from '../../src-renderer/shared/announcer/sentence';

const call = (number: string, windowId: number, extra: Partial<CallView> = {}): CallView => ({
  seq: 1, number, categoryId: number[0]!, windowId, windowName: `${windowId}号`, callCount: 1, recall: false, at: 0, ...extra,
});
const DEFAULT_PARTS = parseTemplate(DEFAULT_ANNOUNCEMENT.template);

describe('"请 A017 号 到 3 号窗口 办理" as clips', () => {
  it.each([
    ['A017', 3, ['qing', 'A', '0', '1', '7', 'hao', 'dao', '3', 'hao', 'chuangkou', 'banli'], '请A零一七号到三号窗口办理'],
    ['A001', 1, ['qing', 'A', '0', '0', '1', 'hao', 'dao', '1', 'hao', 'chuangkou', 'banli'], '请A零零一号到一号窗口办理'],
    ['B120', 12, ['qing', 'B', '1', '2', '0', 'hao', 'dao', 'shi', '2', 'hao', 'chuangkou', 'banli'], '请B一二零号到十二号窗口办理'],
    ['E999', 105, ['qing', 'E', '9', '9', '9', 'hao', 'dao', '1', 'bai', '0', '5', 'hao', 'chuangkou', 'banli'], '请E九九九号到一百零五号窗口办理'],
  ])('%s at window %i', (number, windowId, clips, text) => {
    expect(sentenceClips(DEFAULT_PARTS, { number, windowId })).toEqual(clips);
    expect(sentenceText(DEFAULT_PARTS, { number, windowId })).toBe(text);
  });

  it('a plan is the chime, then the sentence as many times as configured', () => {
    const a = planAnnouncement(call('A017', 3, { seq: 42, recall: true }), DEFAULT_ANNOUNCEMENT);
    const sentence = ['qing', 'A', '0', '1', '7', 'hao', 'dao', '3', 'hao', 'chuangkou', 'banli'];
    expect(a).toMatchObject({ seq: 42, number: 'A017', windowId: 3, recall: true, chime: true, repeat: 2, sentence });
    expect(announcementClips(a)).toEqual(['chime', ...sentence, ...sentence]);
    const once = planAnnouncement(call('A017', 3), { ...DEFAULT_ANNOUNCEMENT, repeat: 1, chime: false });
    expect(announcementClips(once)).toEqual(sentence);
  });

  it('follows another template made of recorded words', () => {
    const parts = parseTemplate('请{number}号 前往{window}号窗口');
    expect(sentenceClips(parts, { number: 'C005', windowId: 7 })).toEqual(['qing', 'C', '0', '0', '5', 'hao', 'qianwang', '7', 'hao', 'chuangkou']);
  });

  it('a template with words no clip can say is refused, naming them', () => {
    expect(() => parseTemplate('欢迎 {number} 号 到 {window} 号窗口')).toThrow(/"欢迎/);
    expect(() => parseTemplate('请 {number} 号 办理')).toThrow(/\{window\} exactly once/);
    expect(() => parseTemplate('请 {number} {number} 号 到 {window} 号窗口')).toThrow(/\{number\} exactly once/);
  });

  it('volume and repeat are kept in range', () => {
    const a = planAnnouncement(call('A017', 3), { ...DEFAULT_ANNOUNCEMENT, volume: 3, repeat: 0 });
    expect(a.volume).toBe(1);
    expect(a.repeat).toBe(1);
  });
});

describe('clip timing', () => {
  it('clips follow each other with short gaps, a pause after the chime and a longer one between repeats', () => {
    const durations: Record<string, number> = { chime: 1.8, qing: 0.5, A: 0.2 };
    const { clips, total } = scheduleClips({ chime: true, sentence: ['qing', 'A'], repeat: 2 }, (id) => durations[id]!, { word: 0.05, afterChime: 0.3, betweenRepeats: 1 });
    expect(clips.map((c) => [c.id, +c.at.toFixed(3)])).toEqual([
      ['chime', 0],
      ['qing', 2.1],
      ['A', 2.65],
      ['qing', 3.85],
      ['A', 4.4],
    ]);
    expect(total).toBeCloseTo(4.6);
    // Nothing overlaps: each clip starts after the previous one ended.
    for (let i = 1; i < clips.length; i++) expect(clips[i]!.at).toBeGreaterThanOrEqual(clips[i - 1]!.at + clips[i - 1]!.duration);
  });

  it('a chime alone has no trailing pause', () => {
    expect(scheduleClips({ chime: true, sentence: [], repeat: 0 }, () => 1.8).total).toBe(1.8);
  });
});

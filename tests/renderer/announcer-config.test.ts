import { describe, expect, it } from 'vitest';
import { hallConfigSchema } from '../../src-main/contracts';
import { parseTemplate } from '../../src-renderer/shared/announcer/sentence';
import { demoConfig } from '../support/hall-fixture';

const withAnnouncement = (announcement: unknown) => {
  const raw = JSON.parse(JSON.stringify(demoConfig())) as Record<string, unknown>;
  raw.announcement = announcement;
  return hallConfigSchema.safeParse(raw);
};

describe('the announcement section of a hall config', () => {
  it('defaults: chime, twice, recorded clips, the standard sentence', () => {
    const raw = JSON.parse(JSON.stringify(demoConfig())) as Record<string, unknown>;
    delete raw.announcement;
    expect(hallConfigSchema.parse(raw).announcement).toEqual({ repeat: 2, prefer: 'clips', chime: true, template: '请 {number} 号 到 {window} 号窗口 办理', volume: 1 });
  });

  it('fills what is left out', () => {
    const r = withAnnouncement({ prefer: 'speech', repeat: 3 });
    expect(r.success && r.data.announcement).toMatchObject({ prefer: 'speech', repeat: 3, chime: true, volume: 1 });
  });

  it('a template the clips cannot say is refused at load time, naming the words', () => {
    const r = withAnnouncement({ template: '欢迎 {number} 号 到 {window} 号窗口' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/欢迎.*has no recorded voice clip/);
    const missing = withAnnouncement({ template: '请 {number} 号 办理' });
    expect(JSON.stringify(missing.error?.issues)).toMatch(/\{window\} exactly once/);
  });

  it('out-of-range settings and unknown keys are refused', () => {
    expect(withAnnouncement({ repeat: 0 }).success).toBe(false);
    expect(withAnnouncement({ volume: 1.5 }).success).toBe(false);
    expect(withAnnouncement({ prefer: 'tts' }).success).toBe(false);
    expect(withAnnouncement({ repeats: 2 }).success).toBe(false);
  });

  it('the server and the screens split a template the same way', () => {
    const t = '请{number}号前往{window}号窗口办理';
    expect(withAnnouncement({ template: t }).success).toBe(true);
    expect(parseTemplate(t).map((p) => (p.kind === 'word' ? p.word : `{${p.kind}}`))).toEqual(['请', '{number}', '号', '前往', '{window}', '号', '窗口', '办理']);
  });
});

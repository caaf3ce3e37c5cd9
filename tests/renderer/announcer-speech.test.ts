import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ANNOUNCEMENT, planAnnouncement } from '../../src-renderer/shared/announcer/sentence';
import { SpeechPlayer, pickZhVoice } from '../../src-renderer/shared/announcer/speech-player';

const voice = (lang: string, name: string, localService = true) => ({ lang, name, localService, default: false, voiceURI: name }) as SpeechSynthesisVoice;
const a017 = planAnnouncement({ seq: 7, number: 'A017', categoryId: 'A', windowId: 3, windowName: '三窗', callCount: 1, recall: false, at: 0 }, DEFAULT_ANNOUNCEMENT);

describe('choosing a Mandarin speech voice', () => {
  it('takes a zh-CN voice, local before network', () => {
    expect(pickZhVoice([voice('en-US', 'David'), voice('zh-CN', 'Online', false), voice('zh-CN', 'Huihui')])?.name).toBe('Huihui');
    expect(pickZhVoice([voice('zh_CN', 'Ting-Ting', false)])?.name).toBe('Ting-Ting');
    expect(pickZhVoice([voice('cmn', 'espeak Mandarin')])?.name).toBe('espeak Mandarin');
  });

  it('ignores Cantonese and Taiwanese voices and others', () => {
    expect(pickZhVoice([voice('zh-HK', 'Sin-ji'), voice('zh-TW', 'Mei-Jia'), voice('ja-JP', 'Kyoko')])).toBeNull();
  });
});

describe('speaking with a speech voice', () => {
  const spoken: string[] = [];
  class Utterance {
    voice: SpeechSynthesisVoice | null = null;
    lang = '';
    rate = 1;
    volume = 1;
    onend: (() => void) | null = null;
    onerror: ((e: { error: string }) => void) | null = null;
    constructor(readonly text: string) {}
  }
  beforeEach(() => {
    spoken.length = 0;
    vi.stubGlobal('SpeechSynthesisUtterance', Utterance);
  });
  afterEach(() => vi.unstubAllGlobals());

  const synth = (voices: SpeechSynthesisVoice[], fail = false) =>
    ({
      getVoices: () => voices,
      addEventListener: () => {},
      removeEventListener: () => {},
      speak: (u: Utterance) => {
        spoken.push(`${u.lang}:${u.text}`);
        setTimeout(() => (fail ? u.onerror?.({ error: 'synthesis-failed' }) : u.onend?.()), 1);
      },
    }) as unknown as SpeechSynthesis;

  it('plays the chime, then says the sentence as many times as configured, in Chinese characters', async () => {
    const chimes: number[] = [];
    const player = new SpeechPlayer(synth([voice('zh-CN', 'Huihui')]), async (v) => chimes.push(v));
    await expect(player.play(a017)).resolves.toBe('speech');
    expect(chimes).toEqual([1]);
    expect(spoken).toEqual(['zh-CN:请A零一七号到三号窗口办理', 'zh-CN:请A零一七号到三号窗口办理']);
  });

  it('refuses without a Mandarin voice, so the recorded clips speak instead', async () => {
    const player = new SpeechPlayer(synth([voice('en-US', 'David')]), async () => {});
    await expect(player.available()).resolves.toBe(false);
    await expect(player.play(a017)).rejects.toThrow(/no zh-CN speech voice/);
    expect(spoken).toEqual([]);
  });

  it('reports a failed utterance', async () => {
    const player = new SpeechPlayer(synth([voice('zh-CN', 'Huihui')], true), async () => {});
    await expect(player.play(a017)).rejects.toThrow('speech failed: synthesis-failed');
  });
});

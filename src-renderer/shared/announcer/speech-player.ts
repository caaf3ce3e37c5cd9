import type { AnnouncePlayer } from './announcement-queue';
import type { Announcement } from './sentence';

// A zh-CN Web Speech voice, for halls that prefer it (config announcement.prefer: speech). Many kiosk
// browsers have none, and some only after 'voiceschanged'; without one this player refuses, and the
// recorded clips speak instead.

/** The device's Mandarin voice, local ones first (they work offline); null when there is none. */
export function pickZhVoice(voices: readonly SpeechSynthesisVoice[]): SpeechSynthesisVoice | null {
  const zh = voices.filter((v) => /^(zh|cmn)([-_](CN|Hans|Hans-CN))?$/i.test(v.lang) || /^zh[-_]CN/i.test(v.lang));
  return zh.find((v) => v.localService) ?? zh[0] ?? null;
}

export function findZhVoice(synth: SpeechSynthesis, waitMs = 2000): Promise<SpeechSynthesisVoice | null> {
  const now = pickZhVoice(synth.getVoices());
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      synth.removeEventListener('voiceschanged', done);
      resolve(pickZhVoice(synth.getVoices()));
    };
    const timer = setTimeout(done, waitMs);
    synth.addEventListener('voiceschanged', done);
  });
}

export class SpeechPlayer implements AnnouncePlayer {
  private voice: Promise<SpeechSynthesisVoice | null> | null = null;

  constructor(
    private readonly synth: SpeechSynthesis,
    /** Plays the chime (the recorded one); speech voices have none. */
    private readonly chime: (volume: number) => Promise<unknown>,
  ) {}

  /** Whether this device has a Mandarin voice (looked up once). */
  available(): Promise<boolean> {
    return this.zhVoice().then((v) => v !== null);
  }

  async play(a: Announcement): Promise<'speech'> {
    const voice = await this.zhVoice();
    if (!voice) throw new Error('this device has no zh-CN speech voice');
    if (a.chime) await this.chime(a.volume).catch(() => {});
    for (let i = 0; i < a.repeat; i++) await this.say(a.text, voice, a.volume);
    return 'speech';
  }

  private zhVoice(): Promise<SpeechSynthesisVoice | null> {
    this.voice ??= findZhVoice(this.synth);
    return this.voice;
  }

  private say(text: string, voice: SpeechSynthesisVoice, volume: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      u.volume = volume;
      // Some engines never fire 'end'; a generous bound keeps the queue moving.
      const timer = setTimeout(resolve, 4000 + text.length * 600);
      u.onend = () => {
        clearTimeout(timer);
        resolve();
      };
      u.onerror = (e) => {
        clearTimeout(timer);
        reject(new Error(`speech failed: ${e.error}`));
      };
      this.synth.speak(u);
    });
  }
}

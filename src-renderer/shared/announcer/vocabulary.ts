import type { AnnouncementWord } from '../../../src-main/contracts';

// Every recorded clip the announcer can play, with what scripts/generate-voice.ts feeds espeak-ng's
// cmn-latn-pinyin voice (it reads tone-numbered pinyin well and Chinese characters badly). Plain data, so
// the generator (Node) and the pages (browser) share one list.

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('') as Letter[];
export type Letter =
  | 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M'
  | 'N' | 'O' | 'P' | 'Q' | 'R' | 'S' | 'T' | 'U' | 'V' | 'W' | 'X' | 'Y' | 'Z';
export type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
export type WordClip = 'qing' | 'hao' | 'dao' | 'qianwang' | 'chuangkou' | 'banli';
/** 十 and 百 for window numbers up to 999. */
export type UnitClip = 'shi' | 'bai';
export type ClipId = 'chime' | Letter | Digit | WordClip | UnitClip;

export interface SpokenClip {
  /** What espeak-ng reads. */
  pinyin: string;
  /** What it means, for people reading the manifest. */
  text: string;
}

/** Letters as people in China say them (the English names, Mandarin-shaped). */
const LETTER_PINYIN: Record<Letter, string> = {
  A: 'ei1', B: 'bi4', C: 'xi1', D: 'di4', E: 'yi4', F: 'ai2 fu1', G: 'ji4', H: 'ei1 qi1', I: 'ai4',
  J: 'jie1', K: 'kai1', L: 'ai2 lu1', M: 'ai2 mu1', N: 'en1', O: 'ou1', P: 'pi4', Q: 'qiu1', R: 'a4 er3',
  S: 'ai2 si1', T: 'ti4', U: 'you1', V: 'wei1', W: 'da2 bu5 liu1', X: 'ai2 ke4 si1', Y: 'wai4', Z: 'zei4',
};

export const DIGIT_HANZI: Record<Digit, string> = { 0: '零', 1: '一', 2: '二', 3: '三', 4: '四', 5: '五', 6: '六', 7: '七', 8: '八', 9: '九' };
const DIGIT_PINYIN: Record<Digit, string> = { 0: 'ling2', 1: 'yi1', 2: 'er4', 3: 'san1', 4: 'si4', 5: 'wu3', 6: 'liu4', 7: 'qi1', 8: 'ba1', 9: 'jiu3' };

export const SPOKEN_CLIPS: Record<Exclude<ClipId, 'chime'>, SpokenClip> = {
  qing: { pinyin: 'qing3', text: '请' },
  hao: { pinyin: 'hao4', text: '号' },
  dao: { pinyin: 'dao4', text: '到' },
  qianwang: { pinyin: 'qian2 wang3', text: '前往' },
  chuangkou: { pinyin: 'chuang1 kou3', text: '窗口' },
  banli: { pinyin: 'ban4 li3', text: '办理' },
  shi: { pinyin: 'shi2', text: '十' },
  bai: { pinyin: 'bai3', text: '百' },
  ...(Object.fromEntries(Object.entries(DIGIT_PINYIN).map(([d, pinyin]) => [d, { pinyin, text: DIGIT_HANZI[d as Digit] }])) as Record<Digit, SpokenClip>),
  ...(Object.fromEntries(Object.entries(LETTER_PINYIN).map(([l, pinyin]) => [l, { pinyin, text: l }])) as Record<Letter, SpokenClip>),
};

export const ALL_CLIP_IDS: ClipId[] = ['chime', ...(Object.keys(SPOKEN_CLIPS) as ClipId[])];

/** The template words of the config (ANNOUNCEMENT_WORDS) and the clips that say them. */
export const WORD_CLIPS: Record<AnnouncementWord, WordClip> = {
  请: 'qing',
  号: 'hao',
  到: 'dao',
  前往: 'qianwang',
  窗口: 'chuangkou',
  办理: 'banli',
};

/** File name of a clip in resources/voice (letters lower-cased: file systems may fold case). */
export function clipFileName(id: ClipId): string {
  if (/^[A-Z]$/.test(id)) return `letter-${id.toLowerCase()}.wav`;
  if (/^\d$/.test(id)) return `digit-${id}.wav`;
  return `${id}.wav`;
}

export interface VoiceManifest {
  version: 1;
  sampleRate: number;
  clips: Record<string, { file: string; pinyin: string | null; text: string; durationMs: number; source: string }>;
}

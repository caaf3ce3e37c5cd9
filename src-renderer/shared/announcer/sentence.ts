import type { AnnouncementSettings, AnnouncementWord, CallView } from '../../../src-main/contracts';
import { ticketNumberClips, ticketNumberSpoken, windowNumberClips, windowNumberHanzi } from './reading';
import { WORD_CLIPS, type ClipId } from './vocabulary';

// From a call to what is said: the config's template ("请 {number} 号 到 {window} 号窗口 办理") becomes an
// ordered list of clip ids and, for a speech voice, the same sentence as text.

export const DEFAULT_TEMPLATE = '请 {number} 号 到 {window} 号窗口 办理';

/** What a screen uses when the snapshot carries no settings (the config's defaults). */
export const DEFAULT_ANNOUNCEMENT: AnnouncementSettings = { repeat: 2, prefer: 'clips', chime: true, template: DEFAULT_TEMPLATE, volume: 1 };

export type TemplatePart = { kind: 'number' } | { kind: 'window' } | { kind: 'word'; word: AnnouncementWord };

const WORDS_LONGEST_FIRST = (Object.keys(WORD_CLIPS) as AnnouncementWord[]).sort((a, b) => b.length - a.length);

/** Throws naming the first piece of text no clip can say (the server checks the config the same way). */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let rest = template.replace(/\s+/g, '');
  while (rest) {
    if (rest.startsWith('{number}')) {
      parts.push({ kind: 'number' });
      rest = rest.slice('{number}'.length);
      continue;
    }
    if (rest.startsWith('{window}')) {
      parts.push({ kind: 'window' });
      rest = rest.slice('{window}'.length);
      continue;
    }
    const word = WORDS_LONGEST_FIRST.find((w) => rest.startsWith(w));
    if (!word) throw new Error(`announcement template: "${rest}" has no recorded clip (known words: ${WORDS_LONGEST_FIRST.join(' ')})`);
    parts.push({ kind: 'word', word });
    rest = rest.slice(word.length);
  }
  for (const slot of ['number', 'window'] as const) {
    if (parts.filter((p) => p.kind === slot).length !== 1) throw new Error(`announcement template: needs {${slot}} exactly once`);
  }
  return parts;
}

export interface Spoken {
  number: string;
  windowId: number;
}

export function sentenceClips(parts: readonly TemplatePart[], call: Spoken): ClipId[] {
  return parts.flatMap((p): ClipId[] => {
    if (p.kind === 'number') return ticketNumberClips(call.number);
    if (p.kind === 'window') return windowNumberClips(call.windowId);
    return [WORD_CLIPS[p.word]];
  });
}

export function sentenceText(parts: readonly TemplatePart[], call: Spoken): string {
  return parts.map((p) => (p.kind === 'number' ? ticketNumberSpoken(call.number) : p.kind === 'window' ? windowNumberHanzi(call.windowId) : p.word)).join('');
}

/** One call to announce: a chime, then the sentence `repeat` times. */
export interface Announcement {
  seq: number;
  number: string;
  windowId: number;
  recall: boolean;
  chime: boolean;
  sentence: ClipId[];
  repeat: number;
  /** The sentence for a speech voice. */
  text: string;
  volume: number;
}

export function planAnnouncement(call: CallView, settings: AnnouncementSettings, parts: readonly TemplatePart[] = parseTemplate(settings.template)): Announcement {
  return {
    seq: call.seq,
    number: call.number,
    windowId: call.windowId,
    recall: call.recall,
    chime: settings.chime,
    sentence: sentenceClips(parts, call),
    repeat: Math.max(1, Math.round(settings.repeat)),
    text: sentenceText(parts, call),
    volume: Math.min(1, Math.max(0, settings.volume)),
  };
}

/** Everything played, in order: what the log shows and the tests compare. */
export function announcementClips(a: Pick<Announcement, 'chime' | 'sentence' | 'repeat'>): ClipId[] {
  const out: ClipId[] = a.chime ? ['chime'] : [];
  for (let i = 0; i < a.repeat; i++) out.push(...a.sentence);
  return out;
}

/**
 * Several calls in one sentence, for a burst: "请 A002 号、B003 号 到 窗口 办理". The windows are left to
 * the screen, where each number stands beside its window in large type; the numbers are what people
 * listen for.
 */
export function groupAnnouncement(list: readonly Announcement[]): Announcement {
  const first = list[0]!;
  const sentence: ClipId[] = [WORD_CLIPS['请'], ...list.flatMap((a) => [...ticketNumberClips(a.number), WORD_CLIPS['号']]), WORD_CLIPS['到'], WORD_CLIPS['窗口'], WORD_CLIPS['办理']];
  const text = `请${list.map((a) => `${ticketNumberSpoken(a.number)}号`).join('、')}到窗口办理`;
  return { ...first, recall: false, chime: false, sentence, repeat: 1, text };
}

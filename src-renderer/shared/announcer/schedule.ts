import type { Announcement } from './sentence';
import type { ClipId } from './vocabulary';

// When each clip starts, relative to the start of the announcement. Web Audio plays them on the audio clock,
// sample-exact, so words join evenly however busy the page's main thread is.

export interface Gaps {
  /** Between words of the sentence. */
  word: number;
  /** After the chime, before the first sentence. */
  afterChime: number;
  /** Between two repeats of the sentence. */
  betweenRepeats: number;
}

export const DEFAULT_GAPS: Gaps = { word: 0.03, afterChime: 0.3, betweenRepeats: 0.9 };

export interface ScheduledClip {
  id: ClipId;
  /** Seconds from the start. */
  at: number;
  duration: number;
}

export function scheduleClips(a: Pick<Announcement, 'chime' | 'sentence' | 'repeat'>, durationOf: (id: ClipId) => number, gaps: Gaps = DEFAULT_GAPS): { clips: ScheduledClip[]; total: number } {
  const clips: ScheduledClip[] = [];
  let t = 0;
  const put = (id: ClipId) => {
    const duration = durationOf(id);
    clips.push({ id, at: t, duration });
    t += duration;
  };
  if (a.chime) {
    put('chime');
    if (a.repeat > 0 && a.sentence.length) t += gaps.afterChime;
  }
  for (let r = 0; r < a.repeat; r++) {
    if (r > 0) t += gaps.betweenRepeats;
    a.sentence.forEach((id, i) => {
      if (i > 0) t += gaps.word;
      put(id);
    });
  }
  return { clips, total: t };
}

import type { AudioState as ReportedAudio } from '../../../src-main/contracts';
import type { AudioState } from './hall-announcer';

/**
 * What a screen tells the hall about its sound: on, blocked (the browser waits for a tap; only after the
 * start-up grace, since an autoplay-allowed browser starts a moment late), or failed (no audio at all).
 * null while it is too early to say.
 */
export function soundReport(state: AudioState, graceOver: boolean): ReportedAudio | null {
  if (state === 'running') return 'on';
  if (state === 'suspended') return graceOver ? 'blocked' : null;
  return 'failed';
}

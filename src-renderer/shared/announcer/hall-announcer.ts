import type { AnnouncementSettings, CallView } from '../../../src-main/contracts';
import { AnnouncementQueue, firstThatWorks, type AnnouncementLogEntry, type EnqueueResult } from './announcement-queue';
import { DEFAULT_ANNOUNCEMENT, DEFAULT_TEMPLATE, parseTemplate, planAnnouncement, type TemplatePart } from './sentence';
import { SpeechPlayer } from './speech-player';
import { ClipLibrary, WebAudioPlayer } from './web-audio-player';

// The announcer a screen uses: calls in, Mandarin out, one at a time. Settings come with each snapshot
// (config `announcement`), so a changed template or repeat count applies after a server restart.

export type AudioState = 'running' | 'suspended' | 'closed' | 'unsupported';

export interface HallAnnouncer {
  announce(call: CallView): EnqueueResult | 'unreadable';
  setSettings(settings: AnnouncementSettings | undefined): void;
  /** Resumes audio after a user gesture (browsers that block autoplay). */
  unlock(): Promise<void>;
  audioState(): AudioState;
  onAudioState(fn: (s: AudioState) => void): void;
  readonly log: AnnouncementLogEntry[];
  whenIdle(): Promise<void>;
}

export interface AnnouncerOptions {
  voiceUrl?: string;
  onChange?: () => void;
}

export function createHallAnnouncer(opts: AnnouncerOptions = {}): HallAnnouncer {
  const AudioCtx = typeof AudioContext === 'undefined' ? null : AudioContext;
  const ctx = AudioCtx ? new AudioCtx() : null;
  const library = ctx ? new ClipLibrary(ctx, opts.voiceUrl ?? '/voice/') : null;
  const clips = ctx && library ? new WebAudioPlayer(ctx, library) : null;
  const speech =
    typeof speechSynthesis === 'undefined'
      ? null
      : new SpeechPlayer(speechSynthesis, (volume) => clips?.play({ ...chimeOnly, volume }) ?? Promise.resolve());

  let settings: AnnouncementSettings = DEFAULT_ANNOUNCEMENT;
  let parts: TemplatePart[] = parseTemplate(DEFAULT_TEMPLATE);

  const player = {
    play: (a: Parameters<WebAudioPlayer['play']>[0]) => {
      const order = settings.prefer === 'speech' ? [speech, clips] : [clips, speech];
      return firstThatWorks(order.filter((p) => p !== null)).play(a);
    },
  };
  const queue = new AnnouncementQueue(player, { onChange: opts.onChange });

  // Where autoplay is allowed (kiosk Chromium) this starts the audio at once; elsewhere it waits for unlock().
  void ctx?.resume().catch(() => {});
  // Decoding ahead needs no running context; a failure here is retried clip by clip when a call comes.
  void library?.preload().catch((err: unknown) => console.warn('voice clips not preloaded:', err));

  return {
    announce(call) {
      try {
        return queue.enqueue(planAnnouncement(call, settings, parts));
      } catch (err) {
        console.error(`cannot announce ${call.number} at window ${call.windowId}:`, err);
        return 'unreadable';
      }
    },
    setSettings(next) {
      const s = next ?? DEFAULT_ANNOUNCEMENT;
      try {
        parts = parseTemplate(s.template);
        settings = s;
      } catch (err) {
        // The server validates the template; this guards a page newer or older than its server.
        console.error(err);
        parts = parseTemplate(DEFAULT_TEMPLATE);
        settings = { ...s, template: DEFAULT_TEMPLATE };
      }
    },
    async unlock() {
      await ctx?.resume();
      // Speech engines also want a gesture once; an empty utterance is enough.
      if (typeof speechSynthesis !== 'undefined') speechSynthesis.speak(new SpeechSynthesisUtterance(''));
    },
    audioState: () => (ctx ? (ctx.state as AudioState) : 'unsupported'),
    onAudioState(fn) {
      ctx?.addEventListener('statechange', () => fn(ctx.state as AudioState));
    },
    get log() {
      return queue.log;
    },
    whenIdle: () => queue.whenIdle(),
  };
}

/** Only the chime: what a speech voice plays before speaking. */
const chimeOnly = { seq: 0, number: '', windowId: 0, recall: false, chime: true, sentence: [], repeat: 0, text: '', volume: 1 };

import { computed, onBeforeUnmount, ref, watch } from 'vue';
import type { CallView } from '../../../src-main/contracts';
import { useHallStore } from '../hall-store';
import type { AnnouncementLogEntry } from './announcement-queue';
import { createHallAnnouncer, type AudioState } from './hall-announcer';
import { callsMissedWhileAway } from './missed-calls';
import { soundReport } from './sound-report';

// Announces the calls a screen hears: live ones as they come, and after a reconnect the recent ones it missed
// while away. The announcer forgets nothing it has spoken (by seq), so a replay never repeats a call.

/** A call this old is not announced after a reconnect: the citizen has been told by the staff by then. */
const MISSED_CALL_MAX_AGE_MS = 60_000;
/** Autoplay-allowed browsers start the context a moment after creation; only a lasting suspension needs a click. */
const GESTURE_GRACE_MS = 1000;

export interface AnnouncerProbe {
  readonly log: AnnouncementLogEntry[];
  readonly audioState: AudioState;
}

declare global {
  interface Window {
    /** Read-only view of what was queued and played, for end-to-end tests and on-site checks. */
    __announcer?: AnnouncerProbe;
  }
}

export function useCallAnnouncements(opts: { accept?: (call: CallView) => boolean } = {}) {
  const store = useHallStore();
  const accept = opts.accept ?? (() => true);
  const announcer = createHallAnnouncer();
  const audioState = ref<AudioState>(announcer.audioState());
  announcer.onAudioState((s) => (audioState.value = s));
  const graceOver = ref(false);
  const timer = setTimeout(() => (graceOver.value = true), GESTURE_GRACE_MS);

  window.__announcer = Object.freeze({
    get log() {
      return announcer.log;
    },
    get audioState() {
      return announcer.audioState();
    },
  });

  watch(() => store.snapshot?.announcement, (s) => announcer.setSettings(s), { immediate: true });

  let lastSeen: number | null = null;
  const offCall = store.onCall((call) => {
    lastSeen = Math.max(lastSeen ?? 0, call.seq);
    if (accept(call)) announcer.announce(call);
  });

  watch(
    () => store.snapshot,
    (snap, prev) => {
      if (!snap) return;
      const newest = snap.recentCalls.reduce((m, c) => Math.max(m, c.seq), 0);
      // A fresh snapshot (first load or after a reconnect) has a new serverTime; updates keep the old one.
      const fresh = !prev || prev.serverTime !== snap.serverTime;
      if (fresh && lastSeen !== null) {
        for (const c of callsMissedWhileAway(lastSeen, snap, MISSED_CALL_MAX_AGE_MS)) if (accept(c)) announcer.announce(c);
      }
      lastSeen = Math.max(lastSeen ?? 0, newest);
    },
  );

  onBeforeUnmount(() => {
    offCall();
    clearTimeout(timer);
  });

  const needsGesture = computed(() => graceOver.value && audioState.value === 'suspended');
  const sound = computed(() => soundReport(audioState.value, graceOver.value));
  return { needsGesture, audioState, sound, unlock: () => announcer.unlock() };
}

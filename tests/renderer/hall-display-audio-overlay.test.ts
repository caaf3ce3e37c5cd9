// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { useCallAnnouncements } from '../../src-renderer/shared/announcer/use-call-announcements';

// When the hall screen asks for a click: the composable's needsGesture, with the page's overlay stood in by a
// plain button (vitest runs without the .vue plugin; the real overlay is checked in Chromium by the e2e).

/** An AudioContext as a browser that blocks autoplay creates it: suspended until resumed by a gesture. */
class BlockedAudioContext extends EventTarget {
  static resumes = 0;
  state: 'suspended' | 'running' = 'suspended';
  constructor(private readonly allowed: boolean) {
    super();
  }
  async resume() {
    BlockedAudioContext.resumes++;
    if (!this.allowed) return;
    this.state = 'running';
    this.dispatchEvent(new Event('statechange'));
  }
  decodeAudioData() {
    return Promise.reject(new Error('not used here'));
  }
}

function mountScreen() {
  setActivePinia(createPinia());
  const Screen = defineComponent({
    setup() {
      const { needsGesture, unlock } = useCallAnnouncements();
      return () => (needsGesture.value ? h('button', { 'data-testid': 'enable-audio', onClick: () => unlock() }, 'enable') : h('p', 'ready'));
    },
  });
  return mount(Screen);
}

describe('the "点击启用语音播报 / click to enable announcements" overlay', () => {
  let gesture = false;
  beforeEach(() => {
    vi.useFakeTimers();
    BlockedAudioContext.resumes = 0;
    gesture = false;
    // Resume succeeds only once the user has clicked, as in a browser that blocks autoplay.
    vi.stubGlobal('AudioContext', class extends BlockedAudioContext {
      constructor() {
        super(false);
      }
      override async resume() {
        BlockedAudioContext.resumes++;
        if (!gesture) return;
        this.state = 'running';
        this.dispatchEvent(new Event('statechange'));
      }
    });
    vi.stubGlobal('fetch', async () => new Response('', { status: 404 }));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('is asked for when audio stays blocked, and a click enables audio and hides it', async () => {
    const w = mountScreen();
    expect(w.find('[data-testid="enable-audio"]').exists()).toBe(false); // not during the start-up grace
    await vi.advanceTimersByTimeAsync(1100);
    const overlay = w.find('[data-testid="enable-audio"]');
    expect(overlay.exists()).toBe(true);
    expect(window.__announcer?.audioState).toBe('suspended');
    gesture = true;
    await overlay.trigger('click');
    await vi.advanceTimersByTimeAsync(0);
    expect(BlockedAudioContext.resumes).toBeGreaterThanOrEqual(1);
    expect(w.find('[data-testid="enable-audio"]').exists()).toBe(false);
    expect(w.text()).toBe('ready');
    w.unmount();
  });

  it('is never asked for where autoplay is allowed (kiosk Chromium)', async () => {
    vi.stubGlobal('AudioContext', class extends BlockedAudioContext {
      constructor() {
        super(true);
      }
    });
    const w = mountScreen();
    await vi.advanceTimersByTimeAsync(1500);
    expect(w.find('[data-testid="enable-audio"]').exists()).toBe(false);
    expect(window.__announcer?.audioState).toBe('running');
    w.unmount();
  });
});

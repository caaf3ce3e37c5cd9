// Two short tones when the idle warning appears: someone who turned away hears that the kiosk wants an
// answer. Made in code (no file to load); a kiosk without sound simply stays silent.
let ctx: AudioContext | null = null;

export async function warningBeep(): Promise<void> {
  if (typeof AudioContext === 'undefined') return;
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') await ctx.resume();
    const start = ctx.currentTime + 0.02;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      const t = start + i * 0.3;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.4, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.26);
    }
    window.__kioskBeeps = (window.__kioskBeeps ?? 0) + 1;
  } catch (err) {
    console.warn('idle warning sound not played:', err);
  }
}

declare global {
  interface Window {
    /** How many warning sounds were started, for end-to-end tests and on-site checks. */
    __kioskBeeps?: number;
  }
}

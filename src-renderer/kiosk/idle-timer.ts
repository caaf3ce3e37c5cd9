// Returns the kiosk to its first screen when nobody touches it, so the next citizen never starts in the
// middle of someone else's choice. Pure timing logic with injectable timers (tested with fake timers).

export const IDLE_TIMEOUT_MS = 75_000;
/**
 * The last 20 s are a large warning with a sound and a 继续 button: time enough for someone who stepped
 * away to look for an ID card, or an older citizen reading slowly, to notice and answer.
 */
export const IDLE_WARNING_MS = 20_000;

/**
 * Whether the kiosk should count down to its start: anywhere but the home screen, and on the home screen
 * too while it speaks English, so the next citizen always finds it in Chinese.
 */
export function needsIdleReturn(screen: string, locale: string): boolean {
  return screen !== 'home' || locale !== 'zh-CN';
}

export interface IdleTimerOptions {
  timeoutMs?: number;
  warningMs?: number;
  onIdle: () => void;
  /** Seconds left during the warning, then null when the warning ends (touch or timeout). */
  onCountdown?: (secondsLeft: number | null) => void;
  timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout; setInterval: typeof setInterval; clearInterval: typeof clearInterval };
  now?: () => number;
}

export interface IdleTimer {
  /** Starts (or restarts) counting from now. */
  arm(): void;
  /** Stops counting (the home screen needs no return). */
  disarm(): void;
  /** Someone touched the screen: count again from now, if armed. */
  poke(): void;
  readonly armed: boolean;
}

export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  const timeoutMs = options.timeoutMs ?? IDLE_TIMEOUT_MS;
  const warningMs = Math.min(options.warningMs ?? IDLE_WARNING_MS, timeoutMs);
  // Bound: a browser's timer functions throw "Illegal invocation" when called as methods of another object.
  const timers = options.timers ?? {
    setTimeout: globalThis.setTimeout.bind(globalThis),
    clearTimeout: globalThis.clearTimeout.bind(globalThis),
    setInterval: globalThis.setInterval.bind(globalThis),
    clearInterval: globalThis.clearInterval.bind(globalThis),
  };
  const now = options.now ?? (() => Date.now());
  let warnTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let deadline = 0;
  let armed = false;
  let counting = false;

  const clear = () => {
    timers.clearTimeout(warnTimer);
    timers.clearTimeout(idleTimer);
    timers.clearInterval(ticker);
    warnTimer = idleTimer = ticker = undefined;
    if (counting) {
      counting = false;
      options.onCountdown?.(null);
    }
  };

  const start = () => {
    clear();
    deadline = now() + timeoutMs;
    warnTimer = timers.setTimeout(() => {
      counting = true;
      const tick = () => options.onCountdown?.(Math.max(Math.ceil((deadline - now()) / 1000), 0));
      tick();
      ticker = timers.setInterval(tick, 1000);
    }, timeoutMs - warningMs);
    idleTimer = timers.setTimeout(() => {
      clear();
      armed = false;
      options.onIdle();
    }, timeoutMs);
  };

  return {
    arm() {
      armed = true;
      start();
    },
    disarm() {
      armed = false;
      clear();
    },
    poke() {
      if (armed) start();
    },
    get armed() {
      return armed;
    },
  };
}

import type { BrowserWindowConstructorOptions } from 'electron';

/** protocol://host of a URL (WHATWG gives the origin "null" for custom schemes such as app://). */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/** Full screen, no menu, and the renderer locked down: isolated, sandboxed, no Node. */
export function kioskWindowOptions(preload: string, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    fullscreen: true,
    kiosk: true,
    frame: false,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#f2f4f7',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}

/** The parts of WebContents the guards use (Electron's WebContents has them; tests pass a fake). */
export interface GuardedContents {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the listener type of Node's and Electron's emitters
  on(event: string, listener: (...args: any[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  reload(): void;
  isDestroyed(): boolean;
}

export interface GuardOptions {
  allowedOrigins: readonly string[];
  log: { warn(data: object, msg: string): void; error(data: object, msg: string): void };
  /** Injected for tests. */
  schedule?: (fn: () => void, ms: number) => unknown;
  now?: () => number;
}

const CRASH_WINDOW_MS = 60_000;
const MAX_RELOAD_DELAY_MS = 30_000;

/**
 * No navigation away from the kiosk page, no new windows, and a crashed renderer comes back by itself
 * (after 1 s, then longer while it keeps crashing, so a page that crashes at once cannot spin the CPU).
 */
export function guardKioskContents(contents: GuardedContents, options: GuardOptions): void {
  const schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const now = options.now ?? Date.now;
  const allowed = (url: string) => {
    const origin = originOf(url);
    return origin !== null && options.allowedOrigins.includes(origin);
  };
  const block = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    if (allowed(event.url)) return;
    event.preventDefault();
    options.log.warn({ url: event.url.slice(0, 200), kind }, 'navigation away from the kiosk page blocked');
  };
  contents.on('will-navigate', block('navigate'));
  contents.on('will-redirect', block('redirect'));
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    options.log.warn({ url: url.slice(0, 200) }, 'window.open blocked');
    return { action: 'deny' };
  });

  let crashes: number[] = [];
  contents.on('render-process-gone', (_event: unknown, details: { reason: string; exitCode: number }) => {
    if (details.reason === 'clean-exit') return;
    const at = now();
    crashes = [...crashes.filter((t) => at - t < CRASH_WINDOW_MS), at];
    const delay = Math.min(1000 * 2 ** (crashes.length - 1), MAX_RELOAD_DELAY_MS);
    options.log.error({ reason: details.reason, exitCode: details.exitCode, reloadInMs: delay }, 'kiosk page crashed; reloading');
    schedule(() => {
      if (!contents.isDestroyed()) contents.reload();
    }, delay);
  });
}

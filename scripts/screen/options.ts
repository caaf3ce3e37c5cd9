import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

// A wall screen (hall screen, window screen) has nobody to click "allow sound" or close a "restore pages?"
// bubble after a power cut: the browser is started with those prompts off and its own profile, so a crash of
// another Chromium on the same PC cannot leave this one asking anything.

export const SCREEN_USAGE = `Usage: npm run screen -- <page URL with its device key> [options]

  --chromium <path>         browser to start (default: /usr/bin/chromium, or Chrome/Edge on Windows)
  --profile <dir>           its own profile directory (default: ~/.hall-screen/<host:port and page>)
  --window-position <x,y>   where the window opens, for a second monitor (e.g. 1920,0)
  --restart-min <seconds>   first wait before restarting a browser that exited (default 2)
  --restart-max <seconds>   longest wait between restarts (default 60)
  --no-restart              start it once (for trying a set-up)

Example: npm run screen -- "http://192.168.1.10:3000/hall-display/?hall=demo-county&device=hall-screen&key=..."`;

const seconds = z.coerce.number().positive().max(3600);

export const ScreenOptionsSchema = z
  .object({
    url: z
      .string({ error: (iss) => (iss.input === undefined ? 'the page URL is missing' : 'the page URL must be text') })
      .refine((u) => /^https?:\/\/[^/\s]+/.test(u) && URL.canParse(u), 'the page URL must be a full http:// or https:// address (http://host:port/hall-display/?…)'),
    chromium: z.string().min(1).optional(),
    profile: z.string().min(1).optional(),
    windowPosition: z
      .string()
      .regex(/^-?\d+,-?\d+$/, '--window-position takes x,y in pixels, e.g. 1920,0')
      .optional(),
    restartMin: seconds.default(2),
    restartMax: seconds.default(60),
    restart: z.boolean().default(true),
  })
  .refine((o) => o.restartMax >= o.restartMin, { message: '--restart-max must not be below --restart-min', path: ['restartMax'] });

export type ScreenOptions = z.infer<typeof ScreenOptionsSchema>;

const VALUE_FLAGS: Record<string, 'chromium' | 'profile' | 'windowPosition' | 'restartMin' | 'restartMax'> = {
  '--chromium': 'chromium',
  '--profile': 'profile',
  '--window-position': 'windowPosition',
  '--display-position': 'windowPosition',
  '--restart-min': 'restartMin',
  '--restart-max': 'restartMax',
};

export type ParsedArgs = { ok: true; options: ScreenOptions } | { ok: false; errors: string[] };

/** Reads the command line; every problem is named, with the flag it concerns. */
export function parseScreenArgs(argv: readonly string[]): ParsedArgs {
  const raw: Record<string, unknown> = {};
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--no-restart') raw.restart = false;
    else if (flag in VALUE_FLAGS) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) errors.push(`${flag} needs a value`);
      else raw[VALUE_FLAGS[flag]!] = value;
    } else if (flag.startsWith('--')) errors.push(`unknown option ${flag}`);
    else if (raw.url === undefined) raw.url = arg;
    else errors.push(`one page URL per screen, got a second one: ${arg}`);
  }
  const parsed = ScreenOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      const flag = Object.entries(VALUE_FLAGS).find(([, key]) => key === field)?.[0];
      errors.push(flag && !issue.message.startsWith('--') ? `${flag}: ${issue.message}` : issue.message);
    }
  }
  return errors.length > 0 || !parsed.success ? { ok: false, errors } : { ok: true, options: parsed.data };
}

/** The browser to use: the one given, else the first installed of the usual places. */
export function findBrowser(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): string | null {
  const candidates =
    platform === 'win32'
      ? [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA]
          .filter((d): d is string => !!d)
          .flatMap((d) => [join(d, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(d, 'Microsoft', 'Edge', 'Application', 'msedge.exe'), join(d, 'Chromium', 'Application', 'chrome.exe')])
      : platform === 'darwin'
        ? ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium']
        : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge'];
  return candidates.find(exists) ?? null;
}

/** One profile per page, so two screens on one PC (two monitors) do not share a browser. */
export function defaultProfileDir(url: string, home = homedir()): string {
  const u = new URL(url);
  const name = `${u.host}${u.pathname}`.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/_+$/, '');
  const device = u.searchParams.get('device');
  return join(home, '.hall-screen', device ? `${name}_${device}` : name);
}

/** The browser's command line: pure, so what a wall screen runs is tested without a browser. */
export function chromiumArgs(options: Pick<ScreenOptions, 'url' | 'windowPosition'>, profileDir: string): string[] {
  return [
    `--user-data-dir=${profileDir}`,
    '--kiosk',
    // Calls are spoken without anyone having clicked the page.
    '--autoplay-policy=no-user-gesture-required',
    '--noerrdialogs',
    '--disable-infobars',
    '--disable-session-crashed-bubble',
    // A restart after a power cut must not ask to restore pages or to translate Chinese.
    '--hide-crash-restore-bubble',
    '--disable-features=Translate',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--check-for-update-interval=31536000',
    ...(options.windowPosition ? [`--window-position=${options.windowPosition}`] : []),
    options.url,
  ];
}

/**
 * Wait before the next start: doubling from min up to max while the browser keeps dying quickly, back to
 * min once it has run for a while (a crash a day is not a crash loop).
 */
export function nextRestartDelay(previousDelayMs: number | null, ranForMs: number, minMs: number, maxMs: number): number {
  if (previousDelayMs === null || ranForMs >= maxMs * 2) return minMs;
  return Math.min(maxMs, previousDelayMs * 2);
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumArgs, defaultProfileDir, findBrowser, nextRestartDelay, parseScreenArgs } from '../../scripts/screen/options';
import { superviseBrowser } from '../../scripts/screen/supervise';

const URL_ = 'http://192.168.1.10:3000/hall-display/?hall=demo-county&device=hall-screen&key=abc';

describe('screen launcher: arguments', () => {
  it('takes the page URL and options, with defaults', () => {
    const r = parseScreenArgs([URL_, '--chromium', '/opt/chrome', '--window-position=1920,0', '--restart-max', '30']);
    expect(r).toEqual({ ok: true, options: { url: URL_, chromium: '/opt/chrome', windowPosition: '1920,0', restartMin: 2, restartMax: 30, restart: true } });
    expect(parseScreenArgs([URL_, '--no-restart'])).toMatchObject({ ok: true, options: { restart: false } });
  });

  it('names every problem', () => {
    expect(parseScreenArgs([])).toEqual({ ok: false, errors: ['the page URL is missing'] });
    const bad = parseScreenArgs(['hall-display/?hall=x', '--window-position', 'left', '--frobnicate', '--restart-min', '-1']);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        'unknown option --frobnicate',
        expect.stringContaining('full http:// or https:// address'),
        '--window-position takes x,y in pixels, e.g. 1920,0',
        expect.stringMatching(/^--restart-min: /),
      ]),
    );
    expect(parseScreenArgs([URL_, '--profile'])).toEqual({ ok: false, errors: ['--profile needs a value'] });
    expect(parseScreenArgs([URL_, URL_])).toMatchObject({ ok: false, errors: [expect.stringContaining('one page URL per screen')] });
    expect(parseScreenArgs([URL_, '--restart-min', '10', '--restart-max', '5'])).toEqual({ ok: false, errors: ['--restart-max must not be below --restart-min'] });
  });

  it('builds a kiosk command line with sound allowed and its own profile', () => {
    const args = chromiumArgs({ url: URL_, windowPosition: '1920,0' }, '/home/screen/.hall-screen/p');
    expect(args).toEqual(
      expect.arrayContaining(['--kiosk', '--autoplay-policy=no-user-gesture-required', '--noerrdialogs', '--disable-session-crashed-bubble', '--disable-infobars', '--user-data-dir=/home/screen/.hall-screen/p', '--window-position=1920,0']),
    );
    expect(args.at(-1)).toBe(URL_);
    expect(chromiumArgs({ url: URL_ }, '/p').some((a) => a.startsWith('--window-position'))).toBe(false);
  });

  it('one profile per page and device, without the key in the name', () => {
    const dir = defaultProfileDir(URL_, '/home/s');
    expect(dir).toBe(join('/home/s', '.hall-screen', '192.168.1.10_3000_hall-display_hall-screen'));
    expect(dir).not.toContain('abc');
  });

  it('finds Chromium on Linux and Chrome or Edge on Windows', () => {
    expect(findBrowser('linux', {}, (p) => p === '/usr/bin/chromium')).toBe('/usr/bin/chromium');
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' };
    expect(findBrowser('win32', env, (p) => p.endsWith('msedge.exe'))).toMatch(/Microsoft.Edge.Application.msedge\.exe$/);
    expect(findBrowser('linux', {}, () => false)).toBeNull();
  });

  it('backs off while the browser keeps dying, and starts over after a long run', () => {
    expect(nextRestartDelay(null, 100, 2000, 60_000)).toBe(2000);
    expect(nextRestartDelay(2000, 100, 2000, 60_000)).toBe(4000);
    expect(nextRestartDelay(32_000, 100, 2000, 60_000)).toBe(60_000);
    expect(nextRestartDelay(60_000, 3_600_000, 2000, 60_000)).toBe(2000);
  });
});

describe('screen launcher: restart loop', () => {
  it('starts a browser that exits again, with growing waits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'screen-'));
    const fake = join(dir, 'fake-browser.mjs');
    const runs = join(dir, 'runs.txt');
    // A "browser" that records its arguments and exits at once, as a crashing one would.
    writeFileSync(fake, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(runs)}, process.argv.slice(2).join(' ') + '\\n');\nprocess.exit(3);\n`);
    const waits: number[] = [];
    const lines: string[] = [];
    const starts = await superviseBrowser({
      command: process.execPath,
      args: [fake, '--kiosk', URL_],
      restart: true,
      restartMinMs: 1000,
      restartMaxMs: 4000,
      log: (l) => lines.push(l),
      sleep: async (ms) => void waits.push(ms),
      maxStarts: 4,
    });
    expect(starts).toBe(4);
    expect(readFileSync(runs, 'utf8').trim().split('\n')).toEqual(Array(4).fill(`--kiosk ${URL_}`));
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(lines.filter((l) => l.includes('exited with code 3'))).toHaveLength(4);
  });

  it('says so when the browser cannot be started, and stops with --no-restart', async () => {
    const lines: string[] = [];
    const starts = await superviseBrowser({ command: '/nonexistent/chromium', args: [], restart: false, restartMinMs: 1, restartMaxMs: 1, log: (l) => lines.push(l) });
    expect(starts).toBe(1);
    expect(lines.join('\n')).toContain('could not start');
  });
});

import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { fileForAppUrl, KIOSK_PAGE_URL } from '../../src-main/electron/app-protocol';
import { candidatesFor, resolve } from '../../src-main/electron/esm-resolve-hook';
import type { GuardedContents } from '../../src-main/electron/kiosk-window';
import { guardKioskContents, kioskWindowOptions, originOf } from '../../src-main/electron/kiosk-window';

/** Enough of a WebContents to fire its events and see what the guards did. */
class FakeContents extends EventEmitter implements GuardedContents {
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  reloads = 0;
  destroyed = false;
  setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  reload(): void {
    this.reloads++;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  navigate(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

function guarded() {
  const contents = new FakeContents();
  const timers: Array<{ fn: () => void; ms: number }> = [];
  let now = 0;
  const log = { warn: vi.fn(), error: vi.fn() };
  guardKioskContents(contents, { allowedOrigins: ['app://kiosk'], log, schedule: (fn, ms) => timers.push({ fn, ms }), now: () => now });
  return { contents, timers, log, advance: (ms: number) => (now += ms) };
}

describe('the kiosk window', () => {
  it('is full screen with an isolated, sandboxed renderer without Node', () => {
    const options = kioskWindowOptions('/app/preload.js', { devTools: false });
    expect(options).toMatchObject({ fullscreen: true, kiosk: true });
    expect(options.webPreferences).toMatchObject({ preload: '/app/preload.js', contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, devTools: false });
  });

  it('stays on the kiosk page: navigation and redirects elsewhere are prevented, in-app ones allowed', () => {
    const { contents, log } = guarded();
    expect(contents.navigate('will-navigate', 'https://www.baidu.com/')).toBe(true);
    expect(contents.navigate('will-redirect', 'http://10.0.0.1/phish')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///C:/Windows/')).toBe(true);
    expect(contents.navigate('will-navigate', 'app://kiosk/kiosk/index.html?lang=en')).toBe(false);
    expect(log.warn).toHaveBeenCalledTimes(3);
  });

  it('denies every new window and webview', () => {
    const { contents } = guarded();
    expect(contents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('reloads a crashed page, waiting longer while it keeps crashing, and not after a clean exit', () => {
    const { contents, timers, advance } = guarded();
    contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(timers).toHaveLength(0);
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    advance(2000);
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000]);
    timers[0]!.fn();
    expect(contents.reloads).toBe(1);
    advance(120_000);
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(timers[2]!.ms).toBe(1000);
    contents.destroyed = true;
    timers[1]!.fn();
    expect(contents.reloads).toBe(1);
  });

  it('compares origins of custom schemes by protocol and host', () => {
    expect(originOf('app://kiosk/kiosk/index.html')).toBe('app://kiosk');
    expect(originOf('https://a.example:8443/x')).toBe('https://a.example:8443');
    expect(originOf('not a url')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
  });
});

describe('app:// files', () => {
  const dir = '/opt/kiosk/dist/renderer';
  it('maps the kiosk page and its assets into the built pages', () => {
    expect(fileForAppUrl(dir, KIOSK_PAGE_URL)).toBe('/opt/kiosk/dist/renderer/kiosk/index.html');
    expect(fileForAppUrl(dir, 'app://kiosk/kiosk/')).toBe('/opt/kiosk/dist/renderer/kiosk/index.html');
    expect(fileForAppUrl(dir, 'app://kiosk/assets/kiosk-abc123.js')).toBe('/opt/kiosk/dist/renderer/assets/kiosk-abc123.js');
    expect(fileForAppUrl(dir, 'app://kiosk/')).toBe('/opt/kiosk/dist/renderer/kiosk/index.html');
  });

  it('refuses paths outside the pages and other hosts', () => {
    expect(fileForAppUrl(dir, 'app://kiosk/..%2F..%2Fetc/passwd')).toBeNull();
    // Encoded dot segments are resolved by the URL parser at the root: still inside the pages.
    expect(fileForAppUrl(dir, 'app://kiosk/%2e%2e/%2e%2e/secret')).toBe('/opt/kiosk/dist/renderer/secret');
    expect(fileForAppUrl(dir, 'app://other/kiosk/index.html')).toBeNull();
    expect(fileForAppUrl(dir, 'app://kiosk/%E0%A4%A')).toBeNull();
  });
});

describe('resolve hook of the compiled shell', () => {
  it('tries .js and /index.js for relative specifiers without an extension only', () => {
    expect(candidatesFor('./kiosk-service')).toEqual(['./kiosk-service.js', './kiosk-service/index.js']);
    expect(candidatesFor('../../hardware')).toEqual(['../../hardware.js', '../../hardware/index.js']);
    expect(candidatesFor('./x.js')).toEqual([]);
    expect(candidatesFor('zod')).toEqual([]);
  });

  it('falls back in order and rethrows the first error when nothing fits', async () => {
    const known = new Set(['file:///app/hardware/index.js']);
    const next = async (specifier: string, context?: { parentURL?: string }) => {
      const url = new URL(specifier, context?.parentURL).href;
      if (!known.has(url)) throw new Error(`cannot find ${specifier}`);
      return { url };
    };
    const context = { parentURL: 'file:///app/src/main.js' };
    expect(await resolve('../hardware', context, next)).toEqual({ url: 'file:///app/hardware/index.js' });
    await expect(resolve('./missing', context, next)).rejects.toThrow('cannot find ./missing');
  });
});

import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What `npm run build:electron` produces, checked without an Electron binary: the sandboxed preload is a
// self-contained script exposing only named verbs, and the compiled main-process code loads under plain
// Node ESM through the resolve hook and runs the kiosk (with simulators).

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
// Inside the repository so the compiled files find node_modules and the package type.
const OUT = join(ROOT, 'tests/.artifacts/electron-build-test');

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.electron.json'), '--outDir', OUT], { cwd: ROOT });
}, 120_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('compiled Electron shell', () => {
  it('has a preload that needs nothing but electron and exposes only the kiosk verbs', async () => {
    const source = readFileSync(join(OUT, 'src-main/electron/preload.js'), 'utf8');
    expect(source).not.toMatch(/^\s*(import|export)\b/m);
    const required: string[] = [];
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: Array<[string, unknown]> = [];
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, payload: unknown) => {
          invoked.push([channel, payload]);
          return { ok: true, data: channel };
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
        removeListener: (channel: string) => listeners.delete(channel),
      },
    };
    runInNewContext(source, {
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
    });
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['kioskApi']);
    const api = exposed.get('kioskApi')!;
    expect(Object.keys(api).sort()).toEqual(['checkIn', 'deviceStatus', 'listCategories', 'onEvent', 'reactivate', 'reprint', 'takeTicket']);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);

    await (api.takeTicket as (p: unknown) => Promise<unknown>)({ categoryId: 'A' });
    await (api.reprint as () => Promise<unknown>)();
    await (api.checkIn as (p: unknown) => Promise<unknown>)({ code: '123456' });
    expect(invoked).toEqual([
      ['kiosk:takeTicket', { categoryId: 'A' }],
      ['kiosk:reprint', undefined],
      ['kiosk:checkIn', { code: '123456' }],
    ]);

    const got: unknown[] = [];
    const off = (api.onEvent as (l: (e: unknown) => void) => () => void)((e) => got.push(e));
    // The page receives the event alone, not the IPC event object that carries the sender.
    listeners.get('kiosk:event')!({ sender: 'secret' }, { type: 'card-out' });
    expect(got).toEqual([{ type: 'card-out' }]);
    off();
    expect(listeners.has('kiosk:event')).toBe(false);
  });

  it('loads under Node ESM through the resolve hook and runs the kiosk with simulators', async () => {
    const probe = join(OUT, 'probe.mjs');
    writeFileSync(
      probe,
      `await import('./src-main/electron/register-esm-resolve.js');
const { parseKioskArgs } = await import('./src-main/kiosk/kiosk-config.js');
const { startKiosk } = await import('./src-main/kiosk/start-kiosk.js');
const { createKioskLogger } = await import('./src-main/kiosk/logger.js');
const config = parseKioskArgs(['--simulate', '--hall-url', 'http://127.0.0.1:9', '--http-port', 'off'], {});
const kiosk = await startKiosk(config, createKioskLogger('silent'), { fixtureDir: ${JSON.stringify(join(ROOT, 'hardware/simulators/fixtures/cards'))} });
await kiosk.service.checkPrinter();
const status = await kiosk.service.deviceStatus();
const ticket = await kiosk.service.takeTicket({ categoryId: 'A' });
await kiosk.stop();
console.log(JSON.stringify({ status: status.data, ticket }));
`,
    );
    const { stdout } = await run(process.execPath, [probe], { cwd: OUT, timeout: 30_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { status: { printer: string; reader: string }; ticket: { ok: boolean; code: string } };
    expect(result.status).toMatchObject({ printer: 'ok', reader: 'ok' });
    expect(result.ticket).toMatchObject({ ok: false, code: 'HALL_UNREACHABLE' });
  });
});

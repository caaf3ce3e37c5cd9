import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import type { KioskConfig } from '../kiosk/kiosk-config';
import { KIOSK_USAGE, KioskConfigError, parseKioskArgs } from '../kiosk/kiosk-config';
import { createKioskLogger } from '../kiosk/logger';
import type { RunningKiosk } from '../kiosk/start-kiosk';
import { startKiosk } from '../kiosk/start-kiosk';
import { APP_ORIGIN, APP_SCHEME, handleAppProtocol, KIOSK_PAGE_URL } from './app-protocol';
import { KioskIpcManager } from './ipc-manager';
import { guardKioskContents, kioskWindowOptions } from './kiosk-window';

// The Electron shell: one full-screen window showing the kiosk page from the app's own files, the kiosk
// service (reader, printer, hall link) in this main process, and the IPC manager between them.
// Settings are the kiosk's flags (after `--` when started with `npm run electron --`) or KIOSK_* env.

const log = createKioskLogger(process.env.LOG_LEVEL ?? 'info');
const config = readConfig();

/** The configuration, or null when the process is leaving (help printed, or the settings are wrong). */
function readConfig(): KioskConfig | null {
  try {
    const parsed = parseKioskArgs(process.argv.slice(app.isPackaged ? 1 : 2), process.env, { strict: false });
    if (parsed !== 'help') return parsed;
    console.log(KIOSK_USAGE);
    app.exit(0);
    return null;
  } catch (error) {
    // A kiosk that cannot know its hall must not open a window that pretends to work.
    console.error(error instanceof KioskConfigError ? `${error.message}\n\n${KIOSK_USAGE}` : error);
    app.exit(1);
    return null;
  }
}

// Must happen before 'ready': app:// behaves like https (secure context, fetch, relative URLs).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.on('web-contents-created', (_event, contents) => {
  // Whatever window appears, it may not open others or embed webviews.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
if (!app.requestSingleInstanceLock()) app.quit();

let kiosk: RunningKiosk | null = null;
let ipc: KioskIpcManager | null = null;

async function start(): Promise<void> {
  if (!config) return;
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  handleAppProtocol(protocol, (url) => net.fetch(url), join(app.getAppPath(), 'dist', 'renderer'));

  // Fixtures are JSON next to the sources; tsc does not copy them into dist/electron.
  kiosk = await startKiosk(config, log, { fixtureDir: join(app.getAppPath(), 'hardware', 'simulators', 'fixtures', 'cards') });
  ipc = new KioskIpcManager(ipcMain, kiosk.service, { allowedOrigins: [APP_ORIGIN], log });
  ipc.register();

  const window = new BrowserWindow(kioskWindowOptions(join(import.meta.dirname, 'preload.js'), { devTools: !app.isPackaged }));
  guardKioskContents(window.webContents, { allowedOrigins: [APP_ORIGIN], log });
  ipc.attach(window.webContents);
  // A kiosk is not zoomed by a pinch: the page stays as laid out (the page itself allows zoom, for browsers).
  void window.webContents.setVisualZoomLevelLimits(1, 1);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(KIOSK_PAGE_URL);
}

app.whenReady()
  .then(start)
  .catch((err: unknown) => {
    log.error({ err }, 'the kiosk did not start');
    app.exit(1);
  });

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !kiosk) return;
  // Close the serial ports and the hall link cleanly before the process goes.
  event.preventDefault();
  quitting = true;
  ipc?.dispose();
  void kiosk.stop().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());

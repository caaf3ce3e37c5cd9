// npm run kiosk -- [--simulate] [--hall-url …] [--idcard /dev/… --printer /dev/…]
// The kiosk service on its own: drives the reader and printer, talks to the hall, and serves the kiosk
// page on 127.0.0.1 for a browser in kiosk mode (the Electron shell is the other way to show it).
import { KIOSK_USAGE, KioskConfigError, parseKioskArgs } from './kiosk-config';
import { startLocalServer } from './local-server';
import { createKioskLogger } from './logger';
import { startKiosk } from './start-kiosk';

async function main(): Promise<void> {
  const config = parseKioskArgs(process.argv.slice(2), process.env);
  if (config === 'help') {
    console.log(KIOSK_USAGE);
    return;
  }
  const log = createKioskLogger();
  const kiosk = await startKiosk(config, log);
  const page = config.http ? await startLocalServer({ api: kiosk.service, pagesDir: config.pagesDir, host: config.http.host, port: config.http.port, simulated: kiosk.simulated, log }) : null;

  const lines = ['', `Kiosk ${config.deviceId} of hall ${config.hallId} at ${config.hallUrl}`];
  if (kiosk.simulated) lines.push(`  simulated ID card reader: ${kiosk.simulated.idcardPath}`, `  simulated printer:        ${kiosk.simulated.printerPath}`);
  else lines.push(`  ID card reader: ${config.idcard?.path ?? 'none'}`, `  printer:        ${config.printer?.path ?? 'none'}`);
  if (page) lines.push(`  kiosk page:     ${page.url}/kiosk/`);
  if (page && kiosk.simulated) lines.push(`  device panel:   ${page.url}/sim/   (place a card, run out of paper)`);
  lines.push('');
  console.log(lines.join('\n'));
  if (!(await kiosk.link.ready(5000))) console.log(`Hall not reachable yet at ${config.hallUrl} (${kiosk.link.problem?.messageEn ?? 'connecting'}); retrying.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    void Promise.all([page?.close(), kiosk.stop()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof KioskConfigError ? `${error.message}\n\n${KIOSK_USAGE}` : error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

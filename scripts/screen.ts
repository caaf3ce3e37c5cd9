import { mkdirSync } from 'node:fs';
import { chromiumArgs, defaultProfileDir, findBrowser, parseScreenArgs, SCREEN_USAGE } from './screen/options';
import { superviseBrowser } from './screen/supervise';

// A wall screen's start-up command (docs/OPERATIONS.md, "Wall screens"): the page in a kiosk-mode browser
// with sound allowed, started again whenever it exits.

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(SCREEN_USAGE);
  process.exit(0);
}
const parsed = parseScreenArgs(argv);
if (!parsed.ok) {
  console.error(`screen: ${parsed.errors.join('\n screen: ')}\n\n${SCREEN_USAGE}`);
  process.exit(2);
}
const options = parsed.options;
const browser = options.chromium ?? findBrowser(process.platform, process.env);
if (!browser) {
  console.error('screen: no Chromium, Chrome or Edge found in the usual places; give one with --chromium <path>');
  process.exit(2);
}
const profile = options.profile ?? defaultProfileDir(options.url);
mkdirSync(profile, { recursive: true });

const log = (line: string) => console.log(`${new Date().toISOString()} screen: ${line}`);
const stop = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());
log(`page ${new URL(options.url).origin}${new URL(options.url).pathname}, profile ${profile}`);
await superviseBrowser({
  command: browser,
  args: chromiumArgs(options, profile),
  restart: options.restart,
  restartMinMs: options.restartMin * 1000,
  restartMaxMs: options.restartMax * 1000,
  log,
  signal: stop.signal,
});

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { printBanner } from '../src-main/hall/banner';
import { readHallConfig } from '../src-main/hall/config-file';
import { DEMO_TOWNSHIPS, demoLinkKeys } from '../src-main/hall/demo-links';
import { withFileKeys } from '../src-main/hall/live-config';
import { createLogger } from '../src-main/hall/logger';
import type { RunningHallServer } from '../src-main/hall/server';
import { startHallServer } from '../src-main/hall/server';

// The demo city's two township halls, each on a server of its own (as in a real county, only here in one
// process), linked to the city platform `npm start` runs: `npm run demo:townships [-- --city http://…]`.
// Stop one with Ctrl-C and start it again, or stop the city, to watch the city page mark it 失联 and catch up.


async function main(): Promise<void> {
  const { values } = parseArgs({ options: { city: { type: 'string' }, data: { type: 'string' } } });
  const cityUrl = (values.city ?? process.env.CITY_URL ?? 'http://localhost:8080').replace(/\/$/, '');
  const dataDir = resolve(values.data ?? 'data');
  // The same key files the city reads (npm start made them, or this makes them first).
  const keys = demoLinkKeys(dataDir);
  const staticDir = resolve('dist/renderer');
  const log = createLogger();
  const servers: RunningHallServer[] = [];
  for (const t of DEMO_TOWNSHIPS) {
    const config = readHallConfig(resolve(t.config));
    const server = await startHallServer({
      configs: [config],
      dbFile: resolve(dataDir, `${t.id}.sqlite`),
      port: t.port,
      staticDir: existsSync(staticDir) ? staticDir : null,
      log,
      uplink: { cityUrl, halls: [{ id: t.id, key: keys.get(t.id)! }] },
    });
    servers.push(server);
    printBanner(server.url, [withFileKeys(server.halls.get(t.id)?.config ?? config, config)], resolve(dataDir, `${t.id}.sqlite`), existsSync(staticDir), [`linked to the city at ${cityUrl}`]);
  }
  const stop = () => void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The demo's city and township halls (`npm start`, `npm run demo:townships`) share one link key per
// township. Like the demo hall's ID hash key, they are made on first use, beside the database (mode 0600),
// and handed to the city through the environment variables resources/cities/demo-city.yaml names.

export const DEMO_CITY_FILE = 'resources/cities/demo-city.yaml';

export const DEMO_TOWNSHIPS = [
  { id: 'township-a', config: 'resources/halls/township-a.yaml', keyEnv: 'CITY_KEY_TOWNSHIP_A', port: 8081 },
  { id: 'township-b', config: 'resources/halls/township-b.yaml', keyEnv: 'CITY_KEY_TOWNSHIP_B', port: 8082 },
] as const;

/** Each demo township's link key, read from `<dataDir>/demo-links/<id>.link.key` or made there. */
export function demoLinkKeys(dataDir: string): Map<string, string> {
  const dir = join(dataDir, 'demo-links');
  mkdirSync(dir, { recursive: true });
  const keys = new Map<string, string>();
  for (const t of DEMO_TOWNSHIPS) {
    const file = join(dir, `${t.id}.link.key`);
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    chmodSync(file, 0o600);
    keys.set(t.id, readFileSync(file, 'utf8').trim());
  }
  return keys;
}

/** Sets the demo city's key variables from the key files, unless they are set already. */
export function provideDemoCityKeys(dataDir: string, env: NodeJS.ProcessEnv): void {
  const keys = demoLinkKeys(dataDir);
  for (const t of DEMO_TOWNSHIPS) env[t.keyEnv] ??= keys.get(t.id);
}

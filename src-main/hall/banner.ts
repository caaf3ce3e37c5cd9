import type { CitySettings } from '../city/city-settings';
import type { HallConfig } from '../contracts';

export const PAGES: Array<{ path: string; zh: string; en: string }> = [
  { path: '/kiosk/', zh: '自助取号机', en: 'Kiosk' },
  { path: '/counter/', zh: '窗口叫号台', en: 'Counter console' },
  { path: '/hall-display/', zh: '大厅综合屏', en: 'Hall screen' },
  { path: '/window-display/', zh: '窗口屏', en: 'Window screen' },
  { path: '/mobile/', zh: '手机取号', en: 'Phone pages' },
  { path: '/admin/', zh: '管理与监察', en: 'Admin and supervision' },
  { path: '/cases/', zh: '差评整改', en: 'Bad-rating cases' },
];

/**
 * Screens and web kiosks sign in with a device key from their URL. A demo hall's keys are public anyway, so the banner
 * prints links that work with one click; a production hall's keys never reach the console.
 */
function demoDeviceQuery(path: string, config: HallConfig): string {
  if (config.production || process.env.NODE_ENV === 'production') return '';
  const kind = path.startsWith('/window-display/') ? 'window-display' : path.startsWith('/hall-display/') ? 'display' : path.startsWith('/kiosk/') ? 'kiosk' : null;
  const device = kind && config.devices.filter((d) => d.kind === kind && d.key).sort((a, b) => (a.windowId ?? 0) - (b.windowId ?? 0))[0];
  if (!device) return '';
  return `&device=${encodeURIComponent(device.id)}&key=${encodeURIComponent(device.key!)}`;
}

/** What a newcomer needs after `npm start`: where everything is. */
export function printBanner(url: string, configs: HallConfig[], dbFile: string, pagesBuilt: boolean, configNotes: string[] = [], extra: string[] = []): void {
  const lines = [
    '',
    `Hall server ready at ${url}`,
    `  database: ${dbFile}`,
    `  health:   ${url}/health`,
    ...configNotes.map((n) => `  config:   ${n}`),
  ];
  for (const c of configs) {
    lines.push(`  hall ${c.id} (${c.name}):`);
    lines.push(`    snapshot: ${url}/api/halls/${c.id}/snapshot`);
    if (pagesBuilt) for (const p of PAGES) lines.push(`    ${p.zh} ${p.en}: ${url}${p.path}${p.path.includes('?') ? '&' : '?'}hall=${c.id}${demoDeviceQuery(p.path, c)}`);
  }
  lines.push(...extra);
  if (!pagesBuilt) lines.push('  pages: not built yet (npm run build)');
  lines.push('');
  console.log(lines.join('\n'));
}

/** The city platform's page, its members, and (for the demo) how to start the township halls. */
export function cityBanner(url: string, city: CitySettings): string[] {
  const c = city.config;
  const linked = c.members.filter((m) => m.keyFile || m.keyEnv);
  const lines = [`  city ${c.id} (${c.name}): ${c.members.length} member halls, ${linked.length} linked`, `    城市监管平台 City view: ${url}/city/`];
  const demoAccounts = process.env.NODE_ENV === 'production' ? [] : c.accounts.filter((a) => a.password);
  if (demoAccounts.length > 0) lines.push(`    sign in as ${demoAccounts.map((a) => `${a.username} / ${a.password}`).join(', ')}`);
  if (c.id === 'demo-city') lines.push('    township halls: npm run demo:townships (in another terminal) starts them on ports 8081 and 8082, linked here');
  return lines;
}

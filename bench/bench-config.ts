import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { HallConfigInput } from '../src-main/contracts';

const DEMO = join(import.meta.dirname, '../resources/halls/demo.yaml');

/**
 * The demo hall grown to the Ningxiang city hall's size (231 windows): a staff account per window, 20 hall
 * screens, caps at the 999 maximum. Each window serves one category (`everyCategory`: all five, its own
 * first, so a window can call any number it is given).
 */
export function benchHallConfig(windows: number, displays: number, passwordHash: string, everyCategory = false): HallConfigInput {
  const demo = parseYaml(readFileSync(DEMO, 'utf8')) as HallConfigInput;
  const categories = demo.categories.map((c) => ({ ...c, dailyCap: 999 }));
  const ids = categories.map((c) => c.id);
  return {
    ...demo,
    id: 'bench-hall',
    categories,
    windows: Array.from({ length: windows }, (_, i) => ({
      id: i + 1,
      name: `${i + 1}号窗口`,
      categories: everyCategory ? [ids[i % ids.length]!, ...ids.filter((_, k) => k !== i % ids.length)] : [ids[i % ids.length]!],
    })),
    accounts: Array.from({ length: windows }, (_, i) => ({ username: `s${i + 1}`, displayName: `员工${i + 1}`, role: 'staff' as const, passwordHash })),
    devices: [
      { id: 'kiosk-1', kind: 'kiosk' as const, key: 'bench-kiosk-key' },
      ...Array.from({ length: displays }, (_, i) => ({ id: `screen-${i + 1}`, kind: 'display' as const, key: `bench-screen-${i + 1}` })),
    ],
  };
}

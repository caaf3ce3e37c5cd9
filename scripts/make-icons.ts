// Renders resources/icons/app-icon.svg into the PNG sizes browsers, phones and the kiosk installer ask for,
// and a favicon.ico holding PNG images (every browser since 2010 and Windows read those). Run it after
// changing the SVG: `npx tsx scripts/make-icons.ts`; the outputs are committed.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SVG = readFileSync(join(ROOT, 'resources/icons/app-icon.svg'), 'utf8');
const PUBLIC = join(ROOT, 'resources/public');
const ELECTRON = join(ROOT, 'resources/electron');

/** An ICO file whose entries are PNG images, largest last. */
export function icoOf(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2);
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  const render = async (size: number): Promise<Buffer> => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${SVG.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
    return page.locator('svg').screenshot({ omitBackground: true });
  };
  mkdirSync(PUBLIC, { recursive: true });
  mkdirSync(ELECTRON, { recursive: true });
  const ico: Array<{ size: number; png: Buffer }> = [];
  for (const size of [16, 32, 48]) ico.push({ size, png: await render(size) });
  const big = await render(256);
  ico.push({ size: 256, png: big });
  writeFileSync(join(PUBLIC, 'favicon.ico'), icoOf(ico));
  writeFileSync(join(PUBLIC, 'apple-touch-icon.png'), await render(180));
  writeFileSync(join(PUBLIC, 'icon-192.png'), await render(192));
  writeFileSync(join(PUBLIC, 'icon-512.png'), await render(512));
  writeFileSync(join(PUBLIC, 'favicon.svg'), SVG);
  // electron-builder reads buildResources (resources/electron): icon.png for Linux, icon.ico for Windows.
  writeFileSync(join(ELECTRON, 'icon.png'), await render(512));
  writeFileSync(join(ELECTRON, 'icon.ico'), icoOf(ico));
  await browser.close();
  console.log('icons written to resources/public and resources/electron');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();

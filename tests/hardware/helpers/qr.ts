import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Reads the QR code in a PNG the way a phone camera would, from pixels alone. */
export function scanQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

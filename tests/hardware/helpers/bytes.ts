/** 'AA AA 96' → bytes; the way protocol documents write frames. */
export function bytes(hexText: string): Buffer {
  return Buffer.from(hexText.replace(/\s+/g, ''), 'hex');
}

export function toHex(data: Uint8Array): string {
  return Buffer.from(data).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
}

/** Splits bytes at the given offsets. */
export function splitAt(data: Uint8Array, offsets: number[]): Buffer[] {
  const cuts = [...new Set(offsets)].filter((o) => o > 0 && o < data.length).sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, data.length]) {
    pieces.push(Buffer.from(data.subarray(start, cut)));
    start = cut;
  }
  return pieces;
}

export function byteByByte(data: Uint8Array): Buffer[] {
  return Array.from(data, (b) => Buffer.of(b));
}

/** Lets queued setImmediate callbacks (memory line deliveries) and promise continuations run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

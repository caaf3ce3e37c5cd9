/** XOR of bytes[start..end) — the check byte SAM_V and many other serial protocols use. */
export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum ^= bytes[i] ?? 0;
  return sum;
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { HallLink } from '../../src-main/kiosk/hall-link';

// A kiosk whose hall is between two servers (one died, another is taking the hall over) is refused with
// HALL_UNAVAILABLE for a few seconds: it asks again after 2 s, not after the slow retry of a refused key.

function refusingServer(refusals: string[]) {
  const http = createServer();
  const io = new Server(http);
  let handshakes = 0;
  io.use((_socket, next) => {
    const code = refusals[handshakes++];
    if (!code) return next();
    next(Object.assign(new Error(code), { data: { code, message: '大厅服务正在切换，请稍后重试', messageEn: 'The hall is moving' } }));
  });
  return new Promise<{ url: string; handshakes: () => number; close: () => Promise<void> }>((resolve) =>
    http.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
        handshakes: () => handshakes,
        close: () => new Promise((r) => io.close(() => r())),
      }),
    ),
  );
}

async function until(ok: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

describe('kiosk link while the hall moves between servers', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  it('asks again after 2 s while refused with HALL_UNAVAILABLE, and connects once the hall is back', async () => {
    const server = await refusingServer(['HALL_UNAVAILABLE', 'HALL_UNAVAILABLE']);
    cleanup.push(server.close);
    const link = new HallLink({ url: server.url, hallId: 'h', deviceId: 'kiosk-1', deviceKey: 'k', refusedRetryMs: 60_000 });
    cleanup.push(() => link.close());
    const took = await until(() => link.state === 'connected', 8000);
    expect(server.handshakes()).toBe(3);
    expect(took).toBeGreaterThanOrEqual(3500);
  });

  it('keeps the slow retry for a refused key', async () => {
    const server = await refusingServer(['DEVICE_KEY_INVALID']);
    cleanup.push(server.close);
    const link = new HallLink({ url: server.url, hallId: 'h', deviceId: 'kiosk-1', deviceKey: 'wrong', refusedRetryMs: 60_000 });
    cleanup.push(() => link.close());
    await until(() => server.handshakes() === 1, 3000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(server.handshakes()).toBe(1);
    expect(link.state).toBe('unreachable');
  });
});

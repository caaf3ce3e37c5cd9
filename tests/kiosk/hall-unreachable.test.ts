import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/hall-fixture';
import type { KioskRig } from './kiosk-rig';
import { startKioskRig } from './kiosk-rig';

// "If the hall is unreachable, the kiosk says so and issues nothing."

const rigs: KioskRig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.stop();
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('kiosk without its hall', () => {
  it('says the hall cannot be reached and prints nothing when it never connected', async () => {
    const rig = await startKioskRig(`http://127.0.0.1:${await closedPort()}`);
    rigs.push(rig);
    await until(() => rig.link.state === 'unreachable');

    const ack = await rig.service.takeTicket({ categoryId: 'A' });
    expect(ack).toMatchObject({ ok: false, code: 'HALL_UNREACHABLE', message: expect.stringContaining('未出号'), messageEn: expect.stringContaining('no number was issued') });
    expect(await rig.service.listCategories()).toMatchObject({ ok: false, code: 'HALL_UNREACHABLE' });
    const status = await rig.service.deviceStatus();
    expect(status.ok && status.data).toMatchObject({ hall: 'unreachable', hallProblem: { code: 'HALL_UNREACHABLE' } });
    expect(rig.devices.printer.tickets).toHaveLength(0);
  });

  it('stops issuing the moment the hall goes away, and says why', async () => {
    const server = await startTestServer();
    const rig = await startKioskRig(server.url);
    rigs.push(rig);
    expect(await rig.link.ready(5000)).toBe(true);
    const first = await rig.service.takeTicket({ categoryId: 'B' });
    expect(first.ok).toBe(true);
    expect(rig.devices.printer.tickets).toHaveLength(1);

    const offline = rig.nextEvent((e) => e.type === 'status' && e.status.hall === 'unreachable');
    await server.stop();
    await offline;
    const ack = await rig.service.takeTicket({ categoryId: 'B' });
    expect(ack).toMatchObject({ ok: false, code: 'HALL_UNREACHABLE' });
    expect(rig.devices.printer.tickets).toHaveLength(1);
    // The categories stay on screen from the last snapshot; only taking a number is refused.
    expect((await rig.service.listCategories()).ok).toBe(true);
  });

  it('names a wrong device key instead of pretending the network is down', async () => {
    const server = await startTestServer();
    try {
      const rig = await startKioskRig(server.url, { deviceKey: 'not-the-key' });
      rigs.push(rig);
      await until(() => rig.link.problem !== null);
      expect(rig.link.problem).toMatchObject({ code: 'DEVICE_KEY_INVALID' });
      const ack = await rig.service.takeTicket({ categoryId: 'A' });
      expect(ack).toMatchObject({ ok: false, code: 'HALL_UNREACHABLE', message: expect.stringContaining('设备密钥无效') });
      expect(rig.devices.printer.tickets).toHaveLength(0);
    } finally {
      await server.stop();
    }
  });
});

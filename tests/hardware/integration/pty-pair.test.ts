import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openSerialLine } from '../../../hardware/serial/open-serial-line';
import { createPtyPair } from '../../../hardware/simulators/pty-pair';
import { isAlive, socatChildren } from '../helpers/processes';

describe('socat pty pair', () => {
  afterAll(() => {
    expect(socatChildren()).toEqual([]);
  });

  it('carries bytes both ways between two serial ports opened on its ends', async () => {
    const pair = await createPtyPair({ name: 'loop' });
    const driver = await openSerialLine(pair.driverPath, 115200);
    const device = await openSerialLine(pair.devicePath, 115200);
    try {
      const received: Buffer[] = [];
      device.onData((chunk) => received.push(chunk));
      const payload = Buffer.from(Array.from({ length: 2000 }, (_, i) => i % 256));
      await driver.write(payload);
      for (let i = 0; i < 100 && Buffer.concat(received).length < payload.length; i++) await new Promise((r) => setTimeout(r, 10));
      // raw mode: every byte value arrives unchanged, 0x0A and 0x0D and 0x11/0x13 included.
      expect(Buffer.concat(received)).toEqual(payload);

      const back: Buffer[] = [];
      driver.onData((chunk) => back.push(chunk));
      await device.write(Buffer.from([0x10, 0x04, 0x01]));
      for (let i = 0; i < 100 && back.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(Buffer.concat(back)).toEqual(Buffer.from([0x10, 0x04, 0x01]));
    } finally {
      await driver.close();
      await device.close();
      await pair.stop();
    }
  });

  it('stop() kills socat and removes the links; a second stop() is harmless', async () => {
    const pair = await createPtyPair();
    expect(isAlive(pair.pid)).toBe(true);
    expect(existsSync(pair.driverPath) && existsSync(pair.devicePath)).toBe(true);
    await pair.stop();
    await pair.stop();
    expect(isAlive(pair.pid)).toBe(false);
    expect(existsSync(pair.driverPath) || existsSync(pair.devicePath)).toBe(false);
  });

  it('says clearly when socat cannot be started', async () => {
    await expect(createPtyPair({ socatPath: '/nonexistent/socat' })).rejects.toThrow(/could not start socat.*is socat installed/);
  });

  it('openSerialLine names the path it could not open', async () => {
    await expect(openSerialLine('/nonexistent/tty', 115200)).rejects.toMatchObject({ code: 'SERIAL_OPEN_FAILED', message: expect.stringContaining('/nonexistent/tty') });
  });
});

import { describe, expect, it } from 'vitest';
import { ByteReplyTransport } from '../../../hardware/serial/byte-reply-transport';
import { DeviceError } from '../../../hardware/serial/device-error';
import type { SerialLine } from '../../../hardware/serial/serial-line';

/** A line whose writes take longer than the reply timeout (a port stuck or closing mid-write). */
function slowLine(writeMs: number): SerialLine {
  return {
    write: () => new Promise((resolve) => setTimeout(resolve, writeMs)),
    onData: () => () => {},
    close: async () => {},
  };
}

describe('a reply that times out while its write is still pending', () => {
  it('rejects the request with the timeout and leaves no unhandled rejection behind', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const transport = new ByteReplyTransport(slowLine(80));
      const timeoutError = () => new DeviceError('TEST_TIMEOUT', { message: '超时', messageEn: 'timed out' });
      await expect(transport.requestByte(new Uint8Array([0x10, 0x04, 0x01]), { timeoutMs: 20, timeoutError })).rejects.toMatchObject({ code: 'TEST_TIMEOUT' });
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

import { SerialPort } from 'serialport';
import type { SerialLine } from './serial-line';
import { serialError } from './serial-errors';

export interface OpenSerialLineOptions {
  /** Errors the port reports outside a write (e.g. the USB adapter unplugged). */
  onError?: (error: Error) => void;
}

/**
 * Opens a real port at 8N1. `hupcl: false` keeps the termios HUPCL flag off so closing does not try to
 * drop DTR, and we never call `set()` (DTR/RTS ioctls), which fail on the ptys used by the simulators
 * and in containers. serialport 13 itself only calls tcsetattr, flock and the baud-rate ioctl on open.
 */
export async function openSerialLine(path: string, baudRate: number, options: OpenSerialLineOptions = {}): Promise<SerialLine> {
  const port = new SerialPort({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, hupcl: false, autoOpen: false });
  // A port without an 'error' listener would crash the process on the first fault.
  port.on('error', (error: Error) => options.onError?.(error));
  await new Promise<void>((resolve, reject) => {
    port.open((error) => (error ? reject(serialError('SERIAL_OPEN_FAILED', { path, reason: error.message }, { note: [`${path}: ${error.message}`, `${path}: ${error.message}`], cause: error })) : resolve()));
  });
  return serialPortLine(port);
}

/** Adapts an already constructed serialport stream (for callers that manage the port themselves). */
export function serialPortLine(port: SerialPort): SerialLine {
  return {
    write(bytes) {
      return new Promise<void>((resolve, reject) => {
        if (!port.isOpen) {
          reject(serialError('SERIAL_CLOSED', { path: port.path }));
          return;
        }
        port.write(Buffer.from(bytes), (writeError) => {
          if (writeError) {
            reject(serialError('SERIAL_WRITE_FAILED', { path: port.path, reason: writeError.message }, { cause: writeError }));
            return;
          }
          port.drain((drainError) =>
            drainError
              ? reject(serialError('SERIAL_WRITE_FAILED', { path: port.path, reason: drainError.message }, { cause: drainError }))
              : resolve(),
          );
        });
      });
    },
    onData(listener) {
      port.on('data', listener);
      return () => {
        port.off('data', listener);
      };
    },
    close() {
      return new Promise<void>((resolve) => {
        if (!port.isOpen) {
          resolve();
          return;
        }
        // A close error leaves nothing for the caller to do; the port is unusable either way.
        port.close(() => resolve());
      });
    },
  };
}

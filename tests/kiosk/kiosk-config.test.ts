import { describe, expect, it } from 'vitest';
import { DEMO_DEVICE_KEY, DEMO_ID_HASH_KEY, KioskConfigError, parseKioskArgs } from '../../src-main/kiosk/kiosk-config';

describe('kiosk flags', () => {
  it('runs the demo with --simulate alone', () => {
    const noFile = () => {
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    };
    const config = parseKioskArgs(['--simulate'], {}, { readFile: noFile });
    expect(config).toMatchObject({
      hallUrl: 'http://localhost:8080',
      hallId: 'demo-county',
      deviceId: 'kiosk-1',
      deviceKey: DEMO_DEVICE_KEY,
      idHashKey: DEMO_ID_HASH_KEY,
      idcard: null,
      printer: null,
      simulate: true,
      http: { host: '127.0.0.1', port: 5180 },
    });
  });

  it('takes real ports, baud rates and keys; flags beat the environment, which beats the file', () => {
    const config = parseKioskArgs(
      ['--hall-url', 'http://10.0.0.2:8080/', '--idcard', '/dev/ttyUSB0', '--printer', 'COM4', '--printer-baud', '9600', '--key', 'from-flag', '--http-port', 'off', '--config', 'kiosk.json'],
      { KIOSK_KEY: 'from-env', KIOSK_ID_HASH_KEY: 'hash-from-env', KIOSK_DEVICE: 'kiosk-2' },
      { readFile: () => JSON.stringify({ device: 'kiosk-9', hall: 'county-b', idcardBaud: 57600 }) },
    );
    expect(config).toMatchObject({
      hallUrl: 'http://10.0.0.2:8080',
      hallId: 'county-b',
      deviceId: 'kiosk-2',
      deviceKey: 'from-flag',
      idHashKey: 'hash-from-env',
      idcard: { path: '/dev/ttyUSB0', baudRate: 57600 },
      printer: { path: 'COM4', baudRate: 9600 },
      simulate: false,
      http: null,
    });
  });

  it('reads the ID hash key from a file: the demo hall\'s own with --simulate, else the one named', () => {
    const files: Record<string, string> = { 'data/demo-county.id-hash.key': 'made-by-npm-start\n', '/etc/hall/id-hash.key': ' from-file \n', '/etc/empty.key': '\n' };
    const readFile = (p: string) => {
      if (files[p] === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return files[p];
    };
    expect(parseKioskArgs(['--simulate'], {}, { readFile })).toMatchObject({ idHashKey: 'made-by-npm-start' });
    expect(parseKioskArgs(['--idcard', '/dev/ttyUSB0', '--key', 'k', '--id-hash-key-file', '/etc/hall/id-hash.key'], {}, { readFile })).toMatchObject({ idHashKey: 'from-file' });
    expect(parseKioskArgs(['--idcard', '/dev/ttyUSB0', '--key', 'k'], { KIOSK_ID_HASH_KEY_FILE: '/etc/hall/id-hash.key' }, { readFile })).toMatchObject({ idHashKey: 'from-file' });
    expect(() => parseKioskArgs(['--idcard', '/dev/ttyUSB0', '--key', 'k', '--id-hash-key-file', '/nope'], {}, { readFile })).toThrow(/--id-hash-key-file: cannot read \/nope \(ENOENT\)/);
    expect(() => parseKioskArgs(['--idcard', '/dev/ttyUSB0', '--key', 'k', '--id-hash-key-file', '/etc/empty.key'], {}, { readFile })).toThrow(/\/etc\/empty.key is empty/);
  });

  it('names every missing or bad setting', () => {
    expect(() => parseKioskArgs(['--idcard', '/dev/ttyUSB0'])).toThrow(/--key .*required.*--id-hash-key-file .*required with an ID card reader/);
    expect(() => parseKioskArgs(['--simulate', '--hall-url', 'ftp://x', '--printer-baud', '1234'])).toThrow(KioskConfigError);
    expect(() => parseKioskArgs(['--simulate', '--hall-url', 'ftp://x', '--printer-baud', '1234'])).toThrow(/--hall-url: an http.*--printer-baud: one of 9600/);
    expect(() => parseKioskArgs(['--simulate', '--printer', '/dev/ttyS0'])).toThrow(/--simulate starts its own reader and printer/);
    expect(() => parseKioskArgs(['--simulat'])).toThrow(/Unknown option '--simulat'/);
    expect(() => parseKioskArgs(['--config', 'x.json'], {}, { readFile: () => '[1]' })).toThrow(/--config x.json: expected a JSON object/);
  });

  it('ignores Chromium switches when Electron passes them along', () => {
    expect(parseKioskArgs(['--no-sandbox', '--simulate', 'extra'], {}, { strict: false })).toMatchObject({ simulate: true });
    expect(parseKioskArgs(['--help'])).toBe('help');
  });
});

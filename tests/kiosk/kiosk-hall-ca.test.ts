import { describe, expect, it } from 'vitest';
import { parseKioskArgs } from '../../src-main/kiosk/kiosk-config';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const files: Record<string, string> = { '/etc/hall/ca.pem': PEM, '/etc/hall/notes.txt': 'hello' };
const readFile = (p: string) => {
  if (files[p] === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  return files[p];
};

describe('kiosk --hall-ca', () => {
  it('reads the CA of an https:// hall from the flag or KIOSK_HALL_CA', () => {
    expect(parseKioskArgs(['--simulate', '--hall-url', 'https://hall:8443', '--hall-ca', '/etc/hall/ca.pem'], {}, { readFile })).toMatchObject({ hallUrl: 'https://hall:8443', hallCa: PEM });
    expect(parseKioskArgs(['--simulate', '--hall-url', 'https://hall:8443'], { KIOSK_HALL_CA: '/etc/hall/ca.pem' }, { readFile })).toMatchObject({ hallCa: PEM });
    expect(parseKioskArgs(['--simulate', '--hall-url', 'https://hall:8443'], {}, { readFile })).toMatchObject({ hallCa: null });
  });

  it('names a missing or wrong file, and a CA for a plain-HTTP hall', () => {
    expect(() => parseKioskArgs(['--simulate', '--hall-url', 'https://hall:8443', '--hall-ca', '/nope.pem'], {}, { readFile })).toThrow(/--hall-ca: cannot read \/nope.pem \(ENOENT\)/);
    expect(() => parseKioskArgs(['--simulate', '--hall-url', 'https://hall:8443', '--hall-ca', '/etc/hall/notes.txt'], {}, { readFile })).toThrow(/holds no PEM certificate/);
    expect(() => parseKioskArgs(['--simulate', '--hall-ca', '/etc/hall/ca.pem'], {}, { readFile })).toThrow(/give an https:\/\/ --hall-url/);
  });
});

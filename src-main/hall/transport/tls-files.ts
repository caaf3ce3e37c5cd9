import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TransportSettingsError } from './transport-settings';

/** What an HTTPS server needs: the certificate chain and its private key, as PEM. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** When the (first) certificate stops being valid, for the banner. */
  validTo: Date;
  /** The names it is valid for (subjectAltName), for the banner. */
  names: string;
}

function readPem(file: string, what: string, read: (path: string) => string): string {
  try {
    return read(file);
  } catch (err) {
    throw new TransportSettingsError(file, [`cannot read the TLS ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
  }
}

/**
 * Reads the certificate and key and checks that they belong together, so that a wrong file stops the
 * start with its name rather than failing every browser's handshake later.
 */
export function loadTlsFiles(tls: { certFile: string; keyFile: string }, now: Date = new Date(), read: (path: string) => string = (p) => readFileSync(p, 'utf8')): TlsMaterial {
  const cert = readPem(tls.certFile, 'certificate', read);
  const key = readPem(tls.keyFile, 'private key', read);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw new TransportSettingsError(tls.certFile, [`not a PEM certificate: ${(err as Error).message}`]);
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new TransportSettingsError(tls.keyFile, [`not a PEM private key (an encrypted key is not supported): ${(err as Error).message}`]);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new TransportSettingsError(tls.keyFile, [`this private key does not belong to the certificate in ${tls.certFile}`]);
  }
  const validTo = new Date(x509.validTo);
  if (validTo.getTime() < now.getTime()) {
    throw new TransportSettingsError(tls.certFile, [`the certificate expired on ${validTo.toISOString()}: browsers and kiosks would refuse it`]);
  }
  return { cert, key, validTo, names: x509.subjectAltName ?? x509.subject };
}

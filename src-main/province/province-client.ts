import { randomBytes } from 'node:crypto';
import type { Clock } from '../app/ports';
import { requestSignature } from '../app/link-signature';
import { PROVINCE_HEADERS } from '../contracts/province';
import type { RawAnswer } from '../edge/link-client';
import { HttpTransport } from '../edge/link-client';

// One signed push to the provincial platform. The bytes signed are the bytes sent; any 2xx answer means
// the platform kept every record of the batch. The platform is not ours, so its answer is not signed:
// the push goes over HTTPS (the settings refuse plain HTTP but to this machine).

/** The longest a push may take, connection included. */
export const PROVINCE_REQUEST_TIMEOUT_MS = 15_000;

export class ProvinceFailure extends Error {
  override readonly name = 'ProvinceFailure';
  constructor(
    readonly kind: 'network' | 'timeout' | 'aborted' | 'refused' | 'server',
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

type Transport = Pick<HttpTransport, 'send' | 'close'>;

export class ProvinceClient {
  private readonly transport: Transport;
  /** The path signed and requested (the URL's path). */
  readonly path: string;

  constructor(
    url: string,
    private readonly key: string,
    private readonly clock: Clock,
    ca?: string,
    transport?: Transport,
  ) {
    const u = new URL(url);
    this.path = u.pathname || '/';
    this.transport = transport ?? new HttpTransport(u.origin, ca);
  }

  async push(organisationCode: string, body: Buffer, stop: AbortSignal): Promise<number> {
    const at = this.clock.now();
    const nonce = randomBytes(16).toString('hex');
    const headers = {
      [PROVINCE_HEADERS.org]: organisationCode,
      [PROVINCE_HEADERS.at]: String(at),
      [PROVINCE_HEADERS.nonce]: nonce,
      [PROVINCE_HEADERS.signature]: requestSignature(this.key, 'POST', this.path, at, nonce, body),
      accept: 'application/json',
    };
    const request = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.abort(new Error('timeout'));
    }, PROVINCE_REQUEST_TIMEOUT_MS);
    const onStop = () => request.abort(new Error('stopping'));
    if (stop.aborted) onStop();
    else stop.addEventListener('abort', onStop, { once: true });
    let answer: RawAnswer;
    try {
      answer = await this.transport.send('POST', this.path, headers, body, request.signal);
    } catch (err) {
      if (stop.aborted) throw new ProvinceFailure('aborted', 'stopped while waiting for the province platform');
      if (timedOut) throw new ProvinceFailure('timeout', `no answer from the province platform within ${PROVINCE_REQUEST_TIMEOUT_MS / 1000} s`);
      const e = err as NodeJS.ErrnoException;
      throw new ProvinceFailure('network', `cannot reach the province platform: ${e.code ? `${e.code} ` : ''}${e.message}`.trim());
    } finally {
      clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    }
    const { status } = answer;
    if (status >= 200 && status < 300) return status;
    const said = answerText(answer.body);
    const what = `the province platform answered HTTP ${status}${said ? `: ${said}` : ''}`;
    throw new ProvinceFailure(status >= 500 ? 'server' : 'refused', what, status);
  }

  close(): void {
    this.transport.close();
  }
}

/** A short reading of an error answer: its JSON message or code, else its first line. */
function answerText(body: Buffer): string {
  const text = body.toString('utf8').trim();
  if (!text) return '';
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const e = (typeof j.error === 'object' && j.error !== null ? j.error : j) as Record<string, unknown>;
    const parts = [e.code, e.messageEn ?? e.message ?? e.msg].filter((p) => typeof p === 'string' || typeof p === 'number');
    if (parts.length > 0) return parts.join(' ').slice(0, 300);
  } catch {
    // not JSON: its first line
  }
  return (text.split('\n')[0] ?? '').replace(/<[^>]*>/g, ' ').trim().slice(0, 200);
}

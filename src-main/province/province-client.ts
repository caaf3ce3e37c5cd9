import type { Clock } from '../app/ports';
import { SignedRequester } from '../app/outbox/signed-request';
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
  private readonly requester: SignedRequester<RawAnswer>;
  /** The path signed and requested (the URL's path). */
  readonly path: string;

  constructor(url: string, key: string, clock: Clock, ca?: string, transport?: Transport) {
    const u = new URL(url);
    this.path = u.pathname || '/';
    this.transport = transport ?? new HttpTransport(u.origin, ca);
    this.requester = new SignedRequester(this.transport, {
      key,
      clock,
      headers: PROVINCE_HEADERS,
      timeoutMs: PROVINCE_REQUEST_TIMEOUT_MS,
      peer: 'the province platform',
      failure: (kind, message) => new ProvinceFailure(kind, message),
    });
  }

  async push(organisationCode: string, body: Buffer, stop: AbortSignal): Promise<number> {
    const { answer } = await this.requester.send({ method: 'POST', path: this.path, signer: { [PROVINCE_HEADERS.org]: organisationCode }, body }, stop);
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

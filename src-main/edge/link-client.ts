import type { IncomingHttpHeaders } from 'node:http';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Clock } from '../app/ports';
import { answerSignature, sameSignature } from '../app/link-signature';
import { SignedRequester } from '../app/outbox/signed-request';
import { LINK_HEADERS, LINK_MAX_BODY_BYTES } from '../contracts';

// The hall's side of one signed exchange with the city (formulas in src-main/contracts/city-link.ts). The
// bytes signed are the bytes sent, and the answer counts only when the city signed it with the same key:
// an answer without a valid signature is a failure, whatever it says.

/** The longest a request may take, connection included. */
export const LINK_REQUEST_TIMEOUT_MS = 10_000;
/** The largest answer read (a catalogue is the biggest). */
const MAX_ANSWER_BYTES = 2 * LINK_MAX_BODY_BYTES;

export type LinkFailureKind =
  /** No answer: connection refused or reset, DNS, TLS, a cut answer. */
  | 'network'
  | 'timeout'
  /** The request was given up by the caller (stopping). */
  | 'aborted'
  /** An answer the city did not sign with the hall's key (or a proxy's page). */
  | 'unproven'
  /** A signed refusal (4xx) with its code. */
  | 'refused'
  /** A signed 5xx. */
  | 'server'
  /** A signed answer that is not what the protocol says. */
  | 'invalid';

export class LinkFailure extends Error {
  override readonly name = 'LinkFailure';
  constructor(
    readonly kind: LinkFailureKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    /** The signed answer's body (a GAP names the sequence expected). */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One city's HTTP(S) connection pool; requests carry bytes in and out, nothing else. */
export class HttpTransport {
  private readonly base: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly secure: boolean;

  constructor(cityUrl: string, ca?: string) {
    this.base = new URL(cityUrl);
    this.secure = this.base.protocol === 'https:';
    this.agent = this.secure ? new HttpsAgent({ keepAlive: true, maxSockets: 8, ...(ca !== undefined ? { ca } : {}) }) : new HttpAgent({ keepAlive: true, maxSockets: 8 });
  }

  /** `path` is the API path (/api/…); a base path in the city URL is put before it. */
  send(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body: Buffer, signal: AbortSignal): Promise<RawAnswer> {
    const prefix = this.base.pathname.replace(/\/+$/, '');
    const request = this.secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      const req = request(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
          port: this.base.port || undefined,
          method,
          path: `${prefix}${path}`,
          agent: this.agent,
          headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}) },
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) {
              req.destroy(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
          res.on('aborted', () => reject(new Error('the answer was cut off')));
        },
      );
      req.on('error', reject);
      req.end(method === 'POST' ? body : undefined);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface SignedAnswer {
  status: number;
  /** The parsed JSON body (null when empty). */
  body: unknown;
}

/** Signs a request with the hall's key, sends it, and checks the city's signature on the answer. */
export class LinkClient {
  private readonly requester: SignedRequester<RawAnswer>;

  constructor(
    transport: Pick<HttpTransport, 'send'>,
    private readonly hallId: string,
    private readonly key: string,
    clock: Clock,
  ) {
    this.requester = new SignedRequester(transport, {
      key,
      clock,
      headers: LINK_HEADERS,
      timeoutMs: LINK_REQUEST_TIMEOUT_MS,
      peer: 'the city',
      failure: (kind, message) => new LinkFailure(kind, message),
    });
  }

  /**
   * A signed 2xx answer, or a LinkFailure: unproven (not signed by the city), refused (a signed 4xx with
   * its code), server (signed 5xx), network, timeout, aborted, invalid (a signed answer that is not JSON).
   */
  async call(method: 'GET' | 'POST', path: string, payload: unknown, stop: AbortSignal): Promise<SignedAnswer> {
    const body = method === 'POST' ? Buffer.from(JSON.stringify(payload), 'utf8') : Buffer.alloc(0);
    const { answer, nonce } = await this.requester.send({ method, path, signer: { [LINK_HEADERS.hall]: this.hallId }, body }, stop);
    const { status } = answer;
    const parsed = parseJson(answer.body);
    const code = errorCode(parsed);
    const signature = answer.headers[LINK_HEADERS.signature];
    if (typeof signature !== 'string' || !sameSignature(signature, answerSignature(this.key, nonce, status, answer.body))) {
      const said = `HTTP ${status}${code ? ` ${code}` : ''}`;
      throw new LinkFailure('unproven', `the city could not prove it holds the key: its answer (${said}) ${typeof signature === 'string' ? 'has a wrong signature' : 'is not signed'}`, status, code);
    }
    if (status >= 200 && status < 300) {
      if (parsed === INVALID) throw new LinkFailure('invalid', `the city's answer to ${method} ${path} is not JSON`, status);
      return { status, body: parsed };
    }
    const message = errorMessage(parsed) ?? `HTTP ${status}`;
    if (status >= 500) throw new LinkFailure('server', `the city failed: ${code ? `${code} ` : ''}${message}`, status, code, parsed);
    throw new LinkFailure('refused', `the city refused ${method} ${path}: ${code ? `${code} ` : ''}${message}`, status, code, parsed);
  }
}

const INVALID = Symbol('invalid JSON');

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return null;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return INVALID;
  }
}

const errorOf = (body: unknown): Record<string, unknown> | null => {
  if (typeof body !== 'object' || body === null) return null;
  const e = (body as { error?: unknown }).error;
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : null;
};

function errorCode(body: unknown): string | null {
  const c = errorOf(body)?.code;
  return typeof c === 'string' ? c.slice(0, 40) : null;
}

function errorMessage(body: unknown): string | null {
  const e = errorOf(body);
  const m = e?.messageEn ?? e?.message;
  return typeof m === 'string' ? m.slice(0, 300) : null;
}

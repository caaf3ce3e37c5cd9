import { randomBytes } from 'node:crypto';
import { requestSignature } from '../link-signature';
import type { Clock } from '../ports';

// One signed request of an outbox: the hall's to the city (edge/link-client.ts) or a push to the provincial
// platform (province/province-client.ts). The bytes signed are the bytes sent (link-signature.ts), and the
// request ends with its answer, when the caller stops, or at the timeout, whichever comes first. What the
// answer means is the caller's to judge.

/** Why a request has no answer. */
export type UnansweredKind = 'aborted' | 'timeout' | 'network';

export interface SignedRequestTransport<A> {
  send(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body: Buffer, signal: AbortSignal): Promise<A>;
}

export interface SignedRequesterOptions {
  key: string;
  clock: Clock;
  /** The protocol's names of the time, nonce and signature headers. */
  headers: { at: string; nonce: string; signature: string };
  timeoutMs: number;
  /** Who answers, as the failures name it ("the city"). */
  peer: string;
  /** The caller's failure for a request without an answer. */
  failure: (kind: UnansweredKind, message: string) => Error;
}

export interface SignedRequest {
  method: 'GET' | 'POST';
  /** The path signed and requested. */
  path: string;
  /** The headers first sent, before the signed fields: who signs (a hall's id, an organisation's code). */
  signer: Record<string, string>;
  body: Buffer;
}

export class SignedRequester<A> {
  constructor(
    private readonly transport: SignedRequestTransport<A>,
    private readonly options: SignedRequesterOptions,
  ) {}

  /** The answer, whatever its status, and the nonce the request carried; a failure of the caller's when none came. */
  async send(request: SignedRequest, stop: AbortSignal): Promise<{ answer: A; nonce: string }> {
    const { key, clock, headers: names, timeoutMs, peer, failure } = this.options;
    const { method, path, body } = request;
    const at = clock.now();
    const nonce = randomBytes(16).toString('hex');
    const headers = {
      ...request.signer,
      [names.at]: String(at),
      [names.nonce]: nonce,
      [names.signature]: requestSignature(key, method, path, at, nonce, body),
      accept: 'application/json',
    };
    // One controller per request, ended by stop or the timeout (listeners removed after: nothing accumulates
    // on the long-lived stop signal).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    const onStop = () => controller.abort(new Error('stopping'));
    if (stop.aborted) onStop();
    else stop.addEventListener('abort', onStop, { once: true });
    try {
      return { answer: await this.transport.send(method, path, headers, body, controller.signal), nonce };
    } catch (err) {
      if (stop.aborted) throw failure('aborted', `stopped while waiting for ${peer}`);
      if (timedOut) throw failure('timeout', `no answer from ${peer} within ${timeoutMs / 1000} s`);
      const e = err as NodeJS.ErrnoException;
      throw failure('network', `cannot reach ${peer}: ${e.code ? `${e.code} ` : ''}${e.message}`.trim());
    } finally {
      clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    }
  }
}

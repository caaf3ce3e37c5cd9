import { createHmac } from 'node:crypto';
import type { Notice, Notifier } from '../../app/notifier';
import type { Logger } from '../logger';

export interface WebhookOptions {
  url: string;
  /** Shared secret: the receiver checks X-Hall-Signature = hex HMAC-SHA256 of the exact body. */
  secret: string;
  timeoutMs?: number;
  /** Delays between attempts; after the last one the notice is logged and dropped. */
  retryDelaysMs?: number[];
  fetchImpl?: typeof fetch;
}

export function signBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * POSTs each notice as signed JSON, one at a time and in order: how a WeChat template-message or SMS
 * gateway is plugged in. A failing receiver delays later notices rather than reordering them.
 */
export class WebhookNotifier implements Notifier {
  private queue: Notice[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly opts: WebhookOptions,
    private readonly log: Logger,
  ) {}

  send(notice: Notice): void {
    this.queue.push(notice);
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const notice = this.queue.shift()!;
      await this.deliver(notice);
    }
  }

  private async deliver(notice: Notice): Promise<void> {
    const body = JSON.stringify(notice);
    const delays = this.opts.retryDelaysMs ?? [500, 2000, 5000];
    const doFetch = this.opts.fetchImpl ?? fetch;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await doFetch(this.opts.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'x-hall-signature': signBody(body, this.opts.secret),
            'x-hall-notice-id': notice.id,
          },
          body,
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        });
        if (res.ok) return;
        throw new Error(`HTTP ${res.status}`);
      } catch (err) {
        if (attempt >= delays.length) {
          this.log.error({ err, notice: notice.id, kind: notice.kind }, 'notice dropped after retries');
          return;
        }
        await new Promise((r) => setTimeout(r, delays[attempt]));
      }
    }
  }
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerSignature, requestSignature, sameSignature } from '../../src-main/app/link-signature';
import type { Catalogue, HelloBody, PublishedCatalogue, StatusBody, WireEvent } from '../../src-main/contracts';
import { eventsBodySchema, helloBodySchema, LINK_CLOCK_SKEW_MS, LINK_HEADERS, statusBodySchema } from '../../src-main/contracts';

// A small stand-in for the city platform, for the edge's tests: it checks every request's signature, keeps
// each hall's events by sequence number (once each, no gap), answers GAP, and can be told to sign its
// answers with a wrong key, to be unreachable, or to forget what it stored.

export type CityMode = 'ok' | 'wrong-signature' | 'unsigned' | 'down' | 'hang';

export class FakeCity {
  private server!: Server;
  url = '';
  mode: CityMode = 'ok';
  statusEveryMs = 1000;
  /** Per hall: stored events by seq. */
  readonly stored = new Map<string, Map<number, WireEvent>>();
  /** Per hall and seq: how many times the event arrived in a batch (resends of stored ones included). */
  readonly received = new Map<string, Map<number, number>>();
  /** Every batch's first seq, in arrival order. */
  readonly batches: Array<{ hallId: string; fromSeq: number; count: number }> = [];
  readonly hellos: Array<{ hallId: string; body: HelloBody }> = [];
  readonly statuses: Array<{ hallId: string; body: StatusBody }> = [];
  readonly refusals: Array<{ hallId: string; code: string }> = [];
  catalogues: PublishedCatalogue[] = [];
  catalogueGets = 0;
  /** Requests held without an answer ('hang'). */
  hanging = 0;
  private readonly nonces = new Set<string>();

  constructor(private readonly keys: ReadonlyMap<string, string>) {}

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  lastSeq(hallId: string): number {
    const events = this.stored.get(hallId);
    if (!events) return 0;
    let n = 0;
    while (events.has(n + 1)) n++;
    return n;
  }

  /** The city lost everything after `seq` (a backup restored): the next batch meets a GAP. */
  forgetAfter(hallId: string, seq: number): void {
    const events = this.stored.get(hallId);
    if (!events) return;
    for (const s of [...events.keys()]) if (s > seq) events.delete(s);
  }

  publish(catalogue: Catalogue, by = 'city-admin'): PublishedCatalogue {
    const published = { version: this.catalogues.length + 1, publishedAt: Date.now(), publishedBy: by, catalogue };
    this.catalogues.push(published);
    return published;
  }

  private latestVersion(): number | null {
    return this.catalogues.at(-1)?.version ?? null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (this.mode === 'hang') {
      this.hanging++;
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const m = /^\/api\/halls\/([^/]+)\/uplink\/(hello|events|status|catalogue)$/.exec(path);
    const hallId = m ? decodeURIComponent(m[1]!) : '';
    const key = this.keys.get(hallId);
    const nonce = String(req.headers[LINK_HEADERS.nonce] ?? '');
    const answer = (status: number, payload: unknown) => {
      const bytes = Buffer.from(JSON.stringify(payload));
      const signWith = this.mode === 'wrong-signature' ? 'x'.repeat(40) : key;
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      if (signWith && this.mode !== 'unsigned') res.setHeader(LINK_HEADERS.signature, answerSignature(signWith, nonce, status, bytes));
      res.end(bytes);
    };
    const refuse = (status: number, code: string, extra: object = {}) => {
      this.refusals.push({ hallId, code });
      answer(status, { error: { code, message: code, messageEn: code, ...extra } });
    };
    if (!m || !key) return refuse(404, 'NOT_A_MEMBER');
    const at = Number(req.headers[LINK_HEADERS.at]);
    const signature = String(req.headers[LINK_HEADERS.signature] ?? '');
    if (req.headers[LINK_HEADERS.hall] !== hallId) return refuse(401, 'BAD_SIGNATURE');
    if (!/^[0-9a-f]{16,64}$/.test(nonce) || !sameSignature(signature, requestSignature(key, req.method ?? '', path, at, nonce, body))) return refuse(401, 'BAD_SIGNATURE');
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > LINK_CLOCK_SKEW_MS) return refuse(401, 'CLOCK_SKEW');
    if (this.nonces.has(nonce)) return refuse(401, 'REPLAYED');
    this.nonces.add(nonce);
    const json = (): unknown => JSON.parse(body.toString('utf8'));
    const what = m[2];
    if (what === 'catalogue' && req.method === 'GET') {
      this.catalogueGets++;
      const latest = this.catalogues.at(-1);
      return latest ? answer(200, latest) : refuse(404, 'NO_CATALOGUE');
    }
    if (req.method !== 'POST') return refuse(405, 'INVALID_INPUT');
    if (what === 'hello') {
      const parsed = helloBodySchema.safeParse(json());
      if (!parsed.success) return refuse(400, 'INVALID_INPUT');
      this.hellos.push({ hallId, body: parsed.data });
      return answer(200, { cityId: 'test-city', cityName: '测试市', cityNameEn: 'Test City', lastSeq: this.lastSeq(hallId), catalogueVersion: this.latestVersion(), statusEveryMs: this.statusEveryMs });
    }
    if (what === 'status') {
      const parsed = statusBodySchema.safeParse(json());
      if (!parsed.success) return refuse(400, 'INVALID_INPUT');
      this.statuses.push({ hallId, body: parsed.data as unknown as StatusBody });
      return answer(200, { lastSeq: this.lastSeq(hallId), catalogueVersion: this.latestVersion() });
    }
    const parsed = eventsBodySchema.safeParse(json());
    if (!parsed.success) return refuse(400, 'INVALID_INPUT');
    const { fromSeq, events } = parsed.data;
    const last = this.lastSeq(hallId);
    if (fromSeq > last + 1) return refuse(409, 'GAP', { expected: last + 1 });
    this.batches.push({ hallId, fromSeq, count: events.length });
    const stored = this.stored.get(hallId) ?? new Map<number, WireEvent>();
    this.stored.set(hallId, stored);
    const received = this.received.get(hallId) ?? new Map<number, number>();
    this.received.set(hallId, received);
    for (const e of events) {
      received.set(e.seq, (received.get(e.seq) ?? 0) + 1);
      if (!stored.has(e.seq)) stored.set(e.seq, e);
    }
    return answer(200, { lastSeq: this.lastSeq(hallId), catalogueVersion: this.latestVersion() });
  }
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { requestSignature, sameSignature } from '../../../src-main/app/link-signature';
import type { ProvinceBatch, ProvinceRecord } from '../../../src-main/contracts/province';
import { PROVINCE_HEADERS } from '../../../src-main/contracts/province';

// A stand-in for the province's 好差评 platform: a real HTTP server (port 0) that checks each push's
// signature, time and nonce, and keeps records by id (a record sent again replaces itself, as the real
// platform's idempotent store does). The test can make it fail (500, or keep the batch and then fail, as
// when the answer is lost), slow it down, refuse requests, or take it down and up again on the same port.

export const RECEIVER_PATH = '/api/hcp/push';
const SKEW_MS = 5 * 60 * 1000;

export interface StoredRecord extends ProvinceRecord {
  hallId: string;
  organisationCode: string;
  /** How many times this id arrived. */
  times: number;
}

export type ReceiverMode = 'ok' | 'fail' | 'refuse' | 'keep-then-fail';

export class ProvinceReceiver {
  readonly records = new Map<string, StoredRecord>();
  /** Every batch that was kept, as record ids, in arrival order. */
  readonly batches: string[][] = [];
  /** Records received in kept batches, duplicates included. */
  received = 0;
  requests = 0;
  badSignatures = 0;
  mode: ReceiverMode = 'ok';
  /** The next n pushes fail with 500 whatever the mode. */
  failNext = 0;
  /** Wait this long before answering (a slow platform). */
  delayMs = 0;
  private server: Server | null = null;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly nonces = new Set<string>();

  constructor(
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}${RECEIVER_PATH}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Down: the port refuses connections (open ones are cut) until up(). */
  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async up(): Promise<void> {
    if (!this.server) await this.start();
  }

  close(): Promise<void> {
    return this.down();
  }

  /** Ids of the kept records of one kind. */
  ids(kind?: ProvinceRecord['kind']): string[] {
    return [...this.records.values()].filter((r) => !kind || r.kind === kind).map((r) => r.id);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    this.requests++;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const answer = (status: number, data: unknown) => {
      if (res.destroyed) return;
      const text = JSON.stringify(data);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(text);
    };
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method !== 'POST' || url.pathname !== RECEIVER_PATH) return answer(404, { code: 'NOT_FOUND', msg: 'no such route' });
    const at = Number(req.headers[PROVINCE_HEADERS.at]);
    const nonce = String(req.headers[PROVINCE_HEADERS.nonce] ?? '');
    const signature = String(req.headers[PROVINCE_HEADERS.signature] ?? '');
    const org = String(req.headers[PROVINCE_HEADERS.org] ?? '');
    const expected = requestSignature(this.key, 'POST', url.pathname, at, nonce, body);
    if (!sameSignature(signature, expected) || !Number.isFinite(at) || Math.abs(this.now() - at) > SKEW_MS || !/^[0-9a-f]{16,64}$/.test(nonce) || this.nonces.has(nonce)) {
      this.badSignatures++;
      return answer(401, { code: 'BAD_SIGNATURE', msg: 'signature, time or nonce refused' });
    }
    this.nonces.add(nonce);
    if (this.failNext > 0) {
      this.failNext--;
      return answer(500, { code: 'BUSY', msg: '系统繁忙 busy' });
    }
    if (this.mode === 'fail') return answer(500, { code: 'BUSY', msg: '系统繁忙 busy' });
    if (this.mode === 'refuse') return answer(400, { code: 'BAD_FIELD', msg: 'pjjg missing' });
    let batch: ProvinceBatch;
    try {
      batch = JSON.parse(body.toString('utf8')) as ProvinceBatch;
    } catch {
      return answer(400, { code: 'NOT_JSON', msg: 'body is not JSON' });
    }
    if (batch.organisationCode !== org || !Array.isArray(batch.records)) return answer(400, { code: 'BAD_BATCH', msg: 'organisation code or records' });
    for (const r of batch.records) {
      const had = this.records.get(r.id);
      this.records.set(r.id, { ...r, hallId: batch.hallId, organisationCode: batch.organisationCode, times: (had?.times ?? 0) + 1 });
    }
    this.received += batch.records.length;
    this.batches.push(batch.records.map((r) => r.id));
    if (this.mode === 'keep-then-fail') return answer(502, { code: 'GATEWAY', msg: 'answer lost' });
    answer(200, { accepted: batch.records.length });
  }
}

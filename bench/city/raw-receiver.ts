import Database from 'better-sqlite3';
import { createServer } from 'node:http';
import { answerSignature, requestSignature, sameSignature } from '../../src-main/app/link-signature';
import { LINK_HEADERS } from '../../src-main/contracts';

// The raw substrate of the backlog catch-up, in its own process like the city: a bare node:http server
// that takes the same signed batches, checks the signature, parses the JSON and writes the events as rows
// of an event_log table (WAL, synchronous=FULL, one transaction per batch, key (hall, seq)), then answers
// signed with the last seq. No validation of the events, no fold, no state tables, no read side: what any
// receiver of a signed, durable, ordered upload has to do at the least.
//
//   node --import tsx bench/city/raw-receiver.ts <sqlite file> <key>     prints "raw receiver at <url>"

const [file, key] = process.argv.slice(2) as [string, string];
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS event_log (hall INTEGER NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, type TEXT NOT NULL, actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (hall, seq)) WITHOUT ROWID`);
const insert = db.prepare(`INSERT OR IGNORE INTO event_log (hall, seq, at, type, actor_kind, actor_id, data) VALUES (1, ?, ?, ?, ?, ?, ?)`);
const last = db.prepare(`SELECT COALESCE(MAX(seq), 0) FROM event_log WHERE hall = 1`).pluck();
type Wire = { seq: number; at: number; actor: { kind: string; id: string }; event: { type: string } };
const write = db.transaction((events: Wire[]) => {
  for (const e of events) insert.run(e.seq, e.at, e.event.type, e.actor.kind, e.actor.id, JSON.stringify(e.event));
});

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const h = (name: string) => String(req.headers[name] ?? '');
    const nonce = h(LINK_HEADERS.nonce);
    const answer = (status: number, value: unknown) => {
      const out = Buffer.from(JSON.stringify(value));
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': out.length, [LINK_HEADERS.signature]: answerSignature(key, nonce, status, out) });
      res.end(out);
    };
    if (!sameSignature(h(LINK_HEADERS.signature), requestSignature(key, req.method ?? 'POST', req.url ?? '/', Number(h(LINK_HEADERS.at)), nonce, body))) return answer(401, { error: { code: 'BAD_SIGNATURE' } });
    const batch = JSON.parse(body.toString('utf8')) as { fromSeq: number; events: Wire[] };
    write(batch.events);
    answer(200, { lastSeq: last.get() as number });
  });
});
server.listen(0, '127.0.0.1', () => console.log(`raw receiver at http://127.0.0.1:${(server.address() as { port: number }).port}`));

import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, SqliteHallStore } from '../../storage/sqlite';
import type { FromWriter, ToWriter, WriterData } from './protocol';

// The writer thread: the hall database's queue writes happen here, so the fsync each durable commit waits
// for never holds the hall's event loop. Commits that arrive together, from every hall of the server, go
// in one transaction and one fsync, each in a savepoint of its own (one hall's failure fails only its own).

const data = workerData as WriterData;
const port = parentPort!;
const db = openDatabase(data.dbFile);
const store = new SqliteHallStore(db);
const send = (m: FromWriter) => port.postMessage(m);

let queue: Array<Extract<ToWriter, { op: 'commit' }>> = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  const batches = queue;
  queue = [];
  const failed = new Map<number, string>();
  try {
    // IMMEDIATE: the write lock is taken before the first read. A deferred transaction that read first (a new
    // hall's number) and then found that another connection (the main thread's: accounts, a city's member
    // rows) had committed meanwhile would fail at once with SQLITE_BUSY_SNAPSHOT, whatever the busy timeout.
    db.transaction(() => {
      for (const m of batches) {
        try {
          store.commit(m.batch);
        } catch (err) {
          failed.set(m.id, (err as Error).message);
        }
      }
    }).immediate();
  } catch (err) {
    // The outer commit itself failed (disk full, I/O error): nothing of any batch is on disk.
    store.forgetCommitted();
    for (const m of batches) send({ id: m.id, ok: false, message: (err as Error).message });
    return;
  }
  for (const m of batches) send(failed.has(m.id) ? { id: m.id, ok: false, message: failed.get(m.id)! } : { id: m.id, ok: true, result: null });
}

port.on('message', (m: ToWriter) => {
  try {
    switch (m.op) {
      case 'commit':
        queue.push(m);
        // Every commit already in the port's queue joins this transaction.
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
        return;
      case 'loadHall':
        return send({ id: m.id, ok: true, result: store.loadHall(m.hallId, m.serviceSamples, m.bookingsSince, m.rateableSince, m.closedCasesSince) });
      case 'loadRecentRequests':
        return send({ id: m.id, ok: true, result: store.loadRecentRequests(m.hallId, m.sinceAt) });
      case 'readEvents':
        return send({ id: m.id, ok: true, result: store.readEvents(m.hallId, m.afterSeq, m.limit) });
      case 'close':
        if (queue.length > 0) flush();
        db.close();
        send({ id: m.id, ok: true, result: null });
        port.close();
        return;
    }
  } catch (err) {
    send({ id: m.id, ok: false, message: (err as Error).message });
  }
});

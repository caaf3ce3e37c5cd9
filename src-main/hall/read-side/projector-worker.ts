import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { STATISTICS_PROJECTION_VERSION, StatisticsProjector } from '../../app/statistics/statistics-projector';
import { Checkpointer } from '../../storage/sqlite/checkpointer';
import { EventLogReader } from '../../storage/sqlite/event-log-reader';
import { hallDatabaseId, openReadModelForWriting } from '../../storage/sqlite/read-model/read-database';
import { SqliteStatisticsStore } from '../../storage/sqlite/read-model/sqlite-statistics-store';
import { catchUp } from './catch-up';
import type { FromProjector, ProjectorData, ToProjector } from './protocol';
import { lowerThisThread } from './thread-priority';

// The projector thread: reads the event log (its own read-only connection) from where the read model
// stops and applies it, a chunk per transaction, the position stored with each. Woken after commits; also
// looks by itself every second. A rebuild of a year runs here, never on the hall's event loop.

const data = workerData as ProjectorData;
const port = parentPort!;
const send = (m: FromProjector) => port.postMessage(m);
// The projector keeps up in the background, below the hall's own thread.
lowerThisThread(5);

const log = new Database(data.hallDbFile, { readonly: true, fileMustExist: true });
log.pragma('busy_timeout = 5000');
const reader = new EventLogReader(log);
const identity = { version: STATISTICS_PROJECTION_VERSION, sourceId: hallDatabaseId(log) };
let opened = openReadModelForWriting(data.readFile, identity);
let store = new SqliteStatisticsStore(opened.db);

// A read model ahead of the log was made from a newer copy of it (the hall database came back from a
// backup): it no longer describes this log, so it is made again.
if (data.halls.some((h) => store.position(h) > reader.lastSeq(h))) {
  opened.db.close();
  opened = openReadModelForWriting(data.readFile, identity, 'the hall database is older than its statistics (restored from a backup?)');
  store = new SqliteStatisticsStore(opened.db);
}

const projectors = new Map(data.halls.map((h) => [h, new StatisticsProjector(store, h)]));
send({ type: 'ready', positions: Object.fromEntries(data.halls.map((h) => [h, store.position(h)])), rebuilding: opened.reason });

let running = false;
let again = false;
let stopping = false;

/** Applies everything new, a chunk at a time, letting messages in between chunks. */
async function project(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      await catchUp(reader, projectors.values(), data.chunk, {
        progress: (hallId, seq) => send({ type: 'position', hallId, seq }),
        pause: () => new Promise((r) => setImmediate(r)),
        stop: () => stopping,
      });
    } while (again && !stopping);
  } catch (err) {
    send({ type: 'failed', message: (err as Error).stack ?? String(err) });
  } finally {
    running = false;
  }
}

// The hall database's checkpoints happen here, not in the hall's commits (storage/sqlite/checkpointer.ts).
const checkpointer = new Checkpointer(data.hallDbFile);
const timer = setInterval(() => {
  void project();
  checkpointer.checkpoint();
}, 1000);
port.on('message', (m: ToProjector) => {
  if (m.type === 'wake') void project();
  if (m.type === 'stop') {
    stopping = true;
    clearInterval(timer);
    const finish = () => {
      if (running) return void setTimeout(finish, 5);
      opened.db.close();
      checkpointer.close();
      log.close();
      send({ type: 'stopped' });
      port.close();
    };
    finish();
  }
});
void project();

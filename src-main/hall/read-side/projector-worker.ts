import { parentPort, workerData } from 'node:worker_threads';
import { STATISTICS_PROJECTION_VERSION, StatisticsProjector } from '../../app/statistics/statistics-projector';
import type { Db } from '../../storage/sqlite';
import { openReadModelForWriting } from '../../storage/sqlite/read-model/read-database';
import { SqliteStatisticsStore } from '../../storage/sqlite/read-model/sqlite-statistics-store';
import { catchUp } from './catch-up';
import type { ProjectorLog } from './log-source';
import { openProjectorLog } from './log-source';
import type { FromProjector, ProjectorData, ToProjector } from './protocol';
import { lowerThisThread } from './thread-priority';

// The projector thread: reads the event log (its own read-only connection to the hall database, or its
// own small pool to PostgreSQL) from where the read model stops and applies it, a chunk per transaction,
// the position stored with each. Woken after commits; also looks by itself every second. A rebuild of a
// year runs here, never on the hall's event loop. A log it cannot reach (PostgreSQL down) is reported and
// tried again every second; the thread never ends for it.

const data = workerData as ProjectorData;
const port = parentPort!;
const send = (m: FromProjector) => port.postMessage(m);
// The projector keeps up in the background, below the hall's own thread.
lowerThisThread(5);

interface Opened {
  log: ProjectorLog;
  db: Db;
  store: SqliteStatisticsStore;
  projectors: Map<string, StatisticsProjector>;
}

const halls = [...data.halls];
let opened: Opened | null = null;
let running = false;
let again = false;
let stopping = false;
let failing = false;

function failed(err: unknown): void {
  failing = true;
  send({ type: 'failed', message: (err as Error).stack ?? String(err) });
}

/** Opens the log and the read model (rebuilt when it does not fit the log), then says how far it goes. */
async function open(): Promise<Opened> {
  const log = await openProjectorLog(data.log);
  let db: Db | null = null;
  try {
    const identity = { version: STATISTICS_PROJECTION_VERSION, sourceId: log.sourceId };
    let model = openReadModelForWriting(data.readFile, identity);
    db = model.db;
    let store = new SqliteStatisticsStore(db);
    // A read model ahead of the log was made from a newer copy of it (the database came back from a
    // backup): it no longer describes this log, so it is made again.
    const last = await Promise.all(halls.map((h) => log.reader.lastSeq(h)));
    if (halls.some((h, i) => store.position(h) > last[i]!)) {
      db.close();
      db = null;
      model = openReadModelForWriting(data.readFile, identity, 'the event log is older than its statistics (restored from a backup?)');
      db = model.db;
      store = new SqliteStatisticsStore(db);
    }
    const projectors = new Map(halls.map((h) => [h, new StatisticsProjector(store, h)]));
    send({ type: 'ready', positions: Object.fromEntries(halls.map((h) => [h, store.position(h)])), rebuilding: model.reason });
    return { log, db, store, projectors };
  } catch (err) {
    db?.close();
    await log.close().catch(() => {});
    throw err;
  }
}

/** Adds a hall to an open read model; its part is made again if it is ahead of the log. */
async function addHall(o: Opened, hallId: string): Promise<void> {
  if (o.projectors.has(hallId)) return;
  if (o.store.position(hallId) > (await o.log.reader.lastSeq(hallId))) o.store.forgetHall(hallId);
  if (stopping || o.projectors.has(hallId)) return;
  o.projectors.set(hallId, new StatisticsProjector(o.store, hallId));
  send({ type: 'position', hallId, seq: o.store.position(hallId) });
}

/** Opens what is not open yet, adds halls asked for, and applies everything new, a chunk at a time, letting messages in between chunks. */
async function project(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      opened ??= await open();
      for (const h of halls) if (!opened.projectors.has(h) && !stopping) await addHall(opened, h);
      await catchUp(opened.log.reader, opened.projectors.values(), data.chunk, {
        progress: (hallId, seq) => send({ type: 'position', hallId, seq }),
        pause: () => new Promise((r) => setImmediate(r)),
        stop: () => stopping,
      });
      if (failing && !stopping) {
        failing = false;
        send({ type: 'recovered' });
      }
    } while (again && !stopping);
  } catch (err) {
    if (!stopping) failed(err);
  } finally {
    running = false;
  }
}

const timer = setInterval(() => {
  void project();
  opened?.log.tick();
}, 1000);
port.on('message', (m: ToProjector) => {
  if (m.type === 'wake') void project();
  if (m.type === 'addHall') {
    if (!halls.includes(m.hallId)) halls.push(m.hallId);
    void project();
  }
  if (m.type === 'stop') {
    stopping = true;
    clearInterval(timer);
    const finish = () => {
      if (running) return void setTimeout(finish, 5);
      const o = opened;
      opened = null;
      o?.db.close();
      void (o ? o.log.close().catch(() => {}) : Promise.resolve()).then(() => {
        send({ type: 'stopped' });
        port.close();
      });
    };
    finish();
  }
});
void project();

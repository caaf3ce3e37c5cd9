import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { auditPage } from '../../app/audit/audit-page';
import type { CaseRecordPage } from '../../app/statistics/case-records';
import { cityReport } from '../../app/statistics/city-report';
import { statisticsCsvLines } from '../../app/statistics/export-tables';
import { statisticsReport } from '../../app/statistics/report';
import { writeStatisticsXlsx } from '../../app/statistics/xlsx';
import type { Db } from '../../storage/sqlite';
import { openReadModelForReading } from '../../storage/sqlite/read-model/read-database';
import { SqliteStatisticsStore } from '../../storage/sqlite/read-model/sqlite-statistics-store';
import type { QueryLog } from './log-source';
import { openQueryLog } from './log-source';
import type { FromQuery, QueryData, QueryJob, ToQuery } from './protocol';
import { lowerThisThread } from './thread-priority';

// A query thread: reports, exports and audit searches, each on its own read-only connections, so that a
// year's report never holds up a call. Exports are sent as they are made, in chunks. Reports and exports
// read the local statistics read model; audit searches read the event log (the hall's SQLite database, or
// PostgreSQL through this thread's own small pool).

const data = workerData as QueryData;
const port = parentPort!;
const send = (m: FromQuery, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const CHUNK = 64 * 1024;
// Reports and exports take what the hall's own thread leaves of the machine.
lowerThisThread(10);

let log: Promise<QueryLog> | null = null;
let read: Db | null = null;

function eventLog(): Promise<QueryLog> {
  if (!log) {
    const opening = openQueryLog(data.log);
    log = opening;
    // A log that could not be opened (PostgreSQL down) is tried again by the next search.
    opening.catch(() => {
      if (log === opening) log = null;
    });
  }
  return log;
}

function readModel(): SqliteStatisticsStore {
  // The projector makes the file when the server starts; a query that comes sooner waits for it.
  if (!read) {
    if (!existsSync(data.readFile)) throw new Error('the statistics are not ready yet (the read model is being made)');
    read = openReadModelForReading(data.readFile);
  }
  return new SqliteStatisticsStore(read);
}

/** Gathers written bytes into chunks of CHUNK and posts them. */
function chunkedPort(id: number): Writable {
  let parts: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    const data = new Uint8Array(Buffer.concat(parts, size));
    send({ id, type: 'chunk', data }, [data.buffer as ArrayBuffer]);
    parts = [];
    size = 0;
  };
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= CHUNK) flush();
      done();
    },
    final(done) {
      flush();
      done();
    },
  });
}

async function run(id: number, job: QueryJob): Promise<{ result: unknown; transfer?: ArrayBuffer[] }> {
  switch (job.kind) {
    case 'audit':
      return { result: await auditPage((await eventLog()).audit, job.labels, job.query) };
    case 'statistics': {
      // Sent as JSON bytes (moved, not copied): the hall's thread only writes them to the response.
      const report = statisticsReport(readModel(), job.labels, job.from, job.to, job.wantSeq, job.now ?? Date.now());
      const bytes = new Uint8Array(Buffer.from(JSON.stringify(report)));
      return { result: bytes, transfer: [bytes.buffer as ArrayBuffer] };
    }
    case 'cityStatistics': {
      const bytes = new Uint8Array(Buffer.from(JSON.stringify(cityReport(readModel(), job.request, job.from, job.to))));
      return { result: bytes, transfer: [bytes.buffer as ArrayBuffer] };
    }
    case 'export': {
      const store = readModel();
      const report = statisticsReport(store, job.labels, job.from, job.to, job.wantSeq, job.now ?? Date.now());
      const out = chunkedPort(id);
      if (job.format === 'csv') {
        for (const line of statisticsCsvLines(report, job.lang)) out.write(line);
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      } else {
        const { hallId } = job.labels;
        await writeStatisticsXlsx(out, report, store.allLowRatings(hallId, job.from, job.to), job.lang, store.cases(hallId, job.from, job.to), job.labels.timeZone);
      }
      return { result: { complete: report.complete, upToSeq: report.upToSeq } };
    }
    case 'cases': {
      const store = readModel();
      // The position first: the cases read after it include at least that much of the log.
      const upToSeq = store.position(job.hallId);
      const page: CaseRecordPage = { ...store.listCases(job.hallId, job.filter), upToSeq };
      return { result: page };
    }
  }
}

port.on('message', (m: ToQuery) => {
  run(m.id, m.job).then(
    ({ result, transfer }) => send({ id: m.id, type: 'done', result }, transfer),
    (err: unknown) => send({ id: m.id, type: 'failed', message: (err as Error).message ?? String(err) }),
  );
});

import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STATISTICS_PROJECTION_VERSION, StatisticsProjector } from '../src-main/app/statistics/statistics-projector';
import { catchUp } from '../src-main/hall/read-side/catch-up';
import { EventLogReader } from '../src-main/storage/sqlite/event-log-reader';
import { hallDatabaseId, openReadModelForWriting, readModelFile } from '../src-main/storage/sqlite/read-model/read-database';
import { SqliteStatisticsStore } from '../src-main/storage/sqlite/read-model/sqlite-statistics-store';

// npm run rebuild-read-models -- [--data data/hall.sqlite]
// Throws the statistics read model away and makes it again from the event log. Run it with the hall
// server stopped (a running server rebuilds by itself when the file is missing or of another version).

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, chunk: { type: 'string', default: '5000' } } });
  const file = resolve(values.data ?? process.env.DATA_FILE ?? 'data/hall.sqlite');
  if (!existsSync(file)) throw new Error(`no hall database at ${file}`);
  const log = new Database(file, { readonly: true, fileMustExist: true });
  const halls = (log.prepare(`SELECT id FROM hall_numbers ORDER BY no`).pluck().all() as string[]);
  const reader = new EventLogReader(log);
  const out = readModelFile(file);
  const { db } = openReadModelForWriting(out, { version: STATISTICS_PROJECTION_VERSION, sourceId: hallDatabaseId(log) }, 'rebuild asked for');
  const store = new SqliteStatisticsStore(db);
  const started = performance.now();
  let events = 0;
  for (const hallId of halls) {
    const total = reader.lastSeq(hallId);
    let last = 0;
    let shown = 0;
    await catchUp(reader, [new StatisticsProjector(store, hallId)], Number(values.chunk), {
      progress: (_h, seq) => {
        events += seq - last;
        last = seq;
        if (performance.now() - shown < 1000 && seq < total) return;
        shown = performance.now();
        process.stdout.write(`\r${hallId}: ${seq} / ${total} events (${Math.round((seq / Math.max(1, total)) * 100)} %)   `);
      },
    });
    process.stdout.write('\n');
  }
  db.close();
  log.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${out}: rebuilt from ${events} events of ${halls.length} hall(s) in ${seconds.toFixed(1)} s (${Math.round(events / seconds)} events/s)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

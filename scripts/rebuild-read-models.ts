import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rebuildReadModels } from '../src-main/hall/read-side/rebuild';
import { readModelFile } from '../src-main/storage/sqlite/read-model/read-database';

// npm run rebuild-read-models -- [--data data/hall.sqlite]
// Throws the statistics read model away and makes it again from the event log. Run it with the hall
// server stopped (a running server rebuilds by itself when the file is missing or of another version).

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, chunk: { type: 'string', default: '5000' } } });
  const file = resolve(values.data ?? process.env.DATA_FILE ?? 'data/hall.sqlite');
  if (!existsSync(file)) throw new Error(`no hall database at ${file}`);
  const started = performance.now();
  let shown = 0;
  const { halls, events } = await rebuildReadModels(file, Number(values.chunk), (hallId, seq, total) => {
    if (performance.now() - shown < 1000 && seq < total) return;
    shown = performance.now();
    process.stdout.write(`\r${hallId}: ${seq} / ${total} events (${Math.round((seq / Math.max(1, total)) * 100)} %)   `);
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${readModelFile(file)}: rebuilt from ${events} events of ${halls} hall(s) in ${seconds.toFixed(1)} s (${Math.round(events / seconds)} events/s)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

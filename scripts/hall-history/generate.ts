import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HallService } from '../../src-main/app/hall-service';
import { hallConfigSchema } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { purgePersonalData } from '../../src-main/app/privacy/purge-job';
import { rebuildReadModels } from '../../src-main/hall/read-side/rebuild';
import { openDatabase, SqliteAuditStore, SqliteHallStore, SqlitePrivacyStore } from '../../src-main/storage/sqlite';
import { readModelFile } from '../../src-main/storage/sqlite/read-model/read-database';
import { benchHallConfig } from '../../bench/bench-config';
import { simulateHistory } from './simulate-history';

// npm run history -- --out bench/data/year.sqlite [--days 365] [--visitors 4500] [--windows 231]
// Writes a hall's history through the real storage code (synchronous=OFF: it is a generator, not a hall),
// purging personal data each night as the hall does, then makes its statistics read model.

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench/data/year.sqlite' },
      days: { type: 'string', default: '365' },
      visitors: { type: 'string', default: '4500' },
      windows: { type: 'string', default: '231' },
      first: { type: 'string', default: '2025-12-01' },
    },
  });
  const out = resolve(values.out!);
  for (const f of [out, `${out}-wal`, `${out}-shm`, readModelFile(out)]) if (existsSync(f)) rmSync(f);
  const config = hallConfigSchema.parse(benchHallConfig(Number(values.windows), 1, 'scrypt$x'));
  const db = openDatabase(out);
  db.pragma('synchronous = OFF');
  const clock = { t: zonedEpoch(values.first!, 8 * 60, config.timeZone), now: () => clock.t };
  const service = await HallService.open(config, new SqliteHallStore(db), clock);
  const privacy = new SqlitePrivacyStore(db);
  const audit = new SqliteAuditStore(db);
  const started = performance.now();
  const result = await simulateHistory(service, clock, {
    firstDay: values.first!,
    days: Number(values.days),
    visitorsPerDay: Number(values.visitors),
    onDay: async (day, i) => {
      await service.drain();
      const hall = { id: config.id, timeZone: config.timeZone, retentionDays: config.privacy.retentionDays };
      await purgePersonalData(privacy, audit, hall, clock.now());
      if (i % 7 === 0) process.stdout.write(`\r${day}  ${service.seq} events  ${Math.round((performance.now() - started) / 1000)} s   `);
    },
  });
  await service.drain();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(`\n${result.tickets} tickets, ${result.commands} commands, ${service.seq} events in ${Math.round((performance.now() - started) / 1000)} s`);
  const rebuilt = performance.now();
  await rebuildReadModels(out);
  console.log(`statistics read model made in ${Math.round((performance.now() - rebuilt) / 1000)} s`);
  const bytes = statSync(out).size;
  const readBytes = statSync(readModelFile(out)).size;
  console.log(`${out}: ${(bytes / 1e9).toFixed(2)} GB, read model ${(readBytes / 1e9).toFixed(2)} GB; ${Math.round((bytes + readBytes) / service.seq)} bytes per event in all`);
  console.log(JSON.stringify({ tickets: result.tickets, events: service.seq, bytes, readBytes }));
}

void main();

import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HallService } from '../../src-main/app/hall-service';
import { hallConfigSchema } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { benchHallConfig } from '../../bench/bench-config';
import { simulateHistory } from './simulate-history';

// npm run history -- --out bench/data/year.sqlite [--days 365] [--visitors 4500] [--windows 231]
// Writes a hall's history through the real storage code (synchronous=OFF: it is a generator, not a hall).

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
  for (const f of [out, `${out}-wal`, `${out}-shm`]) if (existsSync(f)) rmSync(f);
  const config = hallConfigSchema.parse(benchHallConfig(Number(values.windows), 1, 'scrypt$x'));
  const db = openDatabase(out);
  db.pragma('synchronous = OFF');
  const clock = { t: zonedEpoch(values.first!, 8 * 60, config.timeZone), now: () => clock.t };
  const service = await HallService.open(config, new SqliteHallStore(db), clock);
  const started = performance.now();
  const result = await simulateHistory(service, clock, {
    firstDay: values.first!,
    days: Number(values.days),
    visitorsPerDay: Number(values.visitors),
    onDay: (day, i) => {
      if (i % 7 === 0) process.stdout.write(`\r${day}  ${service.seq} events  ${Math.round((performance.now() - started) / 1000)} s   `);
    },
  });
  await service.drain();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const bytes = statSync(out).size;
  console.log(`\n${result.tickets} tickets, ${result.commands} commands, ${service.seq} events in ${Math.round((performance.now() - started) / 1000)} s`);
  console.log(`${out}: ${(bytes / 1e9).toFixed(2)} GB, ${Math.round(bytes / service.seq)} bytes per event`);
}

void main();

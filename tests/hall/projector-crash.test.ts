import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { HallService } from '../../src-main/app/hall-service';
import { cellId, cellsOf } from '../../src-main/app/statistics/statistics';
import { ticketRecords } from '../../src-main/app/statistics/ticket-records';
import { hallConfigSchema } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { EventLogReader } from '../../src-main/storage/sqlite/event-log-reader';
import { openReadModelForReading, readModelFile } from '../../src-main/storage/sqlite/read-model/read-database';
import { SqliteStatisticsStore } from '../../src-main/storage/sqlite/read-model/sqlite-statistics-store';
import { benchHallConfig } from '../../bench/bench-config';
import { simulateHistory } from '../../scripts/hall-history/simulate-history';
import { tempDir } from '../support/hall-fixture';
import type { ServerProcess } from '../support/server-process';
import { startServerProcess } from '../support/server-process';

interface Health {
  readSide: { ready: boolean };
  halls: Array<{ id: string; seq: number; projectedSeq: number }>;
}

/** The hall's log position and the read model's, once the projector has said where it stands. */
async function projected(server: ServerProcess): Promise<{ seq: number; projectedSeq: number }> {
  for (;;) {
    const h = (await (await fetch(`${server.url}/health`)).json()) as Health;
    if (h.readSide.ready) return h.halls[0]!;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the statistics projector killed with kill -9', () => {
  const tmp = tempDir('projector-crash-');
  const started: ServerProcess[] = [];
  // Whatever happens to the test, no server is left running.
  afterAll(() => {
    for (const s of started) s.child.kill('SIGKILL');
    tmp.cleanup();
  });

  it('resumes where its last chunk was stored, counting nothing twice', async () => {
    // A week of history, written before the server ever ran: the server's projector starts from nothing.
    const config = hallConfigSchema.parse(benchHallConfig(20, 1, 'scrypt$x'));
    const dbFile = join(tmp.dir, 'hall.sqlite');
    const db = openDatabase(dbFile);
    db.pragma('synchronous = OFF');
    const clock = { t: zonedEpoch('2026-11-02', 8 * 60, config.timeZone), now: () => clock.t };
    const service = await HallService.open(config, new SqliteHallStore(db), clock);
    await simulateHistory(service, clock, { firstDay: '2026-11-02', days: 6, visitorsPerDay: 400, seed: 5 });
    await service.drain();
    db.close();
    const configFile = join(tmp.dir, 'hall.yaml');
    writeFileSync(configFile, stringify({ ...benchHallConfig(20, 1, 'scrypt$x') }));
    const args = ['--config', configFile, '--data', dbFile];
    // Small chunks make the projection take long enough to be cut in the middle.
    const env = { HALL_PROJECTOR_CHUNK: '40' };

    const first = await startServerProcess(args, env);
    started.push(first);
    let at = await projected(first);
    while (at.projectedSeq < at.seq * 0.25) {
      await new Promise((r) => setTimeout(r, 20));
      at = await projected(first);
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(at.projectedSeq).toBeLessThan(at.seq);

    const second = await startServerProcess(args, env);
    started.push(second);
    at = await projected(second);
    expect(at.projectedSeq).toBeGreaterThanOrEqual(at.seq * 0.25); // it went on from there, not from the start
    while (at.projectedSeq < at.seq) {
      await new Promise((r) => setTimeout(r, 50));
      at = await projected(second);
    }
    second.child.kill('SIGTERM');
    await second.exited;

    const log = openDatabase(dbFile);
    const replay = ticketRecords(new EventLogReader(log).read(config.id, 0, 10_000_000));
    log.close();
    const read = openReadModelForReading(readModelFile(dbFile));
    const stored = new Map([...new SqliteStatisticsStore(read).allCells(config.id)].map((c) => [cellId(c), c.partial]));
    read.close();
    const fresh = new Map(cellsOf(replay).map((c) => [cellId(c), c.partial]));
    expect(replay.length).toBeGreaterThan(2000);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(fresh));
  }, 120_000);
});

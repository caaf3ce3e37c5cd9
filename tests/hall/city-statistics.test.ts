import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallService } from '../../src-main/app/hall-service';
import type { StoredEvent } from '../../src-main/app/ports';
import type { CityReportRequest } from '../../src-main/app/statistics/city-report';
import { cityReportHall } from '../../src-main/app/statistics/city-report';
import { reportLabels } from '../../src-main/app/statistics/report';
import { statisticsOf } from '../../src-main/app/statistics/statistics';
import { ticketRecords } from '../../src-main/app/statistics/ticket-records';
import type { CityReport, HallConfig, StatisticsFiguresView, StatisticsReport } from '../../src-main/contracts';
import { hallConfigSchema } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { createLogger } from '../../src-main/hall/logger';
import { ReadSide } from '../../src-main/hall/read-side/read-side';
import type { Db } from '../../src-main/storage/sqlite';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { EventLogReader } from '../../src-main/storage/sqlite/event-log-reader';
import { benchHallConfig } from '../../bench/bench-config';
import { simulateHistory } from '../../scripts/hall-history/simulate-history';
import { tempDir } from '../support/hall-fixture';

// A city's read side: its own hall and a linked township hall's mirrored events in one SQLite file, one
// read model. The city report, made in a query thread, must give each hall the figures of the hall's own
// report (the township's as its own server reports them), wait for the projector to take in events just
// uploaded, and say when a hall is behind.

const FROM = '2026-11-01';
const TO = '2026-11-30';

function hallConfig(id: string, name: string, windows: number, supervision?: Partial<HallConfig['supervision']>): HallConfig {
  const raw = benchHallConfig(windows, 1, 'scrypt$x');
  const parsed = hallConfigSchema.parse({ ...raw, id, name });
  return supervision ? hallConfigSchema.parse({ ...raw, id, name, supervision: { ...parsed.supervision, ...supervision } }) : parsed;
}

async function simulated(db: Db, config: HallConfig, firstDay: string, days: number, seed: number): Promise<HallService> {
  const clock = { t: zonedEpoch(firstDay, 8 * 60, config.timeZone), now: () => clock.t };
  const service = await HallService.open(config, new SqliteHallStore(db), clock);
  await simulateHistory(service, clock, { firstDay, days, visitorsPerDay: 40 * config.windows.length, seed });
  await service.drain();
  return service;
}

const parse = <T>(bytes: Buffer) => JSON.parse(bytes.toString()) as T;
const COUNTS = ['issued', 'served', 'noShows', 'cancelled', 'expired', 'overWaitYellow', 'overWaitRed', 'overService', 'rated'] as const;
const sum = (views: StatisticsFiguresView[]) => Object.fromEntries(COUNTS.map((k) => [k, views.reduce((n, v) => n + v[k], 0)]));
const counts = (v: StatisticsFiguresView) => Object.fromEntries(COUNTS.map((k) => [k, v[k]]));

describe('city statistics through the read side', () => {
  const tmp = tempDir('city-statistics-');
  const sides: ReadSide[] = [];
  const dbs: Db[] = [];
  const city = hallConfig('city-centre', '市民中心', 6);
  const town = hallConfig('town-east', '东镇便民服务中心', 4, { waitYellowMinutes: 5, waitRedMinutes: 12, serviceLimitMinutes: 8 });
  let local: HallService;
  let mirror: HallService;
  let townEvents: StoredEvent[];
  let uploaded: number;
  let reads: ReadSide;
  let townReads: ReadSide;
  const townFile = join(tmp.dir, 'town.sqlite');

  const readSide = (file: string, halls: string[]) => {
    const side = new ReadSide({ eventLog: { kind: 'sqlite', file }, readFile: file.replace(/\.sqlite$/, '.read.sqlite'), halls, log: createLogger('silent'), queryThreads: 1, chunk: 500 });
    sides.push(side);
    return side;
  };
  const request = (): CityReportRequest => ({ halls: [cityReportHall(city, local.seq), cityReportHall(town, mirror.seq)] });

  beforeAll(async () => {
    // The township hall's own server: four days (Mon–Thu) in its own database.
    const townDb = openDatabase(townFile);
    townDb.pragma('synchronous = OFF');
    dbs.push(townDb);
    await simulated(townDb, town, '2026-11-02', 4, 7);
    townEvents = new EventLogReader(townDb).read(town.id, 0, 10_000_000);

    // The city: its own hall, and the township's first three days uploaded to a mirror of it.
    const cityFile = join(tmp.dir, 'city.sqlite');
    const cityDb = openDatabase(cityFile);
    cityDb.pragma('synchronous = OFF');
    dbs.push(cityDb);
    local = await simulated(cityDb, city, '2026-11-02', 3, 8);
    mirror = await HallService.openMirror(town, new SqliteHallStore(cityDb), { now: () => zonedEpoch('2026-11-05', 8 * 60, town.timeZone) });
    const thursday = zonedEpoch('2026-11-05', 0, town.timeZone);
    uploaded = townEvents.findIndex((e) => e.at >= thursday);
    expect(uploaded).toBeGreaterThan(1000);
    expect(await mirror.appendMirrored(townEvents.slice(0, uploaded))).toEqual({ ok: true, lastSeq: townEvents[uploaded - 1]!.seq });

    // The city's read side projects its own hall from the start and the linked hall once it is a member.
    reads = readSide(cityFile, [city.id]);
    reads.addHall(town.id);
    townReads = readSide(townFile, [town.id]);
    await reads.whenReady();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(sides.map((s) => s.close()));
    for (const db of dbs) db.close();
    tmp.cleanup();
  });

  it('gives each hall the figures of its own report, and categories the sums of the halls’', async () => {
    const report = parse<CityReport>(await reads.cityStatistics(request(), FROM, TO));
    expect(report).toMatchObject({ from: FROM, to: TO, complete: true, upToSeq: { [city.id]: local.seq, [town.id]: mirror.seq } });

    const own = parse<StatisticsReport>(await reads.statistics(reportLabels(city), FROM, TO, local.seq));
    const mirrored = parse<StatisticsReport>(await reads.statistics(reportLabels(town), FROM, TO, mirror.seq));
    expect(report.byHall[city.id]).toEqual(own.total);
    expect(report.byHall[town.id]).toEqual(mirrored.total);
    // The township's figures as a replay of what it uploaded, with its own thresholds.
    expect(report.byHall[town.id]).toEqual(statisticsOf(ticketRecords(townEvents.slice(0, uploaded)), FROM, TO, reportLabels(town).thresholds).total);
    expect(report.byHall[town.id]!.issued).toBeGreaterThan(300);

    for (const [w, figures] of Object.entries(mirrored.byWindow)) expect(report.byWindow[`${town.id}/${w}`]).toEqual(figures);
    expect(Object.keys(report.byWindow)).toHaveLength(Object.keys(own.byWindow).length + Object.keys(mirrored.byWindow).length);
    for (const k of Object.keys(report.byCategory)) {
      expect(counts(report.byCategory[k]!)).toEqual(sum([own.byCategory[k], mirrored.byCategory[k]].filter((v): v is StatisticsFiguresView => v !== undefined)));
    }
    expect(counts(report.total)).toEqual(sum([own.total, mirrored.total]));
    expect(counts(report.byMonth['2026-11']!)).toEqual(counts(report.total));
    expect(report.names.halls).toEqual({ [city.id]: city.name, [town.id]: town.name });
  });

  it('waits for the projector to take in events just uploaded: the township’s figures are its own server’s', async () => {
    expect(await mirror.appendMirrored(townEvents.slice(uploaded))).toEqual({ ok: true, lastSeq: townEvents.at(-1)!.seq });
    // Asked at once: the report waits for the projector to reach the mirror's new last event.
    const report = parse<CityReport>(await reads.cityStatistics(request(), FROM, TO));
    expect(report.complete).toBe(true);
    expect(report.upToSeq[town.id]).toBe(townEvents.at(-1)!.seq);
    const townOwn = parse<StatisticsReport>(await townReads.statistics(reportLabels(town), FROM, TO, townEvents.at(-1)!.seq));
    expect(townOwn.complete).toBe(true);
    expect(report.byHall[town.id]).toEqual(townOwn.total);
    for (const [w, figures] of Object.entries(townOwn.byWindow)) expect(report.byWindow[`${town.id}/${w}`]).toEqual(figures);
  });

  it('says complete: false when a hall is not projected up to what was asked', async () => {
    const req = request();
    req.halls.push({ hallId: 'town-unknown', labels: reportLabels(hallConfig('town-unknown', '未知镇', 1)), wantSeq: 5, name: '未知镇' });
    const report = parse<CityReport>(await reads.cityStatistics(req, FROM, TO));
    expect(report.complete).toBe(false);
    expect(report.upToSeq).toMatchObject({ [city.id]: local.seq, [town.id]: mirror.seq, 'town-unknown': 0 });
    expect(report.byHall['town-unknown']).toMatchObject({ issued: 0 });
    expect(report.names.halls['town-unknown']).toBe('未知镇');
  });
});

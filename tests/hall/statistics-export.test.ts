import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallService } from '../../src-main/app/hall-service';
import { caseRecords, filterCases } from '../../src-main/app/statistics/case-records';
import { caseTable, lowRatingTable, rankingTable, statisticsTables } from '../../src-main/app/statistics/export-tables';
import { lowRatingsOf } from '../../src-main/app/statistics/statistics';
import { ticketRecords } from '../../src-main/app/statistics/ticket-records';
import type { HallConfig, StatisticsReport } from '../../src-main/contracts';
import { hallConfigSchema } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { EventLogReader } from '../../src-main/storage/sqlite/event-log-reader';
import { benchHallConfig } from '../../bench/bench-config';
import { simulateHistory } from '../../scripts/hall-history/simulate-history';
import { ManualClock } from '../support/clock';
import type { TestHallServer } from '../support/hall-fixture';
import { login, startTestServer, tempDir } from '../support/hall-fixture';

// A month of a 20-window hall written before the server starts; the server's statistics, and its CSV and
// XLSX exports streamed by a query thread, must hold the same rows: the groupings with their case columns,
// the monthly window ranking, every low rating and every bad-rating case.

const FROM = '2026-11-02';
const TO = '2026-11-21';

describe('statistics exports of a month', () => {
  const tmp = tempDir('export-');
  let server: TestHallServer;
  let config: HallConfig;
  let auth: { authorization: string };
  let report: StatisticsReport;

  beforeAll(async () => {
    const raw = benchHallConfig(20, 1, 'scrypt$x');
    config = hallConfigSchema.parse({ ...raw, accounts: [...(raw.accounts ?? []), { username: 'jiandu', displayName: '监察员', role: 'supervisor', password: 'demo-super' }] });
    const dbFile = join(tmp.dir, 'hall.sqlite');
    const db = openDatabase(dbFile);
    db.pragma('synchronous = OFF');
    const clock = new ManualClock(zonedEpoch(FROM, 8 * 60, config.timeZone));
    const service = await HallService.open(config, new SqliteHallStore(db), clock);
    await simulateHistory(service, clock, { firstDay: FROM, days: 20, visitorsPerDay: 300, seed: 21 });
    await service.drain();
    db.close();
    server = await startTestServer({ config, clock, dbFile });
    // The projector makes the month's read model first (a busy machine may take a while).
    const hall = server.halls.get(config.id)!;
    expect(await hall.reads.caughtUp(config.id, hall.service.seq, 60_000)).toBe(true);
    auth = { authorization: `Bearer ${await login(server.url, config.id, 'jiandu', 'demo-super')}` };
    const res = await fetch(`${server.url}/api/halls/${config.id}/statistics?from=${FROM}&to=${TO}`, { headers: auth });
    report = ((await res.json()) as { data: StatisticsReport }).data;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it('the report is complete: the projector caught up with the month before answering', () => {
    expect(report.complete).toBe(true);
    expect(report.upToSeq).toBe(server.halls.get(config.id)!.service.seq);
    expect(report.total.issued).toBeGreaterThan(5000);
  });

  it('the CSV holds exactly the report’s rows', async () => {
    const res = await fetch(`${server.url}/api/halls/${config.id}/statistics.csv?from=${FROM}&to=${TO}&lang=en`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`statistics-${FROM}_${TO}.csv`);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    const tables = statisticsTables(report, 'en');
    const line = (cells: unknown[]) => cells.map((v) => (v === null ? '' : String(v))).join(',');
    const expected = tables.flatMap((t) => t.rows.map((row) => line([t.sheet, ...row])));
    // The groupings, an empty line, then the ranking under its own header.
    const ranking = rankingTable(report, 'en');
    expect(lines.slice(1)).toEqual([...expected, '', line(['Dimension', ...ranking.header]), ...ranking.rows.map((row) => line([ranking.sheet, ...row]))]);
    expect(ranking.rows).toHaveLength(20);
    expect(lines.filter((l) => l.startsWith('By month,'))).toEqual([expect.stringMatching(/^By month,2026-11,/)]);
    expect(lines.filter((l) => l.startsWith('By day,'))).toHaveLength(Object.keys(report.byDay).length);
  });

  it('the XLSX holds the report’s rows on its sheets and every low rating of the month', async () => {
    const res = await fetch(`${server.url}/api/halls/${config.id}/statistics.xlsx?from=${FROM}&to=${TO}`, { headers: auth });
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    // A sheet's data rows, and the expected rows, with empty cells as undefined and none at the end.
    const trim = (r: unknown[]) => {
      const out = r.map((v) => (v === null ? undefined : v));
      while (out.length > 0 && out.at(-1) === undefined) out.pop();
      return out;
    };
    const rowsOf = (name: string) => {
      const out: unknown[][] = [];
      book.getWorksheet(name)!.eachRow((row, n) => n > 1 && out.push(trim((row.values as unknown[]).slice(1))));
      return out;
    };
    const want = (rows: Iterable<unknown[]>) => [...rows].map(trim);
    for (const t of statisticsTables(report, 'zh')) expect(rowsOf(t.sheet)).toEqual(want(t.rows));
    // Every low rating (the report lists only the newest 200), in the order of the log's replay.
    const log = openDatabase(server.dbFile);
    const events = new EventLogReader(log).read(config.id, 0, 10_000_000);
    log.close();
    const replay = ticketRecords(events);
    const low = lowRatingsOf(replay, FROM, TO).sort((a, b) => (`${a.day}/${a.number}` < `${b.day}/${b.number}` ? -1 : 1));
    expect(report.lowRatingsTotal).toBe(low.length);
    const sheet = lowRatingTable(report, low, 'zh');
    expect(rowsOf(sheet.sheet)).toEqual(want(sheet.rows));
    expect(rowsOf(sheet.sheet).length).toBeGreaterThan(50);
    // The ranking, and every bad-rating case of the range (the month's bad ratings opened them).
    const ranking = rankingTable(report, 'zh');
    expect(rowsOf(ranking.sheet)).toEqual(want(ranking.rows));
    const cases = caseRecords(events).filter((c) => c.serviceDay >= FROM && c.serviceDay <= TO);
    const caseSheet = caseTable(report, cases.sort((a, b) => (a.id < b.id ? -1 : 1)), 'zh', config.timeZone);
    expect(rowsOf(caseSheet.sheet)).toEqual(want(caseSheet.rows));
    expect(cases).toHaveLength(report.cases.total.opened);
    expect(cases).toHaveLength(low.length);

    // The lead's board asks a query thread for cases by days, window, category, staff and state.
    const reads = server.halls.get(config.id)!.reads;
    const some = cases[7]!;
    for (const filter of [
      { from: FROM, to: TO, limit: 500 },
      { from: FROM, to: TO, limit: 10 },
      { from: some.serviceDay, to: some.serviceDay, limit: 50 },
      { windowId: some.windowId, limit: 500 },
      { categoryId: some.categoryId, staffId: some.staffId ?? undefined, from: FROM, limit: 500 },
      { state: 'verifying' as const, to: '2026-11-10', limit: 500 },
      { state: 'closed' as const, limit: 500 },
    ]) {
      const page = await reads.listCases(config.id, filter, server.halls.get(config.id)!.service.seq);
      expect(page).toEqual({ ...filterCases(cases, filter), upToSeq: report.upToSeq });
    }
    expect((await reads.listCases(config.id, { from: FROM, to: TO, limit: 10 })).more).toBe(true);
  });
});

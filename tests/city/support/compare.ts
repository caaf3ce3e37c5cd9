import { expect } from 'vitest';
import type { AdminConfigView, CityReport, StatisticsReport } from '../../../src-main/contracts';
import type { CityBed } from './city-bed';
import { aroundToday, waitFor } from './city-bed';
import { lastSeqIn, logShape, readLog } from './event-logs';
import { closeClients, connect, must } from './hall-day';

// What "the city has exactly the hall's events" means, checked the same way by every city test.

/** Resolves once the city has stored every event the township has (read from both SQLite files) and its statistics include them. */
export async function waitCaughtUp(bed: CityBed, id: string, cityToken: string, timeoutMs = 90_000): Promise<number> {
  const t = bed.township(id);
  return waitFor(
    `the city to hold all of ${id}'s events`,
    async (note) => {
      const seq = await bed.hallSeq(id);
      note({ hall: seq, cityLog: lastSeqIn(bed.cityData, id), uplink: await bed.uplinkHealth(id) });
      if (lastSeqIn(bed.cityData, id) !== seq) return undefined;
      const { from, to } = aroundToday();
      const city = await bed.cityStatistics(cityToken, from, to);
      note({ hall: seq, cityStatistics: city.upToSeq[id], complete: city.complete });
      if (city.upToSeq[id] !== seq) return undefined;
      // And nothing new since (a status or catalogue change may follow a batch).
      return (await bed.hallSeq(id)) === seq && lastSeqIn(t.dataFile, id) === seq ? seq : undefined;
    },
    timeoutMs,
    250,
  );
}

/** The city's copy of the hall's log is the hall's log: same length, no gap, every event equal. */
export function expectSameLog(bed: CityBed, id: string): number {
  const hall = readLog(bed.township(id).dataFile, id);
  const city = readLog(bed.cityData, id);
  const shape = logShape(bed.cityData, id);
  expect(hall.length).toBeGreaterThan(0);
  expect(shape).toEqual({ rows: hall.length, minSeq: 1, maxSeq: hall.length });
  expect(logShape(bed.township(id).dataFile, id)).toEqual({ rows: hall.length, minSeq: 1, maxSeq: hall.length });
  expect(city.length).toBe(hall.length);
  for (let i = 0; i < hall.length; i++) {
    // One by one, so a difference names its seq instead of dumping two logs.
    if (canonical(city[i]) !== canonical(hall[i])) expect({ seq: i + 1, city: city[i] }).toEqual({ seq: i + 1, city: hall[i] });
  }
  return hall.length;
}

/** JSON with the keys of every object sorted: equal for equal values whatever order the fields were set in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The city's statistics of the hall equal the hall's own: in total and by window. */
export async function expectSameStatistics(bed: CityBed, id: string, cityToken: string): Promise<{ hall: StatisticsReport; city: CityReport }> {
  const { from, to } = aroundToday();
  const token = await bed.hallLogin(id);
  const seq = await bed.hallSeq(id);
  const hall = await waitFor(`${id}'s own statistics up to seq ${seq}`, async () => {
    const r = await bed.hallStatistics(id, token, from, to);
    return r.upToSeq === seq && r.complete ? r : undefined;
  });
  const city = await bed.cityStatistics(cityToken, from, to);
  expect(city.upToSeq[id]).toBe(seq);
  expect(city.byHall[id]).toEqual(hall.total);
  for (const [w, figures] of Object.entries(hall.byWindow)) expect(city.byWindow[`${id}/${w}`], `window ${w}`).toEqual(figures);
  return { hall, city };
}

/** The township's live config as its admin reads it. */
export async function hallConfig(bed: CityBed, id: string): Promise<AdminConfigView> {
  const url = bed.url(id);
  const socket = await connect(url, { hallId: id, token: await bed.hallLogin(id) });
  try {
    return await must<AdminConfigView>(socket, 'config:get', {});
  } finally {
    socket.disconnect();
  }
}

export { closeClients };

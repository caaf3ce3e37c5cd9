import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityOverview } from '../../src-main/contracts';
import { CityBed, waitFor } from './support/city-bed';
import { closeClients, expectSameLog, expectSameStatistics, waitCaughtUp } from './support/compare';
import { lastSeqIn } from './support/event-logs';
import type { HourPlan } from './support/hall-day';
import { runHallHour } from './support/hall-day';

// kill -9 in the middle of an upload, on both sides. A township hall builds a backlog of several batches
// while its link is cut; the link comes back slow (a throttled proxy), so the upload takes a while. The
// hall is killed while its batches are on the way and started again on the same database; then the city
// is killed while the upload goes on, and started again on its database while the hall keeps working.
// At the end the city's copy of the hall's log is the hall's log, event by event (nothing duplicated,
// nothing missing), and the city's statistics of the hall equal the hall's own.

const A = 'township-a';
/** Bytes per second towards the city while the backlog goes up: a batch of 1,000 events takes a few seconds. */
const SLOW_LINE = 120_000;

const BACKLOG: HourPlan = {
  tickets: 640,
  categories: ['A', 'C', 'E', 'C', 'D', 'B', 'E', 'C'],
  windows: [
    { windowId: 1, staff: 'staff01' },
    { windowId: 4, staff: 'staff04' },
    { windowId: 6, staff: 'staff06' },
    { windowId: 8, staff: 'staff08' },
    { windowId: 9, staff: 'staff09' },
    { windowId: 11, staff: 'staff11' },
  ],
  wave: 40,
  waveEveryMs: 50,
  noShowEvery: 8,
  rateEvery: 2,
  transferEvery: 13,
  transferTo: 'E',
};
const WHILE_CITY_DOWN: HourPlan = { ...BACKLOG, tickets: 40, wave: 20, transferEvery: undefined };

const hallOf = (o: CityOverview, id: string) => o.halls.find((h) => h.id === id);

describe('kill -9 of the township hall and of the city during an upload', () => {
  const bed = new CityBed({ townships: [A] });
  let cityToken = '';

  beforeAll(async () => {
    await bed.start();
    cityToken = await bed.cityLogin();
  }, 120_000);

  afterAll(async () => {
    closeClients();
    await bed.stop();
  }, 30_000);

  it('ends with the city holding exactly the hall\'s events: same last seq, equal statistics, no duplicate, no gap', async () => {
    const started = Date.now();
    const step = (what: string) => console.log(`[crash +${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
    try {
      await waitFor('A online at the city', async () => ((await bed.overview(cityToken)).halls.find((h) => h.id === A)?.link === 'online' ? true : undefined));
      await waitCaughtUp(bed, A, cityToken);
      const proxy = bed.township(A).proxy;
      /** Until the next batch is partly through the proxy while the city still has `stored`: an upload under way. */
      const inFlight = async (stored: number) => {
        const bytes = proxy.bytesUp;
        await waitFor('the next batch on its way', async () => (proxy.bytesUp > bytes + 64 * 1024 ? true : undefined), 30_000, 20);
        expect(lastSeqIn(bed.cityData, A)).toBe(stored);
      };
      step(`linked`);

      // A backlog of several batches, made offline.
      proxy.cut();
      const atCut = await bed.hallSeq(A);
      await runHallHour(bed.url(A), A, BACKLOG);
      const backlogEnd = await bed.hallSeq(A);
      expect(backlogEnd - atCut).toBeGreaterThan(2500); // at least three batches of LINK_BATCH_EVENTS
      expect(lastSeqIn(bed.cityData, A)).toBe(atCut);
      step(`backlog made offline: ${backlogEnd - atCut} events`);

      // The link is back, slow. Once the city has stored part of the backlog, kill -9 the hall.
      proxy.throttle(SLOW_LINE);
      proxy.restore();
      const hallKilledWith = await waitFor('part of the backlog at the city', async () => {
        const s = lastSeqIn(bed.cityData, A);
        return s > atCut && s < backlogEnd ? s : undefined;
      }, 90_000, 50);
      await inFlight(hallKilledWith);
      await bed.killTownship(A);
      step(`hall killed with ${hallKilledWith} of ${backlogEnd} at the city`);
      const cityAfterHallKill = lastSeqIn(bed.cityData, A);
      expect(cityAfterHallKill).toBeLessThan(backlogEnd);
      expect(cityAfterHallKill).toBeGreaterThanOrEqual(hallKilledWith);

      // The hall starts again on its database: everything it had acknowledged is there, and it resumes.
      await bed.startTownship(A);
      step(`hall restarted`);
      expect(await bed.hallSeq(A)).toBeGreaterThanOrEqual(backlogEnd); // (a new service day would add its opening)
      const cityKilledWith = await waitFor('the upload to go on after the hall restarted', async () => {
        const s = lastSeqIn(bed.cityData, A);
        return s > cityAfterHallKill && s < backlogEnd ? s : undefined;
      }, 90_000, 50);

      // kill -9 of the city in the middle of it; the hall works on meanwhile.
      await inFlight(cityKilledWith);
      await bed.killCity();
      step(`city killed with ${cityKilledWith} of ${backlogEnd}`);
      const cityOnDisk = lastSeqIn(bed.cityData, A);
      expect(cityOnDisk).toBeGreaterThanOrEqual(cityKilledWith);
      expect(cityKilledWith).toBeLessThan(backlogEnd);
      await runHallHour(bed.url(A), A, WHILE_CITY_DOWN);
      const finalSeq = await bed.hallSeq(A);
      expect(finalSeq).toBeGreaterThan(backlogEnd);
      step(`the hall worked on while the city was down`);

      // The city starts again on its database, the line is fast again: the city catches up.
      await bed.startCity();
      step(`city restarted`);
      expect(lastSeqIn(bed.cityData, A)).toBeGreaterThanOrEqual(cityOnDisk); // nothing it had stored is lost
      proxy.throttle(null);
      cityToken = await bed.cityLogin();
      const seq = await waitCaughtUp(bed, A, cityToken);
      expect(seq).toBe(finalSeq);
      step(`caught up`);

      expect(expectSameLog(bed, A)).toBe(finalSeq);
      const { hall } = await expectSameStatistics(bed, A, cityToken);
      expect(hall.total.issued).toBe(BACKLOG.tickets + WHILE_CITY_DOWN.tickets);
      const o = await bed.overview(cityToken);
      expect(hallOf(o, A)).toMatchObject({ lastSeq: finalSeq, waiting: 0 });
    } catch (err) {
      console.error(bed.output());
      throw err;
    }
  }, 175_000);
});

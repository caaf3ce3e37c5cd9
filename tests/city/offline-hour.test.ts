import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueInput, CityOverview } from '../../src-main/contracts';
import { CityBed, demoCatalogue, waitFor } from './support/city-bed';
import { closeClients, expectSameLog, expectSameStatistics, hallConfig, waitCaughtUp } from './support/compare';
import { lastSeqIn } from './support/event-logs';
import type { HourPlan } from './support/hall-day';
import { runHallHour } from './support/hall-day';

// A city and three township halls, each its own server process and SQLite file, linked through proxies
// the test controls. Township A's link is cut; A goes on through an hour of hall day on its own (numbers
// issued, called, recalled, missed, transferred, served, rated) while B and C stay linked, and the city
// publishes a new catalogue. When the link is back the city catches up: its statistics of A equal A's own,
// its copy of A's log is A's log (no duplicate, no gap), and the catalogue reached A.

const A = 'township-a';
const NEW_MATTER = { id: 'A07', name: '农村集体经济组织登记', nameEn: 'Rural collective registration' };
const NEW_REASON = '窗口指引不清';

const HOUR: HourPlan = {
  tickets: 130,
  categories: ['A', 'C', 'C', 'E', 'D', 'B', 'C', 'E'],
  windows: [
    { windowId: 1, staff: 'staff01' },
    { windowId: 4, staff: 'staff04' },
    { windowId: 6, staff: 'staff06' },
    { windowId: 9, staff: 'staff09' },
    { windowId: 11, staff: 'staff11' },
  ],
  wave: 13,
  waveEveryMs: 1500,
  noShowEvery: 9,
  rateEvery: 2,
  transferEvery: 11,
  transferTo: 'E',
  pauseAfter: 5,
};

// Windows 1 (A, E), 4 (B) and 6 (C): the categories they serve.
const SMALL: HourPlan = { ...HOUR, tickets: 24, categories: ['A', 'C', 'E', 'B'], wave: 8, waveEveryMs: 500, windows: HOUR.windows.slice(0, 3), transferEvery: undefined, pauseAfter: undefined };

const hallOf = (o: CityOverview, id: string) => o.halls.find((h) => h.id === id);

describe('a township hall offline for an hour of hall day, then linked again', () => {
  const bed = new CityBed();
  let cityToken = '';

  beforeAll(async () => {
    await bed.start();
    cityToken = await bed.cityLogin();
  }, 120_000);

  afterAll(async () => {
    closeClients();
    await bed.stop();
  }, 30_000);

  it('the city ends with exactly the hall\'s events and statistics, and the catalogue published meanwhile reaches the hall', async () => {
    const ids = [...bed.townships.keys()];
    const started = Date.now();
    const step = (what: string) => console.log(`[offline-hour +${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
    try {
      // Linked: every township said hello and runs the city's first catalogue.
      await waitFor('every township online at the city, running catalogue 1', async (note) => {
        const o = await bed.overview(cityToken);
        note(o.halls.map((h) => [h.id, h.link, h.catalogue, h.lastSeq]));
        return ids.every((id) => hallOf(o, id)?.link === 'online' && hallOf(o, id)?.catalogue.version === 1) ? o : undefined;
      });
      for (const id of ids) await waitCaughtUp(bed, id, cityToken);
      step('linked and caught up');

      // The link of A drops.
      const proxy = bed.township(A).proxy;
      proxy.cut();
      const seqAtCut = await bed.hallSeq(A);
      expect(lastSeqIn(bed.cityData, A)).toBe(seqAtCut);

      // The city publishes a catalogue with a new matter and a new low-rating reason.
      const base = demoCatalogue();
      const v2: CatalogueInput = {
        ...base,
        categories: base.categories.map((c) => (c.id === 'A' ? { ...c, matters: [...(c.matters ?? []), NEW_MATTER] } : c)),
        lowRatingReasons: [...(base.lowRatingReasons ?? []), NEW_REASON],
      };
      const published = await bed.publishCatalogue(cityToken, v2);
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      step('A cut; catalogue 2 published');

      // An hour of hall day at A, offline; B and C work too, linked.
      const [hour] = await Promise.all([runHallHour(bed.url(A), A, HOUR), runHallHour(bed.url('township-b'), 'township-b', SMALL), runHallHour(bed.url('township-c'), 'township-c', SMALL)]);
      expect(hour.issued).toBe(HOUR.tickets);
      expect(hour.finished + hour.noShows).toBe(HOUR.tickets);
      expect(hour.transfers).toBeGreaterThan(0);
      expect(hour.rated).toBeGreaterThan(20);
      step('the hour of hall day is over');

      // Nothing of it reached the city, and A still runs catalogue 1.
      const seqOffline = await bed.hallSeq(A);
      expect(seqOffline - seqAtCut).toBeGreaterThan(HOUR.tickets * 4);
      expect(lastSeqIn(bed.cityData, A)).toBe(seqAtCut);
      expect(proxy.refused).toBeGreaterThan(0); // the hall kept trying
      const offlineConfig = await hallConfig(bed, A);
      expect(offlineConfig.config.evaluation.lowReasons).not.toContain(NEW_REASON);
      // B and C, linked, are at the city already (or will be shortly).
      for (const id of ['township-b', 'township-c']) await waitCaughtUp(bed, id, cityToken);
      step('B and C caught up');

      // The link is back.
      const bytesBefore = proxy.bytesUp;
      proxy.restore();
      const config = await waitFor(
        'catalogue 2 applied at A',
        async () => {
          const c = await hallConfig(bed, A);
          return c.config.evaluation.lowReasons.includes(NEW_REASON) ? c : undefined;
        },
        60_000,
        500,
      );
      expect(config.config.categories.find((c) => c.id === 'A')!.matters.map((m) => m.id)).toContain(NEW_MATTER.id);
      step('catalogue 2 applied at A');
      // Local fields stayed the hall's: its windows and accounts.
      expect(config.config.windows).toEqual(offlineConfig.config.windows);
      expect(config.accounts.map((a) => a.username)).toEqual(offlineConfig.accounts.map((a) => a.username));

      const seq = await waitCaughtUp(bed, A, cityToken);
      expect(seq).toBeGreaterThanOrEqual(seqOffline);
      expect(proxy.bytesUp).toBeGreaterThan(bytesBefore);
      step('A caught up');

      // A reports the version it runs: the city's view of it says 2, nothing refused.
      const o = await waitFor('the city to see A run catalogue 2', async () => {
        const ov = await bed.overview(cityToken);
        const a = hallOf(ov, A);
        return a?.catalogue.version === 2 && a.lastSeq === seq ? ov : undefined;
      });
      expect(hallOf(o, A)).toMatchObject({ link: 'online', catalogue: { version: 2, refused: null }, lastSeq: seq });
      expect(o.catalogueVersion).toBe(2);
      // And so does A's own /health (src-main/edge/uplink.ts UplinkHealth).
      expect(await bed.uplinkHealth(A)).toMatchObject({ running: true, connected: true, ackedSeq: seq, backlog: 0, catalogue: { version: 2, refused: null } });

      // Every township: the city's copy of its log is its log, and the statistics are equal.
      for (const id of ids) {
        const n = expectSameLog(bed, id);
        const { hall } = await expectSameStatistics(bed, id, cityToken);
        if (id === A) {
          expect(n).toBe(seq);
          expect(hall.total.issued).toBe(HOUR.tickets);
          expect(hall.total.served).toBe(hour.finished);
          expect(hall.total.noShows).toBe(hour.noShows);
          expect(hall.total.rated).toBe(hour.rated);
          expect(hall.total.lowReasons['等候时间长']).toBe(hour.ratings.dissatisfied + hour.ratings['very-dissatisfied']);
        }
      }
    } catch (err) {
      console.error(bed.output());
      throw err;
    }
  }, 170_000);
});

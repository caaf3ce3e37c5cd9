import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, StoredEvent } from '../../src-main/app/ports';
import { HallService } from '../../src-main/app/hall-service';
import type { HallCommand } from '../../src-main/domain';
import { openDatabase, SqliteHallStore } from '../../src-main/storage/sqlite';
import { ManualClock, MONDAY_9AM_BEIJING } from '../support/clock';
import { demoConfig, tempDir } from '../support/hall-fixture';

// A linked township hall as its city keeps it: the hall's own events, folded by the same evolve and
// written through the same store, must give the hall's own state, whatever order batches arrive in.

const staff: Actor = { kind: 'staff', id: 'staff01' };
const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
const HALL = demoConfig().id;

/** Live-page tokens never reach the log (secrets stay out of storage), so a mirror's tickets have none. */
const withoutTokens = (tickets: Iterable<{ token: string }>) => [...tickets].map((t) => ({ ...t, token: '' }));

describe('HallService mirror mode', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  function file(name: string): string {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    return join(tmp.dir, name);
  }

  async function township() {
    const db = openDatabase(file('township.sqlite'));
    cleanups.push(() => db.close());
    const store = new SqliteHallStore(db);
    const clock = new ManualClock(MONDAY_9AM_BEIJING);
    const service = await HallService.open(demoConfig(), store, clock);
    let n = 0;
    const run = async (cmd: HallCommand, actor: Actor = staff) => {
      const outcome = await service.execute(cmd, actor, { present: () => null });
      if (!outcome.ok) throw new Error(`${cmd.type}: ${outcome.failure.messageEn}`);
    };
    await run({ type: 'OpenWindow', windowId: 2, staffId: 'staff01' });
    for (let i = 0; i < 6; i++) {
      await run({ type: 'IssueTicket', categoryId: 'A', source: 'kiosk', token: `t-${++n}` }, kiosk);
      clock.advance(60_000);
    }
    for (let i = 0; i < 3; i++) {
      await run({ type: 'CallNext', windowId: 2 });
      clock.advance(120_000);
      await run({ type: 'FinishService', windowId: 2, matterId: 'A01' });
    }
    const events = await store.readEvents(HALL, 0, 10_000);
    return { service, events };
  }

  async function city(dbFile = file('city.sqlite')) {
    const db = openDatabase(dbFile);
    const store = new SqliteHallStore(db);
    const mirror = await HallService.openMirror(demoConfig(), store, new ManualClock(MONDAY_9AM_BEIJING));
    return { db, store, mirror, dbFile };
  }

  it('folds uploaded batches into the hall’s own state, skipping a resent batch and refusing a gap', async () => {
    const hall = await township();
    const { events } = hall;
    expect(events.length).toBeGreaterThan(10);
    const c = await city();
    cleanups.push(() => c.db.close());

    expect(await c.mirror.appendMirrored(events.slice(0, 5))).toEqual({ ok: true, lastSeq: 5 });
    // Resent (the hall did not hear the answer): nothing is stored twice.
    expect(await c.mirror.appendMirrored(events.slice(0, 5))).toEqual({ ok: true, lastSeq: 5 });
    // A gap is refused and names what comes next.
    expect(await c.mirror.appendMirrored(events.slice(7, 9))).toEqual({ ok: false, code: 'GAP', expected: 6 });
    // Overlapping: the stored part is skipped, the rest appended.
    expect(await c.mirror.appendMirrored(events.slice(3))).toEqual({ ok: true, lastSeq: events.length });

    expect(withoutTokens(c.mirror.state.tickets.values())).toEqual(withoutTokens(hall.service.state.tickets.values()));
    expect([...c.mirror.state.windows.values()]).toEqual([...hall.service.state.windows.values()]);
    expect(c.mirror.recentCalls.map((r) => r.ticketId)).toEqual(hall.service.recentCalls.map((r) => r.ticketId));
    const stored = (await c.store.readEvents(HALL, 0, 10_000)).map(({ seq, at, actor, event }) => ({ seq, at, actor, event }));
    expect(stored).toEqual(events.map(({ seq, at, actor, event }) => ({ seq, at, actor, event })));
  });

  it('keeps the mirror across a restart of the city, and decides nothing itself', async () => {
    const hall = await township();
    const c = await city();
    await c.mirror.appendMirrored(hall.events);
    c.db.close();

    const again = await city(c.dbFile);
    cleanups.push(() => again.db.close());
    expect(again.mirror.seq).toBe(hall.events.length);
    expect(withoutTokens(again.mirror.state.tickets.values())).toEqual(withoutTokens(hall.service.state.tickets.values()));
    const refused = await again.mirror.execute({ type: 'CallNext', windowId: 2 }, staff, { present: () => null });
    expect(refused).toMatchObject({ ok: false, failure: { code: 'MIRROR_ONLY' } });
    await again.mirror.rolloverIfDue();
    expect(again.mirror.seq).toBe(hall.events.length);
  });

  it('refuses an event evolve cannot take without storing any of its batch', async () => {
    const hall = await township();
    const c = await city();
    cleanups.push(() => c.db.close());
    await c.mirror.appendMirrored(hall.events.slice(0, 3));
    const bad: StoredEvent = { hallId: HALL, seq: 4, at: 1, actor: staff, requestId: null, event: { type: 'NoSuchEvent', at: 1 } as never };
    const outcome = await c.mirror.appendMirrored([bad]);
    expect(outcome.ok).toBe(false);
    expect(c.mirror.seq).toBe(3);
    expect(await c.mirror.appendMirrored(hall.events.slice(3))).toEqual({ ok: true, lastSeq: hall.events.length });
  });
});

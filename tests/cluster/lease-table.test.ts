import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseTable } from '../../src-main/cluster/lease-table';
import type { PgDb } from '../../src-main/storage/postgres';
import { openPgDatabase, PgHallStore } from '../../src-main/storage/postgres';
import { HallMovedError } from '../../src-main/app/hall-moved';
import type { FreshPgDatabase } from '../support/pg';
import { freshPgDatabase } from '../support/pg';

// The lease SQL on its own, against real PostgreSQL: one owner at a time however many try at once, a
// fencing number that grows with each new owner, renewals that only the holder of the current number gets.

describe('hall leases in PostgreSQL', () => {
  let fresh: FreshPgDatabase;
  let db: PgDb;
  beforeAll(async () => {
    fresh = await freshPgDatabase();
    db = await openPgDatabase(fresh.url, { max: 12 });
  });
  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  it('gives a free hall to exactly one of many servers trying at once', async () => {
    const table = new LeaseTable(db.pool, 3000);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => table.tryAcquire('race', `s${i}`)));
    const winners = results.filter((f) => f !== null);
    expect(winners).toEqual([1]);
    const [lease] = (await table.leases()).filter((l) => l.hallId === 'race');
    expect(lease).toMatchObject({ fence: 1, live: true });
    // A live lease is not taken, even by a server that asks again and again.
    expect(await table.tryAcquire('race', 'other')).toBeNull();
  });

  it('renews only for the holder of the current fencing number, and hands over on release or expiry', async () => {
    const short = new LeaseTable(db.pool, 300);
    const a = await short.tryAcquire('hall-x', 'a');
    expect(a).not.toBeNull();
    expect(await short.renew('a', new Map([['hall-x', a!]]))).toEqual(new Set(['hall-x']));
    expect(await short.renew('a', new Map([['hall-x', a! + 1]]))).toEqual(new Set());
    expect(await short.renew('b', new Map([['hall-x', a!]]))).toEqual(new Set());
    await new Promise((r) => setTimeout(r, 400));
    // Expired: another server takes it with the next number; the old holder can no longer renew.
    const b = await short.tryAcquire('hall-x', 'b');
    expect(b).toBe(a! + 1);
    expect(await short.renew('a', new Map([['hall-x', a!]]))).toEqual(new Set());
    await short.release('hall-x', 'b', b!);
    expect(await short.tryAcquire('hall-x', 'c')).toBe(b! + 1);
  });

  it('refuses every commit of a fenced-off owner, even one racing the takeover', async () => {
    const table = new LeaseTable(db.pool, 200);
    const fence = (await table.tryAcquire('fenced', 'old'))!;
    const held = new Map([['fenced', fence]]);
    const store = new PgHallStore(db, { fenceOf: (h) => held.get(h) });
    const batch = (seq: number) => ({
      hallId: 'fenced',
      at: 1_700_000_000_000 + seq,
      serviceDay: '2026-12-05',
      events: [{ hallId: 'fenced', seq, at: 1_700_000_000_000 + seq, actor: { kind: 'system' as const, id: 'hall' }, requestId: null, event: { type: 'DayClosed' as const, at: 1_700_000_000_000 + seq, closedDay: '2026-12-04', newDay: '2026-12-05', expiredTicketIds: [], clearedWindowIds: [] } }],
      tickets: [],
      windows: [],
    });
    await store.commit(batch(1));
    await new Promise((r) => setTimeout(r, 250));
    // 30 commits of the old owner race one takeover: each either landed before it or was refused.
    const commits = Array.from({ length: 30 }, (_, i) =>
      store.commit(batch(i + 2)).then(
        () => 'written',
        (err: unknown) => (err instanceof HallMovedError ? 'refused' : `failed: ${String(err)}`),
      ),
    );
    const takeover = table.tryAcquire('fenced', 'new');
    const outcomes = await Promise.all(commits);
    expect(await takeover).toBe(fence + 1);
    expect(outcomes.every((o) => o === 'written' || o === 'refused')).toBe(true);
    const written = outcomes.filter((o) => o === 'written').length;
    const { rows } = await db.pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM event_log WHERE hall_id = 'fenced'`);
    expect(rows[0]!.n).toBe(1 + written);
    // After the takeover nothing of the old owner gets in.
    await expect(store.commit(batch(100))).rejects.toBeInstanceOf(HallMovedError);
  });
});

import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HallMovedError, isHallMoved } from '../../../src-main/app/hall-moved';
import type { CommitBatch } from '../../../src-main/app/ports';
import type { Ticket, WindowState } from '../../../src-main/domain';
import { inTransaction, PgHallStore } from '../../../src-main/storage/postgres';
import { freshStore, grantLease, TestFences } from './pg-fixtures';

// Fencing: a server that lost a hall's lease (another server took it over and raised the fence) can never
// write to it again, even with a commit already under way; and a connection lost in the middle of a commit
// leaves nothing of it behind.

const HALL = 'fenced-hall';
const DAY = '2026-11-23';
const T0 = Date.UTC(2026, 10, 23, 1, 0, 0);

function ticket(n: number): Ticket {
  const number = `A${String(n).padStart(3, '0')}`;
  return {
    hallId: HALL, id: `${DAY}/${number}`, serviceDay: DAY, categoryId: 'A', issuedCategoryId: 'A', seq: n, number, matterId: null, source: 'kiosk',
    priorityClass: null, appointment: null, citizen: null, token: `tok-${n}`, state: 'waiting', queueKey: n, issuedAt: T0 + n, callCount: 0,
    calledAt: null, windowId: null, targetWindowId: null, servingAt: null, finishedAt: null, missedAt: null, closedAt: null, matterHandled: null,
    staffId: null, transferCount: 0, rating: null, contactMobile: null,
  };
}

const window = (id: number): WindowState => ({ hallId: HALL, id, status: 'open', staffId: `s${id}`, currentTicketId: null, pauseReason: null, pausedAt: null, openedAt: T0, priorityStreak: 0 });

/** One issued ticket: its event, its row, a window and a kept answer; `extra` more events after it. */
function batch(n: number, extra = 0): CommitBatch {
  const t = ticket(n);
  const seq = n * 1000;
  const more = Array.from({ length: extra }, (_, k) => ({
    hallId: HALL, seq: seq + 1 + k, at: T0 + n, actor: { kind: 'staff' as const, id: 's1' }, requestId: null, event: { type: 'WindowResumed' as const, at: T0 + n, windowId: 1 },
  }));
  return {
    hallId: HALL,
    at: T0 + n,
    serviceDay: DAY,
    events: [{ hallId: HALL, seq, at: T0 + n, actor: { kind: 'device', id: 'kiosk-1' }, requestId: `r${n}`, command: 'IssueTicket', result: { n }, event: { type: 'TicketIssued', at: T0 + n, ticket: t } }, ...more],
    tickets: [t],
    newTicketIds: new Set([t.id]),
    windows: [window(1 + (n % 3))],
  };
}

describe('PgHallStore fencing', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  const counts = async () => {
    const q = async (sql: string) => (await store.db.pool.query<{ n: number }>(sql, [HALL])).rows[0]!.n;
    return {
      events: await q('SELECT COUNT(*) AS n FROM event_log WHERE hall_id = $1'),
      tickets: await q('SELECT COUNT(*) AS n FROM tickets WHERE hall_id = $1'),
      windows: await q('SELECT COUNT(*) AS n FROM windows WHERE hall_id = $1'),
      results: await q('SELECT COUNT(*) AS n FROM request_results WHERE hall_id = $1'),
      halls: await q('SELECT COUNT(*) AS n FROM halls WHERE id = $1'),
    };
  };
  const NOTHING = { events: 0, tickets: 0, windows: 0, results: 0, halls: 0 };

  beforeAll(async () => {
    store = await freshStore({ max: 10 });
  });
  afterAll(() => store.close());
  beforeEach(async () => {
    // Each test starts with no rows of the hall (the log is append-only: triggers off for the cleanup only).
    await store.db.pool.query(`ALTER TABLE event_log DISABLE TRIGGER USER`);
    for (const t of ['event_log', 'tickets', 'windows', 'request_results', 'hall_leases']) await store.db.pool.query(`DELETE FROM ${t} WHERE hall_id = $1`, [HALL]);
    await store.db.pool.query(`DELETE FROM halls WHERE id = $1`, [HALL]);
    await store.db.pool.query(`ALTER TABLE event_log ENABLE TRIGGER USER`);
  });

  it('writes with the fence it holds; with a stale fence, no lease row or no lease of its own it throws HallMovedError and writes nothing', async () => {
    await grantLease(store.db, HALL, 2);
    const stale = new PgHallStore(store.db, new TestFences({ [HALL]: 1 }));
    const err = await Promise.resolve(stale.commit(batch(1))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HallMovedError);
    expect(isHallMoved(err)).toBe(true);
    expect((err as HallMovedError).hallId).toBe(HALL);
    expect(String(err)).toMatch(/fence is 2, this server's is 1/);
    expect(await counts()).toEqual(NOTHING);

    await expect(new PgHallStore(store.db, new TestFences()).commit(batch(1))).rejects.toThrow(/holds no lease/);
    await expect(new PgHallStore(store.db, new TestFences({ 'other-hall': 2 })).commit({ ...batch(1), hallId: 'other-hall' })).rejects.toThrow(HallMovedError);
    expect(await counts()).toEqual(NOTHING);

    await new PgHallStore(store.db, new TestFences({ [HALL]: 2 })).commit(batch(1));
    expect(await counts()).toEqual({ events: 1, tickets: 1, windows: 1, results: 1, halls: 1 });
  });

  /**
   * 50 commits of the old owner and one takeover by the new owner's connection, which locks the lease row
   * (waiting for commits that hold it), counts what landed, raises the fence. `serial`: one commit after the
   * other, as a HallService sends them; otherwise all at once on the pool's 10 connections.
   */
  async function race(serial: boolean) {
    await grantLease(store.db, HALL, 1);
    const old = new PgHallStore(store.db, new TestFences({ [HALL]: 1 }));
    // Ready before the commits start, so the takeover lands among them.
    const other = new pg.Client({ connectionString: store.fresh.url });
    await other.connect();
    await other.query('BEGIN');
    let landed = 0;
    const one = (n: number) =>
      // Batches of 300 events, as a busy hall's are: each commit takes a few milliseconds.
      Promise.resolve(old.commit(batch(n, 299))).then(
        () => (landed++, { n, ok: true as const }),
        (err: unknown) => ({ n, ok: false as const, err }),
      );
    const numbers = Array.from({ length: 50 }, (_, i) => i + 1);
    const all = serial
      ? (async () => {
          const out = [];
          for (const n of numbers) out.push(await one(n));
          return out;
        })()
      : Promise.all(numbers.map(one));
    while (landed < 5) await new Promise((r) => setTimeout(r, 1));
    await other.query('SELECT fence FROM hall_leases WHERE hall_id = $1 FOR UPDATE', [HALL]);
    const atTakeover = Number((await other.query('SELECT COUNT(*) AS n FROM tickets WHERE hall_id = $1', [HALL])).rows[0].n);
    await other.query(`UPDATE hall_leases SET fence = fence + 1, owner = 'new-owner' WHERE hall_id = $1`, [HALL]);
    await other.query('COMMIT');
    await other.end();

    const outcomes = await all;
    const ok = outcomes.filter((o) => o.ok).map((o) => o.n);
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused.every((o) => !o.ok && isHallMoved(o.err))).toBe(true);
    expect(ok.length).toBeGreaterThanOrEqual(5);
    // Nothing landed after the takeover counted it.
    expect(ok.length).toBe(atTakeover);
    const sorted = [...ok].sort((a, b) => a - b);
    const tickets = (await store.db.pool.query<{ seq: number }>('SELECT seq FROM tickets WHERE hall_id = $1 ORDER BY seq', [HALL])).rows.map((r) => r.seq);
    expect(tickets).toEqual(sorted);
    // Every landed batch whole (its 300 events), nothing of a refused one.
    const events = (await store.db.pool.query<{ n: number; k: number }>('SELECT seq / 1000 AS n, COUNT(*) AS k FROM event_log WHERE hall_id = $1 GROUP BY 1 ORDER BY 1', [HALL])).rows;
    expect(events).toEqual(sorted.map((n) => ({ n, k: 300 })));
    const results = (await store.db.pool.query<{ seq: number }>('SELECT seq / 1000 AS seq FROM request_results WHERE hall_id = $1 ORDER BY seq', [HALL])).rows.map((r) => r.seq);
    expect(results).toEqual(sorted);
    // And the old owner stays out.
    await expect(old.commit(batch(99))).rejects.toThrow(HallMovedError);
    return { ok: ok.length, refused: refused.length };
  }

  it('a takeover racing 50 commits sent one after the other: those before it landed whole, every later one was refused', async () => {
    const { ok, refused } = await race(true);
    expect(ok + refused).toBe(50);
    expect(refused).toBeGreaterThan(0);
  });

  it('a takeover racing 50 commits at once on 10 connections: each landed whole before it, or was refused whole', async () => {
    // Key-share lockers may overtake a waiting FOR UPDATE, so here the takeover may come after them all;
    // what must hold is that none lands after it and none lands in part.
    const { ok, refused } = await race(false);
    expect(ok + refused).toBe(50);
  });

  it('a connection dropped in the middle of a commit leaves nothing half written; the store goes on with a new connection', async () => {
    await grantLease(store.db, HALL, 1);
    const hallStore = new PgHallStore(store.db, new TestFences({ [HALL]: 1 }));
    await hallStore.commit(batch(1));
    // Hold the windows table so the next commit stops part-way (after its event; where exactly depends on the
    // server version: tickets' foreign key to windows may already wait), then cut it off.
    const blocker = new pg.Client({ connectionString: store.fresh.url });
    // Watched from a connection outside any transaction: inside one, pg_stat_activity is read once and then
    // kept, so a blocker polling it would never see the commit arrive at the lock.
    const watcher = new pg.Client({ connectionString: store.fresh.url });
    await blocker.connect();
    await watcher.connect();
    try {
      const blockerPid = Number((await blocker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE windows IN EXCLUSIVE MODE');
      const pending = Promise.resolve(hallStore.commit(batch(2))).catch((e: unknown) => e);
      let pid: number | undefined;
      for (let i = 0; i < 2000 && pid === undefined; i++) {
        const { rows } = await watcher.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO %' AND pid NOT IN (pg_backend_pid(), $1)`,
          [blockerPid],
        );
        pid = rows[0]?.pid as number | undefined;
        if (pid === undefined) await new Promise((r) => setTimeout(r, 5));
      }
      expect(pid).toBeDefined();
      // The commit is inside its transaction, with its first rows written, when it is cut off.
      const inside = await watcher.query(`SELECT xact_start FROM pg_stat_activity WHERE pid = $1`, [pid]);
      expect(inside.rows[0].xact_start).not.toBeNull();
      await watcher.query('SELECT pg_terminate_backend($1)', [pid]);
      const err = await pending;
      expect(err).toBeInstanceOf(Error);
      expect(isHallMoved(err)).toBe(false);
      await blocker.query('COMMIT');
    } finally {
      // A failed expectation must not leave the windows table locked for the tests after this one.
      await blocker.end();
      await watcher.end();
    }
    expect(await counts()).toEqual({ events: 1, tickets: 1, windows: 1, results: 1, halls: 1 });
    // The broken client was thrown away: the same batch commits now.
    await hallStore.commit(batch(2));
    expect(await counts()).toEqual({ events: 2, tickets: 2, windows: 2, results: 2, halls: 1 });
  });

  it('idle connections that break do not crash the process; the pool opens new ones', async () => {
    await Promise.all(Array.from({ length: 5 }, () => store.db.pool.query('SELECT pg_sleep(0.01)')));
    expect(store.db.pool.idleCount).toBeGreaterThan(0);
    const admin = new pg.Client({ connectionString: store.fresh.url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'hq-test' AND pid <> pg_backend_pid()`);
    await admin.end();
    await new Promise((r) => setTimeout(r, 100));
    expect((await store.db.pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('inTransaction rolls back what fn wrote when it throws', async () => {
    await expect(
      inTransaction(store.db.pool, async (c) => {
        await c.query(`INSERT INTO halls (id, service_day, updated_at) VALUES ($1, $2, 0)`, [HALL, DAY]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await counts()).halls).toBe(0);
  });
});

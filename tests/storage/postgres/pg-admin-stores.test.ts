import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../../src-main/contracts';
import type { AccountRecord, DeviceRecord } from '../../../src-main/app/ports';
import type { PgStores } from '../../../src-main/storage/postgres';
import { pgStores } from '../../../src-main/storage/postgres';
import type { Db } from '../../../src-main/storage/sqlite';
import { openDatabase, SqliteAccountStore, SqliteAlertStore, SqliteConfigStore, SqliteDeviceReportLog, SqliteHallStore, SqlitePrivacyStore } from '../../../src-main/storage/sqlite';
import type { Booking, RatingCase, Ticket } from '../../../src-main/domain';
import { freshStore, grantLease, TestFences } from './pg-fixtures';

// Accounts, configs, alerts, the privacy purge and device reports: the same calls on SQLite and PostgreSQL
// give the same answers.

const H = 'h1';

describe('PostgreSQL admin-side stores behave as the SQLite ones', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let sqliteDb: Db;
  let pg: PgStores;
  const errors: unknown[] = [];

  beforeAll(async () => {
    store = await freshStore();
    sqliteDb = openDatabase(':memory:');
    pg = pgStores(store.db, new TestFences({ [H]: 1 }), (e) => errors.push(e));
  });
  afterAll(async () => {
    sqliteDb.close();
    await store.close();
  });

  it('accounts, devices and sessions', async () => {
    const sqlite = new SqliteAccountStore(sqliteDb);
    const acc = (username: string, role: AccountRecord['role'] = 'staff'): AccountRecord => ({ hallId: H, username, displayName: `名 ${username}`, role, passwordHash: `scrypt$${username}` });
    const dev = (id: string, windowId: number | null = null): DeviceRecord => ({ hallId: H, id, kind: windowId ? 'window-display' : 'kiosk', name: id === 'k1' ? null : `屏 ${id}`, keyHash: `hash-${id}`, windowId });
    const both = async <T>(f: (s: SqliteAccountStore | PgStores['accounts']) => T | Promise<T>) => {
      const want = await f(sqlite);
      expect(await f(pg.accounts)).toEqual(want);
      return want;
    };
    // Byte order, as SQLite sorts: capitals before small letters, '-' before digits.
    await both((s) => s.syncAccounts(H, [acc('zhang'), acc('Admin', 'admin'), acc('li-2'), acc('li1', 'supervisor')]));
    expect((await both((s) => s.listAccounts(H))).map((a) => a.username)).toEqual(['Admin', 'li-2', 'li1', 'zhang']);
    for (const [token, user] of [['t1', 'zhang'], ['t2', 'li1'], ['t3', 'zhang'], ['t4', 'li-2']] as const) {
      await both((s) => s.createSession({ tokenHash: token, hallId: H, username: user, createdAt: 1_764_000_000_000, expiresAt: 1_764_000_000_000 + 3_600_000 }));
    }
    await both((s) => s.findSession('t1'));
    await both((s) => s.deleteSession('t1'));
    await both((s) => s.findSession('t1'));
    await both((s) => s.deleteSessionsOf(H, 'li-2'));
    await both((s) => s.findSession('t4'));
    // An account left out of the config loses its sessions; a changed one is updated.
    await both((s) => s.syncAccounts(H, [acc('zhang', 'supervisor'), acc('Admin', 'admin')]));
    await both((s) => s.listAccounts(H));
    await both((s) => s.findSession('t2'));
    await both((s) => s.findSession('t3'));
    await both((s) => s.findAccount(H, 'zhang'));
    await both((s) => s.findAccount(H, 'li1'));
    await both((s) => s.syncAccounts(H, []));
    await both((s) => s.listAccounts(H));
    await both((s) => s.syncDevices(H, [dev('k1'), dev('w3', 3), dev('d1')]));
    await both((s) => s.findDevice(H, 'k1'));
    await both((s) => s.findDevice(H, 'w3'));
    await both((s) => s.syncDevices(H, [dev('w3', 4)]));
    await both((s) => s.findDevice(H, 'w3'));
    expect(await both((s) => s.findDevice(H, 'k1'))).toBeUndefined();
  });

  it('config versions', async () => {
    const sqlite = new SqliteConfigStore(sqliteDb);
    const both = async <T>(f: (s: SqliteConfigStore | PgStores['configs']) => T | Promise<T>) => {
      const want = await f(sqlite);
      expect(await f(pg.configs)).toEqual(want);
      return want;
    };
    expect(await both((s) => s.latestConfig(H))).toBeUndefined();
    const v = (source: 'file' | 'admin', n: number) => ({ hallId: H, at: 1_764_000_000_000 + n, actor: { kind: 'admin' as const, id: 'root' }, source, fileDigest: source === 'file' ? `sha-${n}` : null, config: { id: H, name: `大厅 ${n}`, n, nested: { list: [1, '二', null] } } });
    expect(await both((s) => s.saveConfig(v('file', 1)))).toBe(1);
    expect(await both((s) => s.saveConfig(v('admin', 2)))).toBe(2);
    await both((s) => s.latestConfig(H));
    await both((s) => s.latestFileVersion(H));
    // Two saves at once (a server starting while another still runs the hall) get consecutive versions.
    const [a, b] = await Promise.all([pg.configs.saveConfig(v('admin', 3)), pg.configs.saveConfig(v('admin', 4))]);
    expect([a, b].sort()).toEqual([3, 4]);
  });

  it('alerts', async () => {
    const sqlite = new SqliteAlertStore(sqliteDb);
    const both = async <T>(f: (s: SqliteAlertStore | PgStores['alerts']) => T | Promise<T>) => {
      const want = await f(sqlite);
      expect(await f(pg.alerts)).toEqual(want);
      return want;
    };
    const alert = (i: number): Omit<AlertView, 'id'> => ({
      key: `wait:A00${i}`, kind: (['wait', 'service', 'pause', 'device'] as const)[i % 4]!, level: i % 2 ? 'red' : 'yellow', subject: `A00${i}`, message: `等待过长 ${i}`, messageEn: `waiting ${i}`,
      since: 1_000 + i, raisedAt: 2_000 + (i % 3) * 10, escalatedAt: null, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, ackNote: null,
    });
    for (let i = 0; i < 8; i++) expect(await both((s) => s.insert(H, alert(i)))).toBe(i + 1);
    const one = (await both((s) => s.get(H, 3)))!;
    await both((s) => s.update(H, { ...one, level: 'red', escalatedAt: 2_100, clearedAt: 2_200 }));
    const two = (await both((s) => s.get(H, 4)))!;
    await both((s) => s.update(H, { ...two, clearedAt: 2_300, acknowledgedAt: 2_400, acknowledgedBy: 'jiandu', ackNote: '已处理' }));
    await both((s) => s.openAlerts(H, 0));
    await both((s) => s.openAlerts(H, 2_015));
    await both((s) => s.list(H, 2_000, 2_015));
    await both((s) => s.list(H, 0, 10_000));
    expect(await both((s) => s.get(H, 99))).toBeUndefined();
    expect(await both((s) => s.get('other', 1))).toBeUndefined();
  });

  it('the privacy purge takes ID hashes and mobiles of days before the cut-off, in bounded steps', async () => {
    await grantLease(store.db, H);
    const ticket = (day: string, n: number, personal: boolean): Ticket => {
      const number = `A${String(n).padStart(3, '0')}`;
      return {
        hallId: H, id: `${day}/${number}`, serviceDay: day, categoryId: 'A', issuedCategoryId: 'A', seq: n, number, matterId: null, source: 'remote', priorityClass: null,
        appointment: null, citizen: personal ? { maskedName: '张*', maskedId: '1****************0', idHash: `hash-${day}-${n}` } : null, token: `t-${day}-${n}`,
        state: 'finished', queueKey: n, issuedAt: 0, callCount: 1, calledAt: null, windowId: null, targetWindowId: null, servingAt: null, finishedAt: null,
        missedAt: null, closedAt: null, matterHandled: null, staffId: null, transferCount: 0, rating: null, contactMobile: personal ? '13900139000' : null,
      };
    };
    const booking = (day: string, n: number): Booking => ({
      hallId: H, id: `b-${day}-${n}`, code: String(100000 + n), token: `bt-${n}`, categoryId: 'C', matterId: null, day, slotStart: 0, slotEnd: 1, maskedName: '李*',
      maskedId: '1****************0', idHash: `bh-${n}`, mobile: '13800138000', state: 'checked-in', createdAt: 0, checkedInAt: null, ticketId: null, remindedAt: null, closedAt: null,
    });
    const days = ['2026-10-01', '2026-10-02', '2026-11-20'];
    const tickets = days.flatMap((d) => [1, 2, 3, 4].map((n) => ticket(d, n, n !== 4)));
    const bookings = days.flatMap((d) => [1, 2].map((n) => booking(d, n + days.indexOf(d) * 10)));
    // Bad-rating cases keep the callback number while open; a closed one loses it with the retention.
    const kase = (day: string, n: number, state: 'closed' | 'rectifying'): RatingCase => ({
      id: `${day}/A00${n}`, hallId: H, number: `A00${n}`, serviceDay: day, categoryId: 'A', matterId: null, windowId: 1, staffId: 'staff01', teamId: null,
      level: 'dissatisfied', reasons: [], comment: null, channel: 'window', mobile: '13700137000', token: '', state, outcome: state === 'closed' ? 'rectified' : null,
      openedAt: 1, warnAt: 2, dueAt: 3, verification: null, rectification: null, callback: null, answeredAt: null, appeal: null, closedAt: state === 'closed' ? 4 : null, history: [],
    });
    const cases = [kase('2026-10-01', 1, 'closed'), kase('2026-10-02', 1, 'rectifying'), kase('2026-11-20', 1, 'closed')];
    const batch = { hallId: H, at: 0, serviceDay: '2026-11-20', events: [], tickets, windows: [], bookings, cases, newTicketIds: new Set(tickets.map((t) => t.id)) };
    new SqliteHallStore(sqliteDb).commit(batch);
    await pg.hall.commit(batch);
    const sqlite = new SqlitePrivacyStore(sqliteDb);
    const steps: Array<[Record<string, number>, Record<string, number>]> = [];
    for (let i = 0; i < 4; i++) steps.push([sqlite.purgeIdHashes(H, '2026-11-01', 4), await pg.privacy.purgeIdHashes(H, '2026-11-01', 4)]);
    for (const [want, got] of steps) expect(got).toEqual(want);
    expect(steps.map(([w]) => w)).toEqual([
      { tickets: 4, bookings: 4, cases: 1 },
      { tickets: 2, bookings: 0, cases: 0 },
      { tickets: 0, bookings: 0, cases: 0 },
      { tickets: 0, bookings: 0, cases: 0 },
    ]);
    const mobiles = `SELECT id, mobile FROM rating_cases WHERE hall_id = '${H}' ORDER BY id`;
    expect(sqliteDb.prepare(mobiles).all()).toEqual([
      { id: '2026-10-01/A001', mobile: null },
      { id: '2026-10-02/A001', mobile: '13700137000' },
      { id: '2026-11-20/A001', mobile: '13700137000' },
    ]);
    expect((await store.db.pool.query(mobiles)).rows).toEqual(sqliteDb.prepare(mobiles).all());
    const sqliteHall = new SqliteHallStore(sqliteDb).loadHall(H, 5);
    const pgHall = await pg.hall.loadHall(H, 5);
    expect(pgHall).toEqual(sqliteHall);
    const kept = await store.db.pool.query(`SELECT id FROM tickets WHERE hall_id = $1 AND citizen_id_hash IS NOT NULL ORDER BY id`, [H]);
    expect(kept.rows.map((r) => r.id)).toEqual(['2026-11-20/A001', '2026-11-20/A002', '2026-11-20/A003']);
    // A later update of a purged ticket does not bring its hash back (it is not among the columns an update writes).
    await pg.hall.commit({ ...batch, tickets: [{ ...tickets[0]!, state: 'finished', callCount: 2 }], bookings: [], newTicketIds: new Set() });
    const row = await store.db.pool.query(`SELECT citizen_id_hash, contact_mobile, call_count FROM tickets WHERE hall_id = $1 AND id = $2`, [H, tickets[0]!.id]);
    expect(row.rows[0]).toEqual({ citizen_id_hash: null, contact_mobile: null, call_count: 2 });
  });

  it('device reports: append does not wait or throw, failures go to the callback, reports read back in order', async () => {
    const sqlite = new SqliteDeviceReportLog(sqliteDb);
    const reports = [
      { hallId: H, at: 10, deviceId: 'k1', kind: 'status' as const, data: { printer: 'ok', reader: 'ok' } },
      { hallId: H, at: 10, deviceId: 'k1', kind: 'print-failed' as const, data: { number: 'A017', code: 'PAPER_OUT' } },
      { hallId: H, at: 12, deviceId: 'k2', kind: 'offline' as const, data: {} },
      { hallId: 'other', at: 11, deviceId: 'k9', kind: 'status' as const, data: {} },
    ];
    for (const r of reports) {
      sqlite.append(r);
      expect(pg.deviceReports.append(r)).toBeUndefined();
    }
    await pg.deviceReports.flush();
    expect(await pg.deviceReports.since(H, 0)).toEqual(sqlite.since(H, 0));
    expect(await pg.deviceReports.since(H, 11)).toEqual(sqlite.since(H, 11));
    expect(errors).toEqual([]);
    pg.deviceReports.append({ hallId: H, at: 13, deviceId: 'k1', kind: 'nonsense' as never, data: {} });
    await pg.deviceReports.flush();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/check constraint/);
  });
});

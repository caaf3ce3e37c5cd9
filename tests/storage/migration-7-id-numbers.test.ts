import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HallService } from '../../src-main/app/hall-service';
import { citizenRequestScope, hashIdNumber } from '../../src-main/app/identity';
import type { Actor } from '../../src-main/app/ports';
import type { HallCommand } from '../../src-main/domain';
import { maskIdNumber } from '../../src-main/domain';
import { gb11643CheckCharacter } from '../../src-main/domain/identity/gb11643';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import { IdHashKeyError, keyMover, loadIdHashKey } from '../../src-main/hall/id-hash-key';
import { migrate, openDatabase, SCHEMA_VERSION, SqliteConfigStore, SqliteHallStore } from '../../src-main/storage/sqlite';
import { ManualClock } from '../support/clock';
import { demoConfig, tempDir } from '../support/hall-fixture';
import { attack, searchSpace } from './id-number-attacker';

// A database written by the code before migration 7 (schema 6, the old 6+4 masks, the key in the stored
// config, citizens' actor ids cut from their ID hash), upgraded, then attacked with the key.

const OLD_KEY = 'an-old-hall-key-that-was-stored-in-the-config-0123';
const bj = (day: string, hhmm: string) => zonedEpoch(day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), 'Asia/Shanghai');
const OFFICE = { periods: [['09:00', '12:00'], ['14:00', '17:00']] as [string, string][], lastTicket: '16:30' };

/** Valid 18-character numbers from three regions, birth dates across a century. */
const ID_NUMBERS = ['110101', '310104', '440305', '110101', '510104', '320102'].map((region, i) => {
  const first17 = `${region}${1940 + i * 13}${String(1 + i).padStart(2, '0')}${String(3 + i * 4).padStart(2, '0')}${String(17 + i * 101).padStart(3, '0')}`;
  return first17 + gb11643CheckCharacter(first17)!;
});
/** The mask as the hall wrote it before migration 7: first 6 and last 4. */
const oldMask = (n: string) => `${n.slice(0, 6)}********${n.slice(-4)}`;
const oldCitizen = (n: string) => ({ maskedName: '张*', maskedId: oldMask(n), idHash: hashIdNumber(n, OLD_KEY) });

const config = demoConfig((c) => {
  c.openingHours = { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: { periods: [] }, sun: { periods: [] } };
});

/** What the old handlers did: a booking or remote ticket per citizen, the actor cut from the ID hash. */
async function writeOldDatabase(file: string): Promise<void> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, 6);
  // Today's store also writes the rating columns of migration 9; the old code had none. They are there while
  // it writes (all empty: nothing is rated here) and gone before the test, so the file is schema 6 as it was.
  db.exec(`ALTER TABLE tickets ADD COLUMN rating_channel TEXT; ALTER TABLE tickets ADD COLUMN rating_real_name INTEGER;
           CREATE TABLE rating_cases (hall_id TEXT, id TEXT, state TEXT, window_id INTEGER, staff_id TEXT, team_id TEXT, category_id TEXT, level TEXT,
             real_name INTEGER, opened_at INTEGER, due_at INTEGER, answered_at INTEGER, closed_at INTEGER, outcome TEXT, callback_answer TEXT, mobile TEXT, body TEXT)`);
  // The old hall stored its config (and with it the key) in the database.
  new SqliteConfigStore(db).saveConfig({ hallId: config.id, at: bj('2026-11-23', '08:00'), actor: { kind: 'system', id: 'system' }, source: 'file', fileDigest: null, config: { ...config, secrets: { idHashKey: OLD_KEY } } });
  const clock = new ManualClock(bj('2026-11-23', '09:05'));
  const service = await HallService.open(config, new SqliteHallStore(db), clock);
  const run = (cmd: HallCommand, actor: Actor, requestId: string, answer: unknown) => service.execute(cmd, actor, { requestId, present: () => answer });
  for (const [i, n] of ID_NUMBERS.entries()) {
    const citizen = oldCitizen(n);
    const actor: Actor = { kind: 'citizen', id: citizen.idHash.slice(0, 24) };
    if (i % 2 === 0) {
      const booked = await run(
        { type: 'MakeBooking', bookingId: `booking-${i}`, code: String(200000 + i), token: `token-${i}-xxxxxxxxxxxxxxxx`, categoryId: 'C', slotStart: bj('2026-11-24', '10:00'), citizen, mobile: '13800138000' },
        actor,
        `book-${i}`,
        { maskedId: citizen.maskedId },
      );
      expect(booked).toMatchObject({ ok: true });
    } else {
      const issued = await run({ type: 'IssueTicket', categoryId: 'A', source: 'remote', citizen, contactMobile: '13900139000', token: `t-${i}-xxxxxxxxxxxxxxxxxxx` }, actor, `remote-${i}`, { maskedId: citizen.maskedId });
      expect(issued).toMatchObject({ ok: true });
    }
  }
  // A cancellation by its citizen, under the same derived actor.
  const cancelled = await run({ type: 'CancelBooking', bookingId: 'booking-4' }, { kind: 'citizen', id: hashIdNumber(ID_NUMBERS[4]!, OLD_KEY).slice(0, 24) }, 'cancel-4', null);
  expect(cancelled).toMatchObject({ ok: true });
  await service.drain();
  expect(db.prepare(`SELECT COUNT(*) FROM tickets WHERE rating_channel IS NOT NULL OR rating_real_name IS NOT NULL`).pluck().get()).toBe(0);
  db.exec(`ALTER TABLE tickets DROP COLUMN rating_channel; ALTER TABLE tickets DROP COLUMN rating_real_name; DROP TABLE rating_cases`);
  db.close();
}

const bytesOf = (file: string) => Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);

describe('migration 7: no ID number recoverable from the database file', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const tmp = () => {
    const t = tempDir('hall-m7-');
    cleanups.push(t.cleanup);
    return t.dir;
  };

  it('the attacker is real: from a database before the migration it recovers every number with the key', async () => {
    const dir = tmp();
    const file = join(dir, 'old.sqlite');
    await writeOldDatabase(file);
    const bytes = bytesOf(file);
    expect(bytes.includes(OLD_KEY)).toBe(true);
    const found = attack(bytes, OLD_KEY);
    expect([...found.recovered].sort()).toEqual([...ID_NUMBERS].sort());
  });

  it('moves the key out, narrows every mask, replaces derived actor ids, and leaves nothing to brute-force in the file or its WAL', async () => {
    const dir = tmp();
    const file = join(dir, 'hall.sqlite');
    await writeOldDatabase(file);
    copyFileSync(file, join(dir, 'before.sqlite'));

    const db = openDatabase(file, { moveIdHashKey: keyMover([config], file) });
    cleanups.push(() => db.close());
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);

    // The key: now in the file the config names (owner-only), and nowhere in the database.
    const keyFile = join(dir, 'demo-county.id-hash.key');
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(OLD_KEY);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadIdHashKey(config, file, {})).toBe(OLD_KEY);
    const stored = db.prepare(`SELECT config FROM config_versions`).pluck().all() as string[];
    expect(stored.every((c) => !c.includes(OLD_KEY) && !c.includes('idHashKey'))).toBe(true);

    // Masks show the first and last character only, wherever they are kept.
    const masks = [
      ...(db.prepare(`SELECT citizen_masked_id FROM tickets WHERE citizen_masked_id IS NOT NULL`).pluck().all() as string[]),
      ...(db.prepare(`SELECT masked_id FROM bookings`).pluck().all() as string[]),
    ];
    expect(masks.sort()).toEqual(ID_NUMBERS.map((n) => `${n[0]}${'*'.repeat(16)}${n[17]}`).sort());
    // Even knowing the key, each mask leaves at least 10^12 numbers to try (region, birth date, sequence).
    for (const m of masks) expect(searchSpace(m)).toBeGreaterThan(1e12);

    // Citizens' actors: their booking's id, or a random one; none is cut from an ID hash.
    const actors = db.prepare(`SELECT type, actor_id FROM event_log WHERE actor_kind = 'citizen' ORDER BY seq`).all() as Array<{ type: string; actor_id: string }>;
    expect(actors.map((a) => a.type)).toEqual(['BookingMade', 'TicketIssued', 'BookingMade', 'TicketIssued', 'BookingMade', 'TicketIssued', 'BookingCancelled']);
    expect(actors.filter((a) => a.type !== 'TicketIssued').map((a) => a.actor_id)).toEqual(['booking-0', 'booking-2', 'booking-4', 'booking-4']);
    const hashes = ID_NUMBERS.map((n) => hashIdNumber(n, OLD_KEY));
    for (const a of actors) expect(hashes.some((h) => h.startsWith(a.actor_id))).toBe(false);
    // The log is append-only again.
    expect(() => db.prepare(`UPDATE event_log SET actor_id = 'x'`).run()).toThrow(/append-only/);

    // The hall goes on with what needed the hashes: a retry of a booking answered from memory, the
    // one-open-booking-per-citizen rule, and finding a citizen's booking by the hash of their card.
    const clock = new ManualClock(bj('2026-11-23', '09:30'));
    const service = await HallService.open(config, new SqliteHallStore(db), clock);
    const key = loadIdHashKey(config, file, {});
    const citizen = { maskedName: '张*', maskedId: 'ignored', idHash: hashIdNumber(ID_NUMBERS[0]!, key) };
    const book = { type: 'MakeBooking', bookingId: 'booking-new', code: '300000', token: 'token-new-xxxxxxxxxxxxxxxx', categoryId: 'C', slotStart: bj('2026-11-24', '10:00'), citizen, mobile: '13800138000' } as const;
    const retry = await service.execute(book, { kind: 'citizen', id: 'booking-new' }, { requestId: 'book-0', requestScope: citizenRequestScope(citizen.idHash, 'book-0'), present: () => 'new answer' });
    expect(retry).toMatchObject({ ok: true, replayed: true, data: { maskedId: `1${'*'.repeat(16)}${ID_NUMBERS[0]![17]}` } });
    const again = await service.execute(book, { kind: 'citizen', id: 'booking-new' }, { requestId: 'book-again', requestScope: citizenRequestScope(citizen.idHash, 'book-again'), present: () => null });
    expect(again).toMatchObject({ ok: false, failure: { code: 'ALREADY_BOOKED' } });
    const byCard = [...service.state.book.bookings.values()].filter((b) => b.idHash === hashIdNumber(ID_NUMBERS[2]!, key));
    expect(byCard.map((b) => b.id)).toEqual(['booking-2']);

    // New writes (in the WAL until the next checkpoint) carry the new mask and a hash made with the key.
    const later = ID_NUMBERS[1]!;
    const made = await service.execute(
      { ...book, bookingId: 'booking-after', code: '300001', token: 'token-after-xxxxxxxxxxxxxx', citizen: { maskedName: '张*', maskedId: maskIdNumber(later), idHash: hashIdNumber(later, key) } },
      { kind: 'citizen', id: 'booking-after' },
      { present: () => null },
    );
    expect(made).toMatchObject({ ok: true });
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

    // The attacker, with the key, over the file and its WAL: nothing. The old database gave everything.
    const bytes = bytesOf(file);
    for (const n of ID_NUMBERS) expect(bytes.includes(n)).toBe(false);
    for (const n of ID_NUMBERS) expect(bytes.includes(oldMask(n))).toBe(false);
    expect(bytes.includes(OLD_KEY)).toBe(false);
    const found = attack(bytes, OLD_KEY);
    expect(found.recovered.size).toBe(0);
    expect(found.tooLarge).toBeGreaterThan(0);
    expect(attack(bytesOf(join(dir, 'before.sqlite')), OLD_KEY).recovered.size).toBe(ID_NUMBERS.length);
  });

  it('refuses, changing nothing, when the key file already holds another key; the database key is put aside for the operator', async () => {
    const dir = tmp();
    const file = join(dir, 'hall.sqlite');
    await writeOldDatabase(file);
    const keyFile = join(dir, 'demo-county.id-hash.key');
    writeFileSync(keyFile, 'another-key-another-key-another-key-0000\n', { mode: 0o600 });
    expect(() => openDatabase(file, { moveIdHashKey: keyMover([config], file) })).toThrow(IdHashKeyError);
    expect(readFileSync(`${keyFile}.from-database`, 'utf8').trim()).toBe(OLD_KEY);
    const db = new Database(file, { readonly: true });
    cleanups.push(() => db.close());
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(String(db.prepare(`SELECT config FROM config_versions`).pluck().get())).toContain(OLD_KEY);
  });

  it('refuses to run without a place for the key rather than lose it', async () => {
    const dir = tmp();
    const file = join(dir, 'hall.sqlite');
    await writeOldDatabase(file);
    expect(() => openDatabase(file)).toThrow(/migration 7 moves the ID hash key out of the database/);
  });
});

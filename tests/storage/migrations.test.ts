import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, SCHEMA_VERSION } from '../../src-main/storage/sqlite';
import { tempDir } from '../support/hall-fixture';

describe('SQLite setup', () => {
  it('uses WAL with synchronous=FULL and tracks migrations in user_version', () => {
    const tmp = tempDir();
    const db = openDatabase(join(tmp.dir, 'a.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    migrate(db); // idempotent
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    tmp.cleanup();
  });

  it('refuses a database from a newer version of the program', () => {
    const tmp = tempDir();
    const file = join(tmp.dir, 'b.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer than this program/);
    tmp.cleanup();
  });

  it('the database itself refuses a second ticket with the same number on the same day', () => {
    const db = openDatabase(':memory:');
    const insert = db.prepare(
      `INSERT INTO tickets (hall_id, id, service_day, number, seq, category_id, issued_category_id, source, token, state, queue_key, issued_at, call_count, transfer_count)
       VALUES ('h', ?, '2026-11-23', 'A001', 1, 'A', 'A', 'kiosk', ?, 'waiting', 1, 0, 0, 0)`,
    );
    insert.run('2026-11-23/A001', 't1');
    expect(() => insert.run('2026-11-23/A001', 't2')).toThrow(/UNIQUE/);
    expect(() => insert.run('2026-11-23/A002', 't3')).toThrow(/CHECK/);
    db.close();
  });
});

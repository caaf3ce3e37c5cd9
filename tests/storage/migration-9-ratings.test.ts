import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, SCHEMA_VERSION } from '../../src-main/storage/sqlite';
import { rowToTicket } from '../../src-main/storage/sqlite/ticket-rows';
import type { TicketRow } from '../../src-main/storage/sqlite/ticket-rows';

// Migration 9 (好差评 closed loop) on a file written by the previous version: alerts keep their ids and
// acknowledgements while their table is rebuilt to take the kind 'case'; old ratings read as the window's.

describe('migration 9', () => {
  it('keeps alerts (ids, acknowledgements) and reads earlier ratings as window ratings', () => {
    const db = new Database(':memory:');
    migrate(db, 8);
    db.prepare(
      `INSERT INTO alerts (hall_id, key, kind, level, subject, message, message_en, since, raised_at, acknowledged_at, acknowledged_by, ack_note)
       VALUES ('h', 'wait:x', 'wait', 'red', 'A001', '等候', 'waited', 1, 2, 3, 'jiandu', '已处理')`,
    ).run();
    db.prepare(
      `INSERT INTO tickets (hall_id, id, service_day, number, seq, category_id, issued_category_id, source, token, state, queue_key, issued_at, call_count,
         window_id, finished_at, transfer_count, rating_level, rating_reasons, rated_at, rated_window_id, rated_staff_id)
       VALUES ('h', '2026-11-23/A001', '2026-11-23', 'A001', 1, 'A', 'A', 'kiosk', 't', 'finished', 1, 1, 1, 3, 5, 0, 'dissatisfied', '[]', 6, 3, 's')`,
    ).run();
    expect(migrate(db)).toEqual([9]);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare(`SELECT id, kind, acknowledged_by, ack_note FROM alerts`).all()).toEqual([{ id: 1, kind: 'wait', acknowledged_by: 'jiandu', ack_note: '已处理' }]);
    db.prepare(`INSERT INTO alerts (hall_id, key, kind, level, subject, message, message_en, since, raised_at) VALUES ('h', 'case:x', 'case', 'yellow', 'A001', 'm', 'm', 1, 2)`).run();
    expect(() => db.prepare(`INSERT INTO alerts (hall_id, key, kind, level, subject, message, message_en, since, raised_at) VALUES ('h', 'k', 'nonsense', 'yellow', 's', 'm', 'm', 1, 2)`).run()).toThrow(/CHECK/);
    const ticket = rowToTicket(db.prepare(`SELECT * FROM tickets`).get() as TicketRow);
    expect(ticket.rating).toEqual({ level: 'dissatisfied', channel: 'window', realName: false, reasons: [], comment: null, at: 6, windowId: 3, staffId: 's' });
    db.close();
  });
});

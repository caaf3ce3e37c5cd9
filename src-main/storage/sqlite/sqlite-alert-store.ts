import type { AlertStore } from '../../app/admin-ports';
import type { AlertView } from '../../contracts';
import type { AlertRow } from '../rows/alert-rows';
import { rowToAlert } from '../rows/alert-rows';
import type { Db } from './open-database';

/** 电子监察 alerts (migration 4): kept after they clear, with who acknowledged them and why. */
export class SqliteAlertStore implements AlertStore {
  private readonly open;
  private readonly insertRow;
  private readonly updateRow;
  private readonly between;
  private readonly one;

  constructor(db: Db) {
    this.open = db.prepare(
      `SELECT * FROM alerts WHERE hall_id = ? AND (cleared_at IS NULL OR (acknowledged_at IS NULL AND raised_at >= ?)) ORDER BY raised_at DESC, id DESC LIMIT 500`,
    );
    this.insertRow = db.prepare(
      `INSERT INTO alerts (hall_id, key, kind, level, subject, message, message_en, since, raised_at, escalated_at, cleared_at, acknowledged_at, acknowledged_by, ack_note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    this.updateRow = db.prepare(
      `UPDATE alerts SET level = ?, message = ?, message_en = ?, escalated_at = ?, cleared_at = ?, acknowledged_at = ?, acknowledged_by = ?, ack_note = ?
       WHERE hall_id = ? AND id = ?`,
    );
    this.between = db.prepare(`SELECT * FROM alerts WHERE hall_id = ? AND raised_at >= ? AND raised_at < ? ORDER BY raised_at DESC, id DESC LIMIT 2000`);
    this.one = db.prepare(`SELECT * FROM alerts WHERE hall_id = ? AND id = ?`);
  }

  openAlerts(hallId: string, sinceAt: number): AlertView[] {
    return (this.open.all(hallId, sinceAt) as AlertRow[]).map(rowToAlert);
  }

  insert(hallId: string, a: Omit<AlertView, 'id'>): number {
    const r = this.insertRow.get(
      hallId, a.key, a.kind, a.level, a.subject, a.message, a.messageEn, a.since, a.raisedAt, a.escalatedAt, a.clearedAt, a.acknowledgedAt, a.acknowledgedBy, a.ackNote,
    ) as { id: number };
    return r.id;
  }

  update(hallId: string, a: AlertView): void {
    this.updateRow.run(a.level, a.message, a.messageEn, a.escalatedAt, a.clearedAt, a.acknowledgedAt, a.acknowledgedBy, a.ackNote, hallId, a.id);
  }

  list(hallId: string, fromAt: number, toAt: number): AlertView[] {
    return (this.between.all(hallId, fromAt, toAt) as AlertRow[]).map(rowToAlert);
  }

  get(hallId: string, id: number): AlertView | undefined {
    const r = this.one.get(hallId, id) as AlertRow | undefined;
    return r ? rowToAlert(r) : undefined;
  }
}

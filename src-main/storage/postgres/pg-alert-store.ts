import type pg from 'pg';
import type { AlertStore } from '../../app/admin-ports';
import type { AlertView } from '../../contracts';
import type { AlertRow } from '../rows/alert-rows';
import { rowToAlert } from '../rows/alert-rows';
import type { PgDb } from './pg-database';

/** 电子监察 alerts, kept after they clear with who acknowledged them and why (as SqliteAlertStore). */
export class PgAlertStore implements AlertStore {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  async openAlerts(hallId: string, sinceAt: number): Promise<AlertView[]> {
    const { rows } = await this.pool.query<AlertRow>({
      name: 'hq_open_alerts',
      text: `SELECT * FROM alerts WHERE hall_id = $1 AND (cleared_at IS NULL OR (acknowledged_at IS NULL AND raised_at >= $2)) ORDER BY raised_at DESC, id DESC LIMIT 500`,
      values: [hallId, sinceAt],
    });
    return rows.map(rowToAlert);
  }

  async insert(hallId: string, a: Omit<AlertView, 'id'>): Promise<number> {
    const { rows } = await this.pool.query<{ id: number }>({
      name: 'hq_insert_alert',
      text: `INSERT INTO alerts (hall_id, key, kind, level, subject, message, message_en, since, raised_at, escalated_at, cleared_at, acknowledged_at, acknowledged_by, ack_note)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      values: [hallId, a.key, a.kind, a.level, a.subject, a.message, a.messageEn, a.since, a.raisedAt, a.escalatedAt, a.clearedAt, a.acknowledgedAt, a.acknowledgedBy, a.ackNote],
    });
    return rows[0]!.id;
  }

  async update(hallId: string, a: AlertView): Promise<void> {
    await this.pool.query({
      name: 'hq_update_alert',
      text: `UPDATE alerts SET level = $1, message = $2, message_en = $3, escalated_at = $4, cleared_at = $5, acknowledged_at = $6, acknowledged_by = $7, ack_note = $8
             WHERE hall_id = $9 AND id = $10`,
      values: [a.level, a.message, a.messageEn, a.escalatedAt, a.clearedAt, a.acknowledgedAt, a.acknowledgedBy, a.ackNote, hallId, a.id],
    });
  }

  async list(hallId: string, fromAt: number, toAt: number): Promise<AlertView[]> {
    const { rows } = await this.pool.query<AlertRow>({
      name: 'hq_list_alerts',
      text: `SELECT * FROM alerts WHERE hall_id = $1 AND raised_at >= $2 AND raised_at < $3 ORDER BY raised_at DESC, id DESC LIMIT 2000`,
      values: [hallId, fromAt, toAt],
    });
    return rows.map(rowToAlert);
  }

  async get(hallId: string, id: number): Promise<AlertView | undefined> {
    const { rows } = await this.pool.query<AlertRow>({ name: 'hq_get_alert', text: `SELECT * FROM alerts WHERE hall_id = $1 AND id = $2`, values: [hallId, id] });
    return rows[0] ? rowToAlert(rows[0]) : undefined;
  }
}

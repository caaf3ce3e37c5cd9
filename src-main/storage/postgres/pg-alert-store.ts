import type pg from 'pg';
import type { AlertStore } from '../../app/admin-ports';
import type { AlertView } from '../../contracts';
import type { PgDb } from './pg-database';

interface Row {
  id: number;
  key: string;
  kind: AlertView['kind'];
  level: AlertView['level'];
  subject: string;
  message: string;
  message_en: string;
  since: number;
  raised_at: number;
  escalated_at: number | null;
  cleared_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ack_note: string | null;
}

const toAlert = (r: Row): AlertView => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  level: r.level,
  subject: r.subject,
  message: r.message,
  messageEn: r.message_en,
  since: r.since,
  raisedAt: r.raised_at,
  escalatedAt: r.escalated_at,
  clearedAt: r.cleared_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  ackNote: r.ack_note,
});

/** 电子监察 alerts, kept after they clear with who acknowledged them and why (as SqliteAlertStore). */
export class PgAlertStore implements AlertStore {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  async openAlerts(hallId: string, sinceAt: number): Promise<AlertView[]> {
    const { rows } = await this.pool.query<Row>({
      name: 'hq_open_alerts',
      text: `SELECT * FROM alerts WHERE hall_id = $1 AND (cleared_at IS NULL OR (acknowledged_at IS NULL AND raised_at >= $2)) ORDER BY raised_at DESC, id DESC LIMIT 500`,
      values: [hallId, sinceAt],
    });
    return rows.map(toAlert);
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
    const { rows } = await this.pool.query<Row>({
      name: 'hq_list_alerts',
      text: `SELECT * FROM alerts WHERE hall_id = $1 AND raised_at >= $2 AND raised_at < $3 ORDER BY raised_at DESC, id DESC LIMIT 2000`,
      values: [hallId, fromAt, toAt],
    });
    return rows.map(toAlert);
  }

  async get(hallId: string, id: number): Promise<AlertView | undefined> {
    const { rows } = await this.pool.query<Row>({ name: 'hq_get_alert', text: `SELECT * FROM alerts WHERE hall_id = $1 AND id = $2`, values: [hallId, id] });
    return rows[0] ? toAlert(rows[0]) : undefined;
  }
}

import type { AlertView } from '../../contracts';

/** A row of `alerts`, as both stores read it (PostgreSQL's bigint columns come back as numbers: pg-database.ts). */
export interface AlertRow {
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

export const rowToAlert = (r: AlertRow): AlertView => ({
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

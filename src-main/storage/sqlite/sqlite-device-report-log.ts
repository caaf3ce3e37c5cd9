import type { Db } from './open-database';

export type DeviceReportKind = 'status' | 'print-failed' | 'offline';

export interface DeviceReport {
  hallId: string;
  at: number;
  deviceId: string;
  kind: DeviceReportKind;
  /** What the device said: states, error codes, ticket numbers. Never card data (kiosks send none). */
  data: Record<string, unknown>;
}

/** Appends kiosks' device reports (migration 3); nothing here is read back by the queue. */
export class SqliteDeviceReportLog {
  private readonly insert;
  private readonly select;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO device_reports (hall_id, at, device_id, kind, data) VALUES (?, ?, ?, ?, ?)');
    this.select = db.prepare('SELECT hall_id, at, device_id, kind, data FROM device_reports WHERE hall_id = ? AND at >= ? ORDER BY at, rowid');
  }

  append(report: DeviceReport): void {
    this.insert.run(report.hallId, report.at, report.deviceId, report.kind, JSON.stringify(report.data));
  }

  since(hallId: string, at: number): DeviceReport[] {
    const rows = this.select.all(hallId, at) as Array<{ hall_id: string; at: number; device_id: string; kind: DeviceReportKind; data: string }>;
    return rows.map((r) => ({ hallId: r.hall_id, at: r.at, deviceId: r.device_id, kind: r.kind, data: JSON.parse(r.data) as Record<string, unknown> }));
  }
}

import type pg from 'pg';
import type { DeviceReport, DeviceReportKind } from '../sqlite/sqlite-device-report-log';
import type { PgDb } from './pg-database';

/**
 * Kiosks' device reports (as SqliteDeviceReportLog). The hall's DeviceBoard appends synchronously and must
 * not wait on the network, so `append` only starts the insert; a failure goes to `onError` (the same shape as
 * DeviceBoard's own sink-error callback) instead of being thrown. `flush` waits for what is under way.
 */
export class PgDeviceReportLog {
  private readonly pool: pg.Pool;
  /** The last append: appends are written one after the other, so they read back in the order made. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    db: PgDb,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.pool = db.pool;
  }

  /** Fire and forget: never throws, never rejects. */
  append(report: DeviceReport): void {
    // On the pool's several connections two appends could commit in either order: chained, they cannot.
    this.tail = this.tail
      .then(() => this.write(report))
      .catch((err: unknown) => {
        try {
          this.onError(err);
        } catch {
          // A failing error callback must not stop later reports from being written.
        }
      });
  }

  /** The insert itself, for callers that want to wait for it. */
  async write(report: DeviceReport): Promise<void> {
    await this.pool.query({
      name: 'hq_insert_device_report',
      text: 'INSERT INTO device_reports (hall_id, at, device_id, kind, data) VALUES ($1, $2, $3, $4, $5)',
      values: [report.hallId, report.at, report.deviceId, report.kind, JSON.stringify(report.data)],
    });
  }

  /** Resolves when every append started so far has been written (or has failed). */
  flush(): Promise<void> {
    return this.tail;
  }

  async since(hallId: string, at: number): Promise<DeviceReport[]> {
    const { rows } = await this.pool.query<{ hall_id: string; at: number; device_id: string; kind: DeviceReportKind; data: string }>({
      name: 'hq_device_reports_since',
      text: 'SELECT hall_id, at, device_id, kind, data FROM device_reports WHERE hall_id = $1 AND at >= $2 ORDER BY at, id',
      values: [hallId, at],
    });
    return rows.map((r) => ({ hallId: r.hall_id, at: r.at, deviceId: r.device_id, kind: r.kind, data: JSON.parse(r.data) as Record<string, unknown> }));
  }
}

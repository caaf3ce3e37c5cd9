import type { ProvinceUploadState, ProvinceUploadStore } from '../../app/province-ports';
import type { RatingCase } from '../../domain';
import type { Db } from './open-database';

// The provincial upload's position and delivery state (migration 9, table province_uploads), and the
// cases it reads back (rating_cases: the JSON body only, whose mobile is masked; never the mobile column).

export interface ProvinceUploadRow {
  hall_id: string;
  acked_seq: number;
  delivered: number;
  last_error: string | null;
  last_attempt_at: number | null;
  last_success_at: number | null;
  updated_at: number;
}

export const rowToProvinceState = (r: ProvinceUploadRow): ProvinceUploadState => ({
  hallId: r.hall_id,
  ackedSeq: Number(r.acked_seq),
  delivered: Number(r.delivered),
  lastError: r.last_error,
  lastAttemptAt: r.last_attempt_at === null ? null : Number(r.last_attempt_at),
  lastSuccessAt: r.last_success_at === null ? null : Number(r.last_success_at),
  updatedAt: Number(r.updated_at),
});

export class SqliteProvinceStore implements ProvinceUploadStore {
  private readonly select;
  private readonly upsert;
  private readonly selectCase;

  constructor(db: Db) {
    this.select = db.prepare(`SELECT * FROM province_uploads WHERE hall_id = ?`);
    this.upsert = db.prepare(
      `INSERT INTO province_uploads (hall_id, acked_seq, delivered, last_error, last_attempt_at, last_success_at, updated_at)
       VALUES (@hall_id, @acked_seq, @delivered, @last_error, @last_attempt_at, @last_success_at, @updated_at)
       ON CONFLICT (hall_id) DO UPDATE SET
         acked_seq = max(acked_seq, excluded.acked_seq),
         delivered = CASE WHEN excluded.acked_seq >= acked_seq THEN excluded.delivered ELSE delivered END,
         last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at,
         last_success_at = excluded.last_success_at, updated_at = excluded.updated_at`,
    );
    this.selectCase = db.prepare(`SELECT body FROM rating_cases WHERE hall_id = ? AND id = ?`);
  }

  load(hallId: string): ProvinceUploadState | undefined {
    const r = this.select.get(hallId) as ProvinceUploadRow | undefined;
    return r ? rowToProvinceState(r) : undefined;
  }

  save(s: ProvinceUploadState): void {
    this.upsert.run({
      hall_id: s.hallId,
      acked_seq: s.ackedSeq,
      delivered: s.delivered,
      last_error: s.lastError,
      last_attempt_at: s.lastAttemptAt,
      last_success_at: s.lastSuccessAt,
      updated_at: s.updatedAt,
    });
  }

  findCase(hallId: string, caseId: string): RatingCase | undefined {
    const r = this.selectCase.get(hallId, caseId) as { body: string } | undefined;
    // The page token stays with the hall: nothing sent out carries it.
    return r ? { ...(JSON.parse(r.body) as RatingCase), token: '' } : undefined;
  }
}

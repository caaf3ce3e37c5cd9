import type pg from 'pg';
import type { ProvinceUploadState, ProvinceUploadStore } from '../../app/province-ports';
import type { RatingCase } from '../../domain';
import type { ProvinceUploadRow } from '../sqlite/sqlite-province-store';
import { rowToProvinceState } from '../sqlite/sqlite-province-store';
import type { PgDb } from './pg-database';

/** The provincial upload's position and delivery state (as SqliteProvinceStore; table province_uploads). */
export class PgProvinceStore implements ProvinceUploadStore {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  async load(hallId: string): Promise<ProvinceUploadState | undefined> {
    const { rows } = await this.pool.query<ProvinceUploadRow>({ name: 'hq_province_load', text: `SELECT * FROM province_uploads WHERE hall_id = $1`, values: [hallId] });
    return rows[0] ? rowToProvinceState(rows[0]) : undefined;
  }

  async save(s: ProvinceUploadState): Promise<void> {
    await this.pool.query({
      name: 'hq_province_save',
      text: `INSERT INTO province_uploads AS p (hall_id, acked_seq, delivered, last_error, last_attempt_at, last_success_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (hall_id) DO UPDATE SET
               acked_seq = GREATEST(p.acked_seq, EXCLUDED.acked_seq),
               delivered = CASE WHEN EXCLUDED.acked_seq >= p.acked_seq THEN EXCLUDED.delivered ELSE p.delivered END,
               last_error = EXCLUDED.last_error, last_attempt_at = EXCLUDED.last_attempt_at,
               last_success_at = EXCLUDED.last_success_at, updated_at = EXCLUDED.updated_at`,
      values: [s.hallId, s.ackedSeq, s.delivered, s.lastError, s.lastAttemptAt, s.lastSuccessAt, s.updatedAt],
    });
  }

  async findCase(hallId: string, caseId: string): Promise<RatingCase | undefined> {
    const { rows } = await this.pool.query<{ body: string }>({ name: 'hq_province_case', text: `SELECT body FROM rating_cases WHERE hall_id = $1 AND id = $2`, values: [hallId, caseId] });
    // The page token stays with the hall: nothing sent out carries it.
    return rows[0] ? { ...(JSON.parse(rows[0].body) as RatingCase), token: '' } : undefined;
  }
}

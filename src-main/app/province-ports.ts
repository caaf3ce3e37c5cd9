import type { RatingCase } from '../domain';

// Storage of the provincial 好差评 upload (migration 9, table province_uploads): how far each hall's log has
// been turned into records and delivered, and what admins are shown. Sync or async (SQLite or PostgreSQL).

type MaybePromise<T> = T | Promise<T>;

export interface ProvinceUploadState {
  hallId: string;
  /** Every event up to here was turned into records and delivered (or had nothing to deliver). */
  ackedSeq: number;
  /** Records the platform acknowledged, all time. */
  delivered: number;
  lastError: string | null;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  updatedAt: number;
}

export interface ProvinceUploadStore {
  load(hallId: string): MaybePromise<ProvinceUploadState | undefined>;
  /**
   * Stores the state. The position never goes back: a server that lost the hall (a PostgreSQL cluster)
   * and finishes its last batch late cannot undo the new owner's progress.
   */
  save(state: ProvinceUploadState): MaybePromise<void>;
  /**
   * A case as it stands now (rating_cases; its mobile masked), for the records of a case whose opening the
   * uploader did not see (it started after it): a closed case stands as it closed.
   */
  findCase(hallId: string, caseId: string): MaybePromise<RatingCase | undefined>;
}

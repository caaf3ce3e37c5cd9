import type { CommitBatch } from '../../app/ports';

// Messages between the hall's thread and the writer thread (structured clones).

export interface WriterData {
  entry: string;
  role: 'writer';
  dbFile: string;
}

export type ToWriter =
  | { id: number; op: 'commit'; batch: CommitBatch }
  | { id: number; op: 'loadHall'; hallId: string; serviceSamples: number; bookingsSince: string | undefined; rateableSince?: string | undefined; closedCasesSince?: number | undefined }
  | { id: number; op: 'loadRecentRequests'; hallId: string; sinceAt: number }
  | { id: number; op: 'readEvents'; hallId: string; afterSeq: number; limit: number }
  | { id: number; op: 'close' };

export type FromWriter = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };

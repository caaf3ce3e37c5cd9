import type { AuditListQuery } from '../../contracts';
import type { AuditLabels } from '../../app/audit/audit-page';
import type { CaseRecordFilter } from '../../app/statistics/case-records';
import type { CityReportRequest } from '../../app/statistics/city-report';
import type { ReportLabels } from '../../app/statistics/report';
import type { LogSource } from './log-source';

// Messages between the hall's main thread and its read-side workers (structured clones: plain data only).

export interface ProjectorData {
  entry: string;
  role: 'projector';
  log: LogSource;
  readFile: string;
  halls: string[];
  /** Events read and applied per transaction. */
  chunk: number;
}

export interface QueryData {
  entry: string;
  role: 'query';
  log: LogSource;
  readFile: string;
}

/** main → projector */
export type ToProjector = { type: 'wake' } | { type: 'stop' } | { type: 'addHall'; hallId: string };

/** projector → main */
export type FromProjector =
  | { type: 'ready'; positions: Record<string, number>; rebuilding: string | null }
  | { type: 'position'; hallId: string; seq: number }
  | { type: 'failed'; message: string }
  /** The first pass that worked after failures (the log is reachable again). */
  | { type: 'recovered' }
  | { type: 'stopped' };

/** `now` in reports: the moment case deadlines are judged at (the hall's clock); the thread's clock if absent. */
export type QueryJob =
  | { kind: 'statistics'; labels: ReportLabels; from: string; to: string; wantSeq: number; now?: number | undefined }
  /** Several halls' statistics merged (a city's): JSON bytes of a CityReport. */
  | { kind: 'cityStatistics'; request: CityReportRequest; from: string; to: string }
  | { kind: 'audit'; labels: AuditLabels; query: AuditListQuery }
  | { kind: 'export'; format: 'csv' | 'xlsx'; labels: ReportLabels; from: string; to: string; wantSeq: number; lang: 'zh' | 'en'; now?: number | undefined }
  /** The lead's board: closed (or any) bad-rating cases from the read model (a CaseRecordPage). */
  | { kind: 'cases'; hallId: string; filter: CaseRecordFilter };


/** main → query worker */
export interface ToQuery {
  id: number;
  job: QueryJob;
}

/** query worker → main */
export type FromQuery =
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'chunk'; data: Uint8Array }
  | { id: number; type: 'failed'; message: string };

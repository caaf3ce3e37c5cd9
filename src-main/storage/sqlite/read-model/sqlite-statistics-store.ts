import type { LowRatingView } from '../../../contracts';
import type { RatingCase } from '../../../domain';
import type { CaseRecordFilter } from '../../../app/statistics/case-records';
import type { FiguresPartial, TicketRecord } from '../../../app/statistics/figures';
import { isEmptyPartial } from '../../../app/statistics/figures';
import type { StatisticsReader } from '../../../app/statistics/report';
import type { CellKey, RangeCells, StatCell } from '../../../app/statistics/statistics';
import type { StatisticsReadStore } from '../../../app/statistics/statistics-projector';
import type { Db } from '../open-database';

interface HistoryRow {
  hall: string;
  id: string;
  category_id: string;
  source: string;
  issued_at: number;
  first_called_at: number | null;
  called_window_id: number | null;
  called_staff_id: string | null;
  finished_at: number | null;
  service_ms: number | null;
  finished_window_id: number | null;
  finished_staff_id: string | null;
  outcome: string;
  rating_level: string | null;
  rating_reasons: string | null;
  rating_comment: string | null;
  rated_at: number | null;
  rating_channel: string | null;
  rating_real_name: number | null;
}

const COLUMNS = [
  'hall', 'id', 'category_id', 'source', 'issued_at', 'first_called_at', 'called_window_id', 'called_staff_id', 'finished_at', 'service_ms',
  'finished_window_id', 'finished_staff_id', 'outcome', 'rating_level', 'rating_reasons', 'rating_comment', 'rated_at', 'rating_channel',
  'rating_real_name',
] as const;

function toRow(hall: string, r: TicketRecord): unknown[] {
  return [
    hall, r.id, r.categoryId, r.source, r.issuedAt, r.firstCalledAt, r.calledWindowId, r.calledStaffId, r.finishedAt, r.serviceMs,
    r.finishedWindowId, r.finishedStaffId, r.outcome, r.rating?.level ?? null, r.rating ? JSON.stringify(r.rating.reasons) : null,
    r.rating?.comment ?? null, r.rating?.at ?? null, r.rating?.channel ?? null, r.rating ? Number(r.rating.realName) : null,
  ];
}

function toRecord(row: HistoryRow): TicketRecord {
  const slash = row.id.indexOf('/');
  return {
    id: row.id,
    day: row.id.slice(0, slash),
    number: row.id.slice(slash + 1),
    categoryId: row.category_id,
    source: row.source as TicketRecord['source'],
    issuedAt: row.issued_at,
    firstCalledAt: row.first_called_at,
    calledWindowId: row.called_window_id,
    calledStaffId: row.called_staff_id,
    finishedAt: row.finished_at,
    serviceMs: row.service_ms,
    finishedWindowId: row.finished_window_id,
    finishedStaffId: row.finished_staff_id,
    outcome: row.outcome as TicketRecord['outcome'],
    rating:
      row.rating_level === null
        ? null
        : {
            level: row.rating_level as Rating['level'],
            reasons: JSON.parse(row.rating_reasons ?? '[]') as string[],
            comment: row.rating_comment,
            at: row.rated_at ?? 0,
            channel: (row.rating_channel ?? 'window') as Rating['channel'],
            realName: row.rating_real_name === 1,
          },
  };
}

type Rating = NonNullable<TicketRecord['rating']>;

const CASE_COLUMNS = [
  'hall', 'id', 'service_day', 'month', 'category_id', 'window_id', 'staff_id', 'level', 'real_name', 'opened_at', 'warn_at', 'due_at',
  'answered_at', 'callback_answer', 'appealed', 'outcome', 'state', 'closed_at', 'body',
] as const;

function caseRow(hall: string, c: RatingCase): unknown[] {
  return [
    hall, c.id, c.serviceDay, c.serviceDay.slice(0, 7), c.categoryId, c.windowId, c.staffId, c.level, Number(c.mobile !== null), c.openedAt, c.warnAt,
    c.dueAt, c.answeredAt, c.callback?.answer ?? null, Number(c.appeal !== null), c.outcome, c.state, c.closedAt, JSON.stringify(c),
  ];
}

/** Ids of service days from..to lie between these (a ticket id is `<day>/<number>`). */
const dayIds = (from: string, to: string): [string, string] => [`${from}/`, `${to}0`];

const LOW = `rating_level IN ('dissatisfied', 'very-dissatisfied')`;

/** The statistics read model in its SQLite file: written by the projector, read by report workers. */
export class SqliteStatisticsStore implements StatisticsReadStore, StatisticsReader {
  private readonly tx;
  private readonly upsertRecord;
  private readonly upsertCell;
  private readonly deleteCell;
  private readonly setPosition;
  private readonly upsertCase;

  constructor(private readonly db: Db) {
    this.upsertRecord = db.prepare(`INSERT OR REPLACE INTO ticket_history (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    this.upsertCell = db.prepare(`INSERT OR REPLACE INTO stat_cells (hall, period, category_id, window_id, staff_id, data) VALUES (?, ?, ?, ?, ?, ?)`);
    this.deleteCell = db.prepare(`DELETE FROM stat_cells WHERE hall = ? AND period = ? AND category_id = ? AND window_id = ? AND staff_id = ?`);
    this.setPosition = db.prepare(`INSERT INTO positions (hall, seq) VALUES (?, ?) ON CONFLICT (hall) DO UPDATE SET seq = excluded.seq`);
    this.upsertCase = db.prepare(`INSERT OR REPLACE INTO case_records (${CASE_COLUMNS.join(', ')}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')})`);
    this.tx = db.transaction((hallId: string, records: readonly TicketRecord[], cells: readonly StatCell[], position: number, cases: readonly RatingCase[]) => {
      for (const r of records) this.upsertRecord.run(toRow(hallId, r));
      for (const c of cases) this.upsertCase.run(caseRow(hallId, c));
      for (const c of cells) {
        if (isEmptyPartial(c.partial)) this.deleteCell.run(hallId, c.period, c.categoryId, c.windowId, c.staffId);
        else this.upsertCell.run(hallId, c.period, c.categoryId, c.windowId, c.staffId, JSON.stringify(c.partial));
      }
      this.setPosition.run(hallId, position);
    });
  }

  position(hallId: string): number {
    return (this.db.prepare(`SELECT seq FROM positions WHERE hall = ?`).pluck().get(hallId) as number | undefined) ?? 0;
  }

  loadRecord(hallId: string, id: string): TicketRecord | undefined {
    const row = this.db.prepare(`SELECT * FROM ticket_history WHERE hall = ? AND id = ?`).get(hallId, id) as HistoryRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  loadCell(hallId: string, k: CellKey): FiguresPartial | undefined {
    const data = this.db
      .prepare(`SELECT data FROM stat_cells WHERE hall = ? AND period = ? AND category_id = ? AND window_id = ? AND staff_id = ?`)
      .pluck()
      .get(hallId, k.period, k.categoryId, k.windowId, k.staffId) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as FiguresPartial);
  }

  loadCase(hallId: string, id: string): RatingCase | undefined {
    const body = this.db.prepare(`SELECT body FROM case_records WHERE hall = ? AND id = ?`).pluck().get(hallId, id) as string | undefined;
    return body === undefined ? undefined : (JSON.parse(body) as RatingCase);
  }

  write(hallId: string, records: readonly TicketRecord[], cells: readonly StatCell[], position: number, cases: readonly RatingCase[] = []): void {
    this.tx(hallId, records, cells, position, cases);
  }

  /** Deletes everything of one hall, position included: its projection then starts again from the log. */
  forgetHall(hallId: string): void {
    this.db.transaction(() => {
      for (const table of ['ticket_history', 'stat_cells', 'case_records', 'positions']) this.db.prepare(`DELETE FROM ${table} WHERE hall = ?`).run(hallId);
    })();
  }

  *dayTotals(hallId: string, from: string, to: string): Generator<StatCell> {
    yield* this.select(`period BETWEEN ? AND ? AND length(period) = 10 AND category_id = '*'`, hallId, from, to);
  }

  *cells(hallId: string, plan: RangeCells): Generator<StatCell> {
    for (const month of plan.months) yield* this.select(`period = ? AND category_id != '*'`, hallId, month);
    for (const [from, to] of plan.dayRuns) yield* this.select(`period BETWEEN ? AND ? AND length(period) = 10 AND category_id != '*'`, hallId, from, to);
  }

  /** Every cell of every grain (tests compare them with a replay). */
  *allCells(hallId: string): Generator<StatCell> {
    yield* this.select('1 = 1', hallId);
  }

  private *select(where: string, hallId: string, ...params: unknown[]): Generator<StatCell> {
    const rows = this.db
      .prepare(`SELECT period, category_id, window_id, staff_id, data FROM stat_cells WHERE hall = ? AND ${where}`)
      .raw()
      .iterate(hallId, ...params) as Iterable<[string, string, number, string, string]>;
    for (const [period, categoryId, windowId, staffId, data] of rows) yield { period, categoryId, windowId, staffId, partial: JSON.parse(data) as FiguresPartial };
  }

  lowRatings(hallId: string, from: string, to: string, limit: number): LowRatingView[] {
    const rows = this.db
      .prepare(`SELECT * FROM ticket_history INDEXED BY ticket_history_low_ratings WHERE hall = ? AND id > ? AND id < ? AND ${LOW} ORDER BY rated_at DESC, id DESC LIMIT ?`)
      .all(hallId, `${from}/`, `${to}0`, limit) as HistoryRow[];
    return rows.map((row) => lowView(toRecord(row)));
  }

  /** Every low rating of the range, oldest first, read as it is consumed (exports). */
  *allLowRatings(hallId: string, from: string, to: string): Generator<LowRatingView> {
    const rows = this.db
      .prepare(`SELECT * FROM ticket_history INDEXED BY ticket_history_low_ratings WHERE hall = ? AND id > ? AND id < ? AND ${LOW} ORDER BY id`)
      .iterate(hallId, `${from}/`, `${to}0`) as Iterable<HistoryRow>;
    for (const row of rows) yield lowView(toRecord(row));
  }

  lowRatingsCount(hallId: string, from: string, to: string): number {
    return this.db.prepare(`SELECT COUNT(*) FROM ticket_history INDEXED BY ticket_history_low_ratings WHERE hall = ? AND id > ? AND id < ? AND ${LOW}`).pluck().get(hallId, `${from}/`, `${to}0`) as number;
  }

  /** Every ticket of the range, in id order (day, then number). */
  *records(hallId: string, from: string, to: string): Generator<TicketRecord> {
    const rows = this.db.prepare(`SELECT * FROM ticket_history WHERE hall = ? AND id > ? AND id < ? ORDER BY id`).iterate(hallId, `${from}/`, `${to}0`) as Iterable<HistoryRow>;
    for (const row of rows) yield toRecord(row);
  }

  /** The cases of service days from..to, in id order (reports: the case figures, the ranking, the XLSX sheet of cases). */
  *cases(hallId: string, from: string, to: string): Generator<RatingCase> {
    const rows = this.db.prepare(`SELECT body FROM case_records WHERE hall = ? AND id > ? AND id < ? ORDER BY id`).pluck().iterate(hallId, ...dayIds(from, to)) as Iterable<string>;
    for (const body of rows) yield JSON.parse(body) as RatingCase;
  }

  /**
   * The lead's board: cases by service days, state, window, category and staff member, newest opened first,
   * at most `limit` (and whether there were more).
   */
  listCases(hallId: string, f: CaseRecordFilter): { cases: RatingCase[]; more: boolean } {
    const where = ['hall = ?'];
    const params: unknown[] = [hallId];
    const [lo, hi] = dayIds(f.from ?? '0000-00-00', f.to ?? '9999-99-99');
    where.push('id > ?', 'id < ?');
    params.push(lo, hi);
    if (f.state !== undefined && f.state !== 'all') {
      where.push('state = ?');
      params.push(f.state);
    }
    if (f.windowId !== undefined) {
      where.push('window_id = ?');
      params.push(f.windowId);
    }
    if (f.categoryId !== undefined) {
      where.push('category_id = ?');
      params.push(f.categoryId);
    }
    if (f.staffId !== undefined) {
      where.push('staff_id = ?');
      params.push(f.staffId);
    }
    const bodies = this.db
      .prepare(`SELECT body FROM case_records WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, id DESC LIMIT ?`)
      .pluck()
      .all(...params, f.limit + 1) as string[];
    return { cases: bodies.slice(0, f.limit).map((b) => JSON.parse(b) as RatingCase), more: bodies.length > f.limit };
  }
}

function lowView(r: TicketRecord): LowRatingView {
  const rating = r.rating!;
  return { number: r.number, day: r.day, level: rating.level, reasons: rating.reasons, comment: rating.comment, windowId: r.finishedWindowId, staffId: r.finishedStaffId, at: rating.at };
}

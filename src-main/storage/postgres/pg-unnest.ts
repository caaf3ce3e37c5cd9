/**
 * Many rows in one statement and one round trip: each column is sent as one array parameter and the rows are
 * `unnest(...)`ed back. The statement text depends only on the table and its columns, so it is prepared once
 * per connection (a batch of 500 events and one of 2 use the same plan), unlike a VALUES list per row count.
 */
export type PgColumnType = 'text' | 'bigint' | 'integer' | 'double precision';

export interface UnnestTable<Row> {
  columns: ReadonlyArray<keyof Row & string>;
  types: Readonly<Record<keyof Row & string, PgColumnType>>;
}

/** `INSERT INTO table (c1, …) SELECT * FROM unnest($1::t1[], …)` followed by `tail`. */
export function unnestInsert<Row>(table: string, t: UnnestTable<Row>, tail = ''): string {
  const arrays = t.columns.map((c, i) => `$${i + 1}::${t.types[c]}[]`).join(', ');
  return `INSERT INTO ${table} (${t.columns.join(', ')}) SELECT * FROM unnest(${arrays}) ${tail}`.trim();
}

/** The array parameters of `unnestInsert`, column by column. */
export function unnestValues<Row>(t: UnnestTable<Row>, rows: readonly Row[]): unknown[][] {
  return t.columns.map((c) => rows.map((r) => r[c] ?? null));
}

/** `SET c = EXCLUDED.c, …` for an upsert's update. */
export function setExcluded(columns: readonly string[]): string {
  return columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
}

/** Rows keyed by `key`, the last of each kept: one statement may not change the same row twice. */
export function lastOfEach<Row>(rows: readonly Row[], key: (r: Row) => string): Row[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()];
}
